// How late, on the real clock, the SDK's retry after a `Retry-After: 1` reaches the server,
// compared with the wait the policy chose (Retry-After plus jitter) and with a bare
// std::this_thread::sleep_for of the same length measured in the same run, interleaved.
// The time is taken at the loopback server: from writing the 503 to receiving the retry, so it
// includes the client reading the 503, the timer, and sending the retry.
//
//   xbl_retry_after_lateness [samples per run, default 5] [runs, default 3]
#include "loopback_server.h"
#include "xbl/http/cpprest_http_transport.h"
#include "xbl/multiplayer/multiplayer_service.h"
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;
using xbl::testing::LoopbackServer;
namespace mp = xbl::multiplayer;

constexpr milliseconds kRetryAfter{1000};

/// Answers every other request with 503 Retry-After: 1 and records when the retry arrives.
class PushbackServer {
 public:
  PushbackServer()
      : server_([this](LoopbackServer::Request const&) {
          std::lock_guard<std::mutex> lock(mutex_);
          LoopbackServer::Reply reply;
          if (!pushed_) {
            pushed_ = true;
            reply.status = 503;
            reply.headers["Retry-After"] = "1";
            pushed_at_ = steady_clock::now();
          } else {
            pushed_ = false;
            reply.status = 204;
            gap_ = steady_clock::now() - pushed_at_;
          }
          return reply;
        }) {}
  std::string base_url() const { return server_.base_url(); }
  /// The time from the last 503 to the request that followed it.
  milliseconds LastGap() {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::chrono::duration_cast<milliseconds>(gap_);
  }

 private:
  std::mutex mutex_;
  bool pushed_ = false;
  steady_clock::time_point pushed_at_;
  steady_clock::duration gap_{};
  LoopbackServer server_;  // last: its thread stops before the members it uses go
};

mp::MultiplayerService MakeService(PushbackServer const& server, double jitter) {
  xbl::ClientOptions options;
  options.endpoint = server.base_url();
  options.honor_environment = false;
  options.auth_token_provider = xbl::StaticAuthToken("XBL3.0 x=1;benchmark-token");
  options.diagnostics.trace_level = xbl::TraceLevel::kOff;
  options.jitter = [jitter] { return jitter; };
  return mp::MultiplayerService(xbl::MakeCpprestHttpTransport(), options);
}

/// Lateness of one SDK retry beyond the wait the policy chose.
milliseconds SdkLateness(PushbackServer& server, mp::MultiplayerService& service, double jitter) {
  mp::SessionReference ref{"00000000-0000-0000-0000-00000000abcd", "lobby", "lateness"};
  auto const result = service.GetCurrentSessionAsync(ref).get();
  if (!result.ok()) {
    std::fprintf(stderr, "call failed: %s\n", result.error().ToString().c_str());
    std::exit(1);
  }
  auto const chosen = kRetryAfter + milliseconds(static_cast<long>(100 * jitter));
  return server.LastGap() - chosen;
}

/// Lateness of a bare sleep of the same length: the baseline.
milliseconds SleepLateness() {
  auto const start = steady_clock::now();
  std::this_thread::sleep_for(kRetryAfter);
  return std::chrono::duration_cast<milliseconds>(steady_clock::now() - start) - kRetryAfter;
}

void Print(char const* name, std::vector<milliseconds> values) {
  std::sort(values.begin(), values.end());
  std::printf("  %-28s min %4ld  median %4ld  max %4ld ms late\n", name, static_cast<long>(values.front().count()),
              static_cast<long>(values[values.size() / 2].count()), static_cast<long>(values.back().count()));
}

}  // namespace

int main(int argc, char** argv) {
  int const samples = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
  int const runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
  PushbackServer server;
  auto no_jitter = MakeService(server, 0.0);
  auto full_jitter = MakeService(server, 1.0);
  for (int run = 1; run <= runs; ++run) {
    std::vector<milliseconds> zero, full, sleep;
    for (int i = 0; i < samples; ++i) {  // interleaved, so load on the machine hits all three alike
      zero.push_back(SdkLateness(server, no_jitter, 0.0));
      full.push_back(SdkLateness(server, full_jitter, 1.0));
      sleep.push_back(SleepLateness());
    }
    std::printf("run %d (%d samples each, Retry-After %ld ms)\n", run, samples,
                static_cast<long>(kRetryAfter.count()));
    Print("SDK retry, jitter 0", zero);
    Print("SDK retry, jitter 1 (+100ms)", full);
    Print("bare sleep_for (baseline)", sleep);
  }
  return 0;
}
