// The SDK under a faulty service: 32 players (threads, each with its own service and so its own
// Retry-After gate, as 32 consoles would have) each run 50 read-modify-write increments spread over
// 4 sessions while the emulator answers part of the requests with 503 + Retry-After (0 or 1 s),
// drops connections, or answers 500. Every increment that reports success is in the final
// count and no other is; every call stays within its attempt bound; no descriptor is left open.
#include "emulator_e2e_fixture.h"
#include "support/process_usage.h"
#include "support/wait_for.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace xbl::multiplayer {
namespace {

using xbl::testing_support::OpenFileDescriptors;

constexpr int kThreads = 32;
constexpr int kCallsPerThread = 50;
constexpr int kSessions = 4;
constexpr int kMaxWrites = 40;   // 8 writers per session: a call may lose several races in a row
constexpr int kMaxAttempts = 6;  // per HTTP exchange (read or write)
// A call reads at most max_writes + 2 times and writes at most max_writes times.
constexpr int kAttemptBound = (2 * kMaxWrites + 2) * kMaxAttempts;

class FaultSoakTest : public EmulatorEndToEndTest {
 protected:
  std::shared_ptr<MultiplayerService> Writer() {
    ClientOptions options;
    options.endpoint = emulator_->base_url();
    options.honor_environment = false;
    options.user_xuid = "1001";
    options.attempt_timeout = std::chrono::seconds(5);
    options.retry.initial_delay = std::chrono::milliseconds(10);
    options.retry.max_delay = std::chrono::milliseconds(100);
    options.retry.window = std::chrono::seconds(30);
    options.retry.max_attempts = kMaxAttempts;
    options.auth_token_provider = StaticAuthToken("XBL3.0 x=1001;device=d1001&title=8397267");
    return std::make_shared<MultiplayerService>(transport_, options);
  }
  SessionReference Session(int i) const { return SessionReference{scid_, "keep", "soak" + std::to_string(i)}; }
};

TEST_F(FaultSoakTest, ThirtyTwoThreadsOfFiftyUpdatesUnderFaultsEndAtExactCounts) {
  for (int s = 0; s < kSessions; ++s) ASSERT_NE(Join("1001", Session(s)), nullptr);
  std::vector<std::shared_ptr<MultiplayerService>> players;
  for (int t = 0; t < kThreads; ++t) players.push_back(Writer());
  // Warm the connection pool to the concurrency of the soak, then count descriptors.
  {
    std::vector<std::thread> warm;
    for (int t = 0; t < kThreads; ++t)
      warm.emplace_back([&, t] { EXPECT_TRUE(players[t]->GetCurrentSessionAsync(Session(t % kSessions)).get().ok()); });
    for (auto& t : warm) t.join();
  }
  std::size_t const fds_before = OpenFileDescriptors();
  auto const last_seq = [&] {
    auto const log = emulator_->Requests()["requests"];
    return log.empty() ? std::int64_t{0} : log.back()["seq"].get<std::int64_t>();
  };
  std::int64_t const soak_starts_after = last_seq();

  // Rules fire in order, each with its own probability of the requests that reach it:
  // 5% 503 (Retry-After 1), 5% 503 (Retry-After 0), 5% dropped, 2% 500, of all session requests.
  nlohmann::json const session_path = "/sessiontemplates/keep/sessions/soak";
  ASSERT_EQ(Admin("PUT", "/_emulator/faults",
                  {{"rules",
                    {{{"path", session_path}, {"status", 503}, {"retry_after", "1"}, {"probability", 0.05}},
                     {{"path", session_path}, {"status", 503}, {"retry_after", "0"}, {"probability", 0.05 / 0.95}},
                     {{"path", session_path}, {"drop_connection", true}, {"probability", 0.05 / 0.90}},
                     {{"path", session_path}, {"status", 500}, {"probability", 0.02 / 0.85}}}}}),
            200);

  std::atomic<int> succeeded[kSessions] = {};
  std::atomic<int> failed{0};
  std::atomic<int> max_attempts_seen{0};
  std::mutex failures_mutex;
  std::vector<std::string> failures;
  auto const started = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      UpdateSessionOptions update;
      update.max_writes = kMaxWrites;
      for (int i = 0; i < kCallsPerThread; ++i) {
        int const s = (t + i) % kSessions;
        auto result = players[t]
                          ->UpdateSessionAsync(Session(s),
                                               [](MultiplayerSession& session) {
                                                 int const n = session.properties().custom.value("count", 0);
                                                 return session.SetCustomProperty("count", n + 1);
                                               },
                                               update)
                          .get();
        int const attempts = result.ok() ? result->attempts : result.error().attempts;
        for (int seen = max_attempts_seen.load(); attempts > seen && !max_attempts_seen.compare_exchange_weak(seen, attempts);) {
        }
        if (result.ok()) {
          ++succeeded[s];
        } else {
          ++failed;
          std::lock_guard<std::mutex> lock(failures_mutex);
          failures.push_back(result.error().ToString());
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  auto const elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(Admin("DELETE", "/_emulator/faults"), 204);
  // The faults did fire, at about their rates (the dropped ones log the rule's 503).
  int requests = 0, status_503 = 0, status_500 = 0;
  nlohmann::json const soak_log = emulator_->Requests(soak_starts_after + 1);
  for (auto const& entry : soak_log["requests"]) {
    if (entry["path"].get<std::string>().find("/sessions/soak") == std::string::npos) continue;
    ++requests;
    status_503 += entry["status"] == 503;
    status_500 += entry["status"] == 500;
  }
  EXPECT_GE(requests, 2 * kThreads * kCallsPerThread) << "each update reads and writes";
  EXPECT_GE(status_503, requests / 10) << "10% 503 and 5% drops were injected";
  EXPECT_GE(status_500, requests / 100) << "2% 500 were injected";

  // Exact counts: the stored counter of each session is the number of increments reported done.
  int total = 0;
  for (int s = 0; s < kSessions; ++s) {
    auto read = players[0]->GetCurrentSessionAsync(Session(s)).get();
    ASSERT_TRUE(read.ok()) << read.error().ToString();
    EXPECT_EQ(read->session->properties().custom.value("count", -1), succeeded[s].load()) << "session " << s;
    total += succeeded[s].load();
  }
  EXPECT_EQ(total + failed.load(), kThreads * kCallsPerThread);
  // Failures are allowed only as typed, bounded give-ups (a run of faults outlasting the attempts);
  // they must stay rare, or the retries are not doing their job.
  EXPECT_LE(failed.load(), kThreads * kCallsPerThread / 100) << (failures.empty() ? "" : failures.front());
  EXPECT_LE(max_attempts_seen.load(), kAttemptBound);
  EXPECT_LT(elapsed, std::chrono::minutes(2));
  // Dropped connections are closed on both sides, and the pool does not grow past its warm size.
  EXPECT_TRUE(xbl::testing_support::WaitUntil([&] { return OpenFileDescriptors() <= fds_before; },
                                              std::chrono::seconds(15)))
      << OpenFileDescriptors() << " descriptors open, " << fds_before << " before the soak";
  RecordProperty("succeeded", total);
  RecordProperty("failed", failed.load());
  RecordProperty("requests", requests);
  RecordProperty("injected_503_or_dropped", status_503);
  RecordProperty("injected_500", status_500);
  RecordProperty("max_attempts", max_attempts_seen.load());
  RecordProperty("elapsed_ms", static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()));
}

}  // namespace
}  // namespace xbl::multiplayer
