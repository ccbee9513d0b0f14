#pragma once
#include "clock.h"
#include "json.h"

#include <thread>
#include <condition_variable>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace xbl::emulator {

/// What made a commit: a REST request (method, path, caller identity), or a server-side action
/// (`kind` "timer", "admin", "rta-decay") with a short description.
struct CommitCause {
  std::string kind = "request";
  std::string method;
  std::string path;
  std::string identity;  // the caller's xuid, or "server"
  std::string action;    // for server-side commits: e.g. "presence", "rta", "grace expired"
};

/// One committed change of a session.
struct ChangeEntry {
  std::int64_t seq = 0;  // counts from 1 across the feed
  std::string session_key;
  std::string scid, template_name, name;  // as stored
  std::string branch;
  std::int64_t change_number = 0;
  std::vector<std::string> change_types;
  TimeMs time = 0;  // emulator time (manual or real)
  // The machine's steady clock at the commit point, for in-process latency measurements from
  // the commit (it is not emulator time and is never shown to clients).
  std::chrono::steady_clock::time_point committed_at{};
  CommitCause cause;
  // The session after the commit; for a deletion, the last committed document (the session is gone).
  std::shared_ptr<Json const> document;
  bool deleted = false;  // the session was deleted (change_number is the last committed one)
};

/// The in-memory change feed: the last `kCapacity` commits in commit order (each entry holds a
/// copy of the document, so the bound keeps memory at about kCapacity documents). Entries are
/// appended under the session store lock; subscribers (the RTA tap publisher, the session history,
/// the admin event stream) are called by `Flush` after that lock is released, in append order, by one thread at
/// a time. A Flush that finds another thread publishing leaves its entries to that thread and
/// returns once they are published, so a request's taps are queued before its response is sent
/// (the ordering rule of rta-protocol) while only one thread walks the subscribers.
class ChangeFeed {
 public:
  static constexpr std::size_t kCapacity = 1000;
  using Subscriber = std::function<void(ChangeEntry const&)>;

  /// Adds a subscriber, called after those added before it; call before serving.
  void Subscribe(Subscriber subscriber) { subscribers_.push_back(std::move(subscriber)); }
  /// Called by the commit point, under the store lock: stores the entry and queues it for Flush.
  void Append(ChangeEntry entry);
  /// Hands every queued entry to the subscribers, in order; when another thread is doing so, waits
  /// until that thread has published every entry appended before this call. On the publishing
  /// thread itself (a subscriber that commits) it returns at once: the running loop publishes the
  /// new entries. Called without the store lock.
  void Flush();
  /// Entries with seq >= since (oldest first).
  std::vector<ChangeEntry> Since(std::int64_t since) const;
  void Clear();

 private:
  mutable std::mutex mutex_;
  std::deque<ChangeEntry> entries_;
  std::deque<ChangeEntry> unpublished_;
  std::int64_t next_seq_ = 1;
  bool flushing_ = false;  // a thread is publishing; guarded by mutex_
  std::thread::id flusher_;  // that thread
  std::int64_t published_through_ = 0;  // seq of the last entry handed to the subscriber
  std::condition_variable published_;
  std::vector<std::shared_ptr<Json const>> evicted_;  // documents of dropped entries, freed by Flush
  std::vector<Subscriber> subscribers_;
};

}  // namespace xbl::emulator
