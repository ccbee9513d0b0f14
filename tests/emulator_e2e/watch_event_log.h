#pragma once
// Every event a SessionWatcher delivered, and the check that each change of a session arrived
// once, in change-number order, chained from the one before (session_watcher.h).
#include "wait_for.h"
#include "xbl/multiplayer/session_watcher.h"
#include <gtest/gtest.h>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace xbl::testing_support {

class WatchEventLog {
 public:
  /// Records into this log; the log must outlive the watcher (or the watcher be stopped first).
  multiplayer::SessionWatchHandler Handler() {
    return [this](multiplayer::SessionWatchEvent const& event) {
      std::lock_guard<std::mutex> lock(mutex_);
      events_.push_back(event);
    };
  }

  /// The events of `reference`, in delivery order.
  std::vector<multiplayer::SessionWatchEvent> Events(multiplayer::SessionReference const& reference) const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<multiplayer::SessionWatchEvent> of_session;
    for (auto const& event : events_) {
      if (event.reference == reference) of_session.push_back(event);
    }
    return of_session;
  }

  /// The change number of the last delivered `current` of `reference`; 0 when there is none.
  std::uint64_t LatestChangeNumber(multiplayer::SessionReference const& reference) const {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = events_.rbegin(); it != events_.rend(); ++it) {
      if (it->reference == reference) return it->current ? it->current->change_number() : 0;
    }
    return 0;
  }

  /// Waits (bounded) until an event of `reference` delivered `change_number` or a later one.
  bool WaitForChangeNumber(multiplayer::SessionReference const& reference, std::uint64_t change_number,
                           std::chrono::milliseconds timeout = std::chrono::seconds(20)) const {
    return WaitUntil([&] { return LatestChangeNumber(reference) >= change_number; }, timeout);
  }

  /// Every change delivered exactly once: the first event is the first snapshot; each later event's
  /// `previous` is the `current` before it (same branch and change number); change numbers grow;
  /// none is delivered twice as `current`; and the last `current` is `final_change_number`.
  ::testing::AssertionResult DeliveredEachChangeOnce(multiplayer::SessionReference const& reference,
                                                     std::uint64_t final_change_number) const {
    using Kind = multiplayer::SessionWatchEventKind;
    auto const events = Events(reference);
    if (events.empty()) return ::testing::AssertionFailure() << "no event for " << reference.ToUriPath();
    std::set<std::uint64_t> delivered;
    std::shared_ptr<multiplayer::MultiplayerSession const> last;
    for (std::size_t i = 0; i < events.size(); ++i) {
      auto const& event = events[i];
      auto failure = [&] {
        return ::testing::AssertionFailure() << "event " << i << " of " << events.size() << " ("
                                             << multiplayer::ToString(event.kind) << "): ";
      };
      if (event.kind == Kind::kEnded) return failure() << "the session never ends in these tests";
      if (!event.current) return failure() << "no current snapshot";
      if (i == 0) {
        if (event.kind != Kind::kFirstSnapshot || event.previous) return failure() << "not a first snapshot";
      } else {
        if (event.kind != Kind::kChanged) return failure() << "a second first snapshot";
        if (!event.previous) return failure() << "no previous snapshot";
        if (event.previous->change_number() != last->change_number() || event.previous->branch() != last->branch())
          return failure() << "previous is change " << event.previous->change_number()
                           << ", the event before delivered " << last->change_number();
        if (event.current->branch() != last->branch()) return failure() << "the branch changed";
        if (event.current->change_number() <= last->change_number())
          return failure() << "change " << event.current->change_number() << " after " << last->change_number();
      }
      if (!delivered.insert(event.current->change_number()).second)
        return failure() << "change " << event.current->change_number() << " delivered twice";
      last = event.current;
    }
    if (last->change_number() != final_change_number)
      return ::testing::AssertionFailure() << "the last event delivered change " << last->change_number()
                                           << ", the session is at " << final_change_number;
    return ::testing::AssertionSuccess() << events.size() << " events";
  }

 private:
  mutable std::mutex mutex_;
  std::vector<multiplayer::SessionWatchEvent> events_;
};

}  // namespace xbl::testing_support
