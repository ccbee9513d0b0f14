// SessionWatcher under load: twenty members, each with its own service, socket and watcher, watch
// one session while four of them write 500 custom properties between them (the watchers see their
// own service's writes through taps too). Every watcher must reach the last change with each
// change delivered once, in order.
#include "session_watcher_e2e_fixture.h"
#include "watch_event_log.h"
#include "xbl/multiplayer/session_watcher.h"
#include <chrono>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace xbl::multiplayer {
namespace {

using SessionWatcherLoadTest = SessionWatcherEndToEndFixture;

TEST_F(SessionWatcherLoadTest, TwentyWatchersReachTheLastOfFiveHundredWritesWithEachChangeOnce) {
  constexpr int kMembers = 20;
  constexpr int kWriters = 4;
  constexpr int kWritesPerWriter = 125;
  SessionReference const reference{scid_, "dyn", "watch-load"};

  std::vector<std::unique_ptr<MultiplayerService>> services;
  for (int i = 0; i < kMembers; ++i) {
    auto const xuid = std::to_string(3000 + i);
    auto options = OptionsFor(xuid);
    // A pooled keep-alive connection the emulator closed after 10 s idle (slow under
    // ThreadSanitizer) fails a write unsent; retrying it may count one write twice, which only
    // moves the final change number, and the watchers are checked against whatever it is.
    options.retry_unconditional_writes = true;
    services.push_back(Subscribed(options));
    ASSERT_NO_FATAL_FAILURE(JoinSubscribed(*services.back(), xuid, reference, kMembers));
  }
  auto const joined = Read(*services[0], reference);
  ASSERT_TRUE(joined);

  std::vector<std::unique_ptr<testing_support::WatchEventLog>> logs;
  std::vector<std::unique_ptr<SessionWatcher>> watchers;  // after the logs: they go first
  for (auto const& service : services) {
    logs.push_back(std::make_unique<testing_support::WatchEventLog>());
    watchers.push_back(std::make_unique<SessionWatcher>(*service, logs.back()->Handler()));
    watchers.back()->Watch(reference);
  }
  for (auto const& log : logs) ASSERT_TRUE(log->WaitForChangeNumber(reference, joined->change_number()));

  // Each writer its own key, written in order, so that the final value of each key is known.
  auto const started = std::chrono::steady_clock::now();
  std::mutex failures_mutex;
  std::vector<std::string> failures;
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int k = 1; k <= kWritesPerWriter; ++k) {
        auto const written =
            services[w]->UpdateSessionPropertiesAsync(reference, {{"custom", {{"writer_" + std::to_string(w), k}}}}).get();
        if (written.ok()) continue;
        std::lock_guard<std::mutex> lock(failures_mutex);
        failures.push_back("writer " + std::to_string(w) + ", write " + std::to_string(k) + ": " + written.error().ToString());
      }
    });
  }
  for (auto& writer : writers) writer.join();
  ASSERT_TRUE(failures.empty()) << failures.size() << " writes failed, the first: " << failures.front();
  auto const final_state = Read(*services[0], reference);
  ASSERT_TRUE(final_state);
  ASSERT_GE(final_state->change_number(), joined->change_number() + kWriters * kWritesPerWriter);

  // One deadline for all of them: the bound of a broken build, not of a slow machine.
  auto const deadline = started + std::chrono::seconds(60);
  for (int i = 0; i < kMembers; ++i) {
    auto const left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    ASSERT_TRUE(logs[i]->WaitForChangeNumber(reference, final_state->change_number(), std::max(left, std::chrono::milliseconds(0))))
        << "watcher " << i << " stopped at change " << logs[i]->LatestChangeNumber(reference) << " of "
        << final_state->change_number();
  }
  auto const caught_up = std::chrono::steady_clock::now() - started;
  for (int i = 0; i < kMembers; ++i) {
    auto const snapshot = watchers[i]->Snapshot(reference);
    ASSERT_TRUE(snapshot) << "watcher " << i;
    EXPECT_EQ(snapshot->change_number(), final_state->change_number()) << "watcher " << i;
    EXPECT_EQ(snapshot->properties().custom, final_state->properties().custom) << "watcher " << i;
  }
  for (auto& watcher : watchers) watcher->Stop();  // nothing more is logged

  std::size_t events = 0;
  for (int i = 0; i < kMembers; ++i) {
    EXPECT_TRUE(logs[i]->DeliveredEachChangeOnce(reference, final_state->change_number())) << "watcher " << i;
    events += logs[i]->Events(reference).size();
  }
  for (int w = 0; w < kWriters; ++w) {
    EXPECT_EQ(final_state->properties().custom.value("writer_" + std::to_string(w), 0), kWritesPerWriter);
  }
  std::cout << kWriters * kWritesPerWriter << " writes, " << kMembers << " watchers: all caught up in "
            << std::chrono::duration_cast<std::chrono::milliseconds>(caught_up).count() << " ms, " << events
            << " events in all\n";
  for (auto const& service : services) service->Shutdown();
}

}  // namespace
}  // namespace xbl::multiplayer
