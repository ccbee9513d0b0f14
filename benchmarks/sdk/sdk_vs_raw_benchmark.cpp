// Per-call cost of MultiplayerService::GetCurrentSessionAsync / WriteSessionAsync against a
// raw cpprestsdk http_client doing the same HTTP exchange, against one loopback server.
// cpu_us_per_call is process CPU (all threads, server included; the server's share is the
// same for both sides) divided by calls.
#include "loopback_server.h"
#include "xbl/http/cpprest_http_transport.h"
#include "xbl/multiplayer/multiplayer_service.h"
#include <benchmark/benchmark.h>
#include <cpprest/http_client.h>
#include <sys/resource.h>
#include <algorithm>
#include <memory>
#include <vector>

namespace {

using xbl::testing::LoopbackServer;
namespace mp = xbl::multiplayer;

constexpr char kPath[] = "/serviceconfigs/00000000-0000-0000-0000-00000000abcd/sessiontemplates/lobby/sessions/bench";
constexpr char kAuthorization[] = "XBL3.0 x=1;benchmark-token";

/// A realistic small session: four members with properties.
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
      {"startTime", "2026-01-01T00:00:00.0000000Z"},
      {"constants",
       {{"system", {{"version", 1}, {"maxMembersCount", 8}, {"visibility", "open"}}}, {"custom", {{"mode", "ffa"}}}}},
      {"properties", {{"system", {{"keywords", {"bench"}}, {"joinRestriction", "none"}}}, {"custom", {{"map", "dust"}}}}},
      {"members", members},
      {"membersInfo", {{"first", 0}, {"next", 4}, {"count", 4}, {"accepted", 4}}}};
  return doc.dump();
}

struct Fixture {
  Fixture()
      : body(SessionBody()),
        server([this](LoopbackServer::Request const&) {
          LoopbackServer::Reply reply;
          reply.status = 200;
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

/// Voluntary plus involuntary context switches of the whole process so far.
double ProcessContextSwitches() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_nvcsw + usage.ru_nivcsw);
}

double ProcessCpuMicros() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec * 1e6 + usage.ru_utime.tv_usec + usage.ru_stime.tv_sec * 1e6 + usage.ru_stime.tv_usec;
}


xbl::ClientOptions Options() {
  xbl::ClientOptions options;
  options.endpoint = Shared().server.base_url();
  options.honor_environment = false;
  options.auth_token_provider = xbl::StaticAuthToken(kAuthorization);
  options.diagnostics.trace_level = xbl::TraceLevel::kOff;
  return options;
}



web::http::http_request RawRequest(web::http::method method) {
  web::http::http_request request(method);
  request.set_request_uri(kPath);
  request.headers().add("x-xbl-contract-version", "107");
  request.headers().add("Authorization", kAuthorization);
  request.headers().add("Accept", "application/json");
  return request;
}






void BM_ParseSession(benchmark::State& state) {
  for (auto _ : state) {
    auto parsed = mp::MultiplayerSession::Parse({"s", "t", "n"}, Shared().body, "\"e\"");
    benchmark::DoNotOptimize(parsed);
  }
}

/// The floor under any client that returns a parsed session: nlohmann's DOM parse of the same bytes.
void BM_NlohmannParseOnly(benchmark::State& state) {
  for (auto _ : state) {
    auto document = nlohmann::json::parse(Shared().body);
    benchmark::DoNotOptimize(document);
  }
}

void BM_RequestBody(benchmark::State& state) {
  auto parsed = mp::MultiplayerSession::Parse({"s", "t", "n"}, Shared().body, "\"e\"");
  mp::MultiplayerSession session = std::move(parsed).value();
  (void)session.SetCustomProperty("map", "nuke");
  for (auto _ : state) {
    auto body = session.RequestBody().dump();
    benchmark::DoNotOptimize(body);
  }
}

/// A transport that answers at once with the fixture's response: what the SDK adds per call
/// around the network exchange, without the network.
class InstantTransport final : public xbl::HttpTransport {
 public:
  pplx::task<xbl::Result<xbl::HttpResponse>> SendAsync(xbl::HttpRequest, pplx::cancellation_token) override {
    return pplx::task_from_result(xbl::Result<xbl::HttpResponse>(Response()));
  }
  void SendWithCompletion(xbl::HttpRequest, pplx::cancellation_token, Completion on_done) override {
    on_done(Response());
  }
  void Shutdown() override {}

 private:
  static xbl::HttpResponse Response() {
    return xbl::HttpResponse(200, {{"Content-Type", "application/json"}, {"ETag", "\"etag-1\""}}, Shared().body);
  }
};

void BM_SdkGetWithoutNetwork(benchmark::State& state) {
  mp::MultiplayerService service(std::make_shared<InstantTransport>(), Options());
  mp::SessionReference ref{"00000000-0000-0000-0000-00000000abcd", "lobby", "bench"};
  for (auto _ : state) {
    auto result = service.GetCurrentSessionAsync(ref).get();
    benchmark::DoNotOptimize(result);
  }
}

/// How the raw client side ends its exchange.
enum class RawEnd {
  kBodyText,      ///< reads the body as text (the bare exchange)
  kNlohmannJson,  ///< and parses it with nlohmann::json
  kCpprestJson,   ///< reads it with `extract_json`, as a cpprestsdk title typically would
};

/// SDK, raw and transport calls in rotating blocks of kBlock calls, so that load drift on a
/// shared machine hits every side alike. Counters: median latency (us) and process CPU per call (us).
template <typename Sdk, typename Raw, typename Transport>
void Interleaved(benchmark::State& state, Sdk sdk_call, Raw raw_call, Transport transport_call) {
  constexpr int kBlock = 20;
  // 0 = SDK, 1 = raw exchange, 2 = raw + nlohmann parse, 3 = the SDK's transport alone,
  // 4 = raw + cpprestsdk extract_json
  constexpr int kSides = 5;
  std::vector<double> latency[kSides];
  double cpu[kSides] = {};
  double switches[kSides] = {};
  std::int64_t round = 0;
  for (auto _ : state) {
    for (int k = 0; k < kSides; ++k) {
      int const side = static_cast<int>((round + k) % kSides);
      double const cpu_before = ProcessCpuMicros();
      double const switches_before = ProcessContextSwitches();
      for (int i = 0; i < kBlock; ++i) {
        auto const start = std::chrono::steady_clock::now();
        bool const ok = side == 0   ? sdk_call()
                        : side == 3 ? transport_call()
                                    : raw_call(side == 1   ? RawEnd::kBodyText
                                               : side == 2 ? RawEnd::kNlohmannJson
                                                           : RawEnd::kCpprestJson);
        auto const end = std::chrono::steady_clock::now();
        if (!ok) {
          state.SkipWithError("a call failed");
          return;
        }
        latency[side].push_back(std::chrono::duration<double, std::micro>(end - start).count());
      }
      cpu[side] += ProcessCpuMicros() - cpu_before;
      switches[side] += ProcessContextSwitches() - switches_before;
    }
    ++round;
  }
  auto median = [](std::vector<double>& v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0.0 : v[v.size() / 2];
  };
  double const calls = static_cast<double>(latency[0].size());
  double const sdk = median(latency[0]), raw = median(latency[1]), raw_parse = median(latency[2]);
  state.counters["sdk_median_us"] = sdk;
  state.counters["raw_median_us"] = raw;
  state.counters["rawparse_median_us"] = raw_parse;
  state.counters["ratio_vs_raw"] = raw > 0 ? sdk / raw : 0;
  state.counters["ratio_vs_rawparse"] = raw_parse > 0 ? sdk / raw_parse : 0;
  state.counters["sdk_cpu_us"] = cpu[0] / calls;
  state.counters["raw_cpu_us"] = cpu[1] / calls;
  state.counters["rawparse_cpu_us"] = cpu[2] / calls;
  state.counters["transport_median_us"] = median(latency[3]);
  state.counters["transport_cpu_us"] = cpu[3] / calls;
  double const raw_cpprest_json = median(latency[4]);
  state.counters["rawcpprestjson_median_us"] = raw_cpprest_json;
  state.counters["rawcpprestjson_cpu_us"] = cpu[4] / calls;
  state.counters["ratio_vs_rawcpprestjson"] = raw_cpprest_json > 0 ? sdk / raw_cpprest_json : 0;
  state.counters["transport_ratio_vs_raw"] = raw > 0 ? median(latency[3]) / raw : 0;
  state.counters["sdk_switches"] = switches[0] / calls;
  state.counters["raw_switches"] = switches[1] / calls;
  state.counters["transport_switches"] = switches[3] / calls;
}

bool RawEnding(web::http::http_response response, RawEnd end) {
  if (end == RawEnd::kCpprestJson) return response.extract_json(true).get().is_object();
  auto body = response.extract_utf8string(true).get();
  if (end == RawEnd::kNlohmannJson) return !nlohmann::json::parse(body, nullptr, false).is_discarded();
  return !body.empty();
}

/// The same exchange through the SDK's transport only (no retry loop, no typed parse).
auto TransportCall(std::shared_ptr<xbl::HttpTransport> const& transport, std::string method, std::string body) {
  xbl::HttpRequest request;
  request.method = std::move(method);
  request.url = Shared().server.base_url() + kPath;
  request.headers["x-xbl-contract-version"] = "107";
  request.headers["Authorization"] = kAuthorization;
  if (!body.empty()) {
    request.headers["Content-Type"] = "application/json";
    request.body = std::move(body);
  }
  return [transport, request] { return transport->SendAsync(request, pplx::cancellation_token::none()).get().ok(); };
}

void BM_Interleaved_Get(benchmark::State& state) {
  auto transport = xbl::MakeCpprestHttpTransport();
  mp::MultiplayerService service(transport, Options());
  mp::SessionReference ref{"00000000-0000-0000-0000-00000000abcd", "lobby", "bench"};
  web::http::client::http_client client(Shared().server.base_url());
  Interleaved(
      state, [&] { return service.GetCurrentSessionAsync(ref).get().ok(); },
      [&](RawEnd end) { return RawEnding(client.request(RawRequest(web::http::methods::GET)).get(), end); },
      TransportCall(transport, "GET", {}));
  transport->Shutdown();
}

void BM_Interleaved_Write(benchmark::State& state) {
  auto transport = xbl::MakeCpprestHttpTransport();
  mp::MultiplayerService service(transport, Options());
  auto session = mp::MultiplayerSession::Parse({"00000000-0000-0000-0000-00000000abcd", "lobby", "bench"},
                                               Shared().body, "\"etag-1\"")
                     .value();
  (void)session.SetCustomProperty("map", "nuke");
  web::http::client::http_client client(Shared().server.base_url());
  std::string const delta = R"({"properties":{"custom":{"map":"nuke"}}})";
  Interleaved(
      state,
      [&] { return service.WriteSessionAsync(session, mp::SessionWriteMode::kSynchronizedUpdate).get().ok(); },
      [&](RawEnd end) {
        auto request = RawRequest(web::http::methods::PUT);
        request.headers().add("If-Match", "\"etag-1\"");
        request.set_body(delta, "application/json");
        return RawEnding(client.request(request).get(), end);
      },
      TransportCall(transport, "PUT", delta));
  transport->Shutdown();
}

BENCHMARK(BM_Interleaved_Get)->Iterations(100)->UseRealTime()->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Interleaved_Write)->Iterations(100)->UseRealTime()->Unit(benchmark::kMillisecond);

BENCHMARK(BM_RequestBody);
BENCHMARK(BM_SdkGetWithoutNetwork);
BENCHMARK(BM_ParseSession);
BENCHMARK(BM_NlohmannParseOnly);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  delete &Shared();
  return 0;
}
