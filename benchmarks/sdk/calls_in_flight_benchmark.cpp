// Many calls in flight: a window of N concurrent GetCurrentSessionAsync calls through one
// MultiplayerService (each completion starts the next call) against a raw cpprestsdk http_client
// keeping the same window of the same GET, whose completion reads the body and parses it with
// nlohmann (the floor under any client that returns a parsed session), against one loopback
// server. The two sides run in alternating blocks, so load drift on a shared machine hits both
// alike. Counters per side: calls per second, process threads at the end of the block, and the
// heap held per call in flight (glibc's allocated bytes with the window full, less those before).
#include "loopback_server.h"
#include "xbl/http/cpprest_http_transport.h"
#include "xbl/multiplayer/multiplayer_service.h"
#include <benchmark/benchmark.h>
#include <cpprest/http_client.h>
#include <malloc.h>
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <dirent.h>
#include <functional>
#include <mutex>
#include <vector>

namespace {

using xbl::testing::LoopbackServer;
namespace mp = xbl::multiplayer;

constexpr char kScid[] = "00000000-0000-0000-0000-00000000abcd";
constexpr char kPath[] = "/serviceconfigs/00000000-0000-0000-0000-00000000abcd/sessiontemplates/lobby/sessions/bench";
constexpr char kAuthorization[] = "XBL3.0 x=1;benchmark-token";

/// The four-member session of the per-call benchmark (about 1.3 KB).
std::string SessionBody() {
  nlohmann::json members = nlohmann::json::object();
  for (int i = 0; i < 4; ++i) {
    members[std::to_string(i)] = {
        {"constants", {{"system", {{"xuid", std::to_string(2533274800000000 + i)}, {"index", i}}}, {"custom", {}}}},
        {"properties",
         {{"system", {{"active", true}, {"secureDeviceAddress", "c2VjdXJlLWRldmljZS1hZGRyZXNz"}}},
          {"custom", {{"skill", 1000 + i}, {"team", i % 2}}}}},
        {"gamertag", "player" + std::to_string(i)},
        {"activeTitleId", "1234567"}};
  }
  nlohmann::json doc = {
      {"contractVersion", 107},
      {"correlationId", "0f3a6d0c-1111-2222-3333-444455556666"},
      {"constants", {{"system", {{"version", 1}, {"maxMembersCount", 8}, {"visibility", "open"}}}}},
      {"members", members},
      {"membersInfo", {{"first", 0}, {"next", 4}, {"count", 4}, {"accepted", 4}}}};
  return doc.dump();
}

struct Fixture {
  Fixture()
      : body(SessionBody()), server([this](LoopbackServer::Request const&) {
          LoopbackServer::Reply reply;
          reply.headers["Content-Type"] = "application/json";
          reply.headers["ETag"] = "\"etag-1\"";
          reply.body = body;
          return reply;
        }) {}
  std::string body;
  LoopbackServer server;
};

Fixture& Shared() {
  // Benchmark-only process state (not SDK code); destroyed before exit by main().
  static Fixture* fixture = new Fixture();
  return *fixture;
}

int ProcessThreads() {
  int threads = 0;
  if (DIR* dir = opendir("/proc/self/task")) {
    while (dirent const* entry = readdir(dir)) threads += entry->d_name[0] != '.';
    closedir(dir);
  }
  return threads;
}

double HeapInUse() { return static_cast<double>(mallinfo2().uordblks); }

/// Starts one call; the call reports success once, on whatever thread completes it.
using StartCall = std::function<void(std::function<void(bool)>)>;

struct BlockResult {
  double seconds = 0;
  double heap_per_call_in_flight = 0;
  int threads = 0;
  bool ok = true;
};

/// `total` calls with `window` of them in flight at any time.
BlockResult RunWindow(int window, int total, StartCall const& start) {
  std::mutex mutex;
  std::condition_variable finished_all;
  int launched = 0;
  int finished = 0;
  bool ok = true;
  std::function<void()> launch = [&] {
    start([&](bool call_ok) {
      bool another = false;
      {
        std::lock_guard<std::mutex> lock(mutex);
        ++finished;
        ok = ok && call_ok;
        if (launched < total) {
          ++launched;
          another = true;
        } else if (finished == total) {
          finished_all.notify_all();
        }
      }
      if (another) launch();  // outside the lock: the next call may complete inline
    });
  };
  BlockResult result;
  double const heap_before = HeapInUse();
  auto const begin = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(mutex);
    launched = window;
  }
  for (int i = 0; i < window; ++i) launch();
  result.heap_per_call_in_flight = (HeapInUse() - heap_before) / window;
  {
    std::unique_lock<std::mutex> lock(mutex);
    finished_all.wait(lock, [&] { return finished == total; });
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  result.threads = ProcessThreads();
  result.ok = ok;
  return result;
}

xbl::ClientOptions Options() {
  xbl::ClientOptions options;
  options.endpoint = Shared().server.base_url();
  options.honor_environment = false;
  options.auth_token_provider = xbl::StaticAuthToken(kAuthorization);
  options.diagnostics.trace_level = xbl::TraceLevel::kOff;
  return options;
}

web::http::http_request RawGet() {
  web::http::http_request request(web::http::methods::GET);
  request.set_request_uri(kPath);
  request.headers().add("x-xbl-contract-version", "107");
  request.headers().add("Authorization", kAuthorization);
  request.headers().add("Accept", "application/json");
  return request;
}

double Median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

void BM_CallsInFlight_Get(benchmark::State& state) {
  int const window = static_cast<int>(state.range(0));
  int const block = std::max(200, 4 * window);
  auto transport = xbl::MakeCpprestHttpTransport();
  mp::MultiplayerService service(transport, Options());
  mp::SessionReference const ref{kScid, "lobby", "bench"};
  web::http::client::http_client client(Shared().server.base_url());

  StartCall const sdk = [&](std::function<void(bool)> done) {
    service.GetCurrentSessionAsync(ref).then([done](xbl::Result<mp::SessionResult> const& result) {
      done(result.ok() && result->has_session());
    });
  };
  StartCall const raw = [&](std::function<void(bool)> done) {
    client.request(RawGet())
        .then([](web::http::http_response response) { return response.extract_utf8string(true); })
        .then([done](pplx::task<std::string> body) {
          try {
            done(!nlohmann::json::parse(body.get(), nullptr, false).is_discarded());
          } catch (std::exception const&) {
            done(false);
          }
        });
  };

  // Warm both sides (connections opened, pools grown) before anything is counted.
  if (!RunWindow(window, block, sdk).ok || !RunWindow(window, block, raw).ok) {
    state.SkipWithError("a warm-up call failed");
    return;
  }
  std::vector<double> sdk_rate, raw_rate, ratio;
  BlockResult last_sdk, last_raw;
  bool sdk_first = true;
  for (auto _ : state) {
    for (int side = 0; side < 2; ++side) {
      bool const is_sdk = (side == 0) == sdk_first;
      auto const result = RunWindow(window, block, is_sdk ? sdk : raw);
      if (!result.ok) {
        state.SkipWithError("a call failed");
        return;
      }
      (is_sdk ? sdk_rate : raw_rate).push_back(block / result.seconds);
      (is_sdk ? last_sdk : last_raw) = result;
    }
    ratio.push_back(sdk_rate.back() / raw_rate.back());
    sdk_first = !sdk_first;
  }
  state.counters["sdk_calls_per_s"] = Median(sdk_rate);
  state.counters["raw_calls_per_s"] = Median(raw_rate);
  state.counters["sdk_over_raw"] = Median(ratio);
  state.counters["sdk_over_raw_min"] = *std::min_element(ratio.begin(), ratio.end());
  state.counters["sdk_over_raw_max"] = *std::max_element(ratio.begin(), ratio.end());
  state.counters["sdk_threads"] = last_sdk.threads;
  state.counters["raw_threads"] = last_raw.threads;
  state.counters["sdk_heap_per_call_B"] = last_sdk.heap_per_call_in_flight;
  state.counters["raw_heap_per_call_B"] = last_raw.heap_per_call_in_flight;
  transport->Shutdown();
}

BENCHMARK(BM_CallsInFlight_Get)->Arg(1)->Arg(16)->Arg(256)->Iterations(10)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  delete &Shared();
  return 0;
}
