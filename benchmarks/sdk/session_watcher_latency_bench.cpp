// Commit-to-handler latency of SessionWatcher (a tap, then a GET of the session) with 1, 10 and 100
// watchers on one session, against what it is made of, measured in the same run, round by round:
//   tap:        the emulator's commit-to-tap, read by a raw WebSocket client of one more member
//               (the watchers' services cannot stamp it: a session-changed handler is skipped for
//               a change the watcher's read has already brought to the service, R-64);
//   GET xN:     N raw cpprestsdk GETs of the session at once (the watchers' N reads), body as text;
//   GET+parse xN: the same N raw GETs, each body then parsed with nlohmann::json::parse (the floor
//               of any read that returns a parsed session);
//   SDK GET xN: N GetCurrentSessionAsync calls at once, one through each watcher's service (the
//               part of the watcher's work that is the SDK's read, parse included);
//   GET x1:     one raw GET alone.
// Commit instants come from the in-process emulator's change feed (steady clock, same process).
// Target (issue 15 item 7): watcher p50 <= tap p50 + 1.1 x GET xN p50. CPU: process CPU time of
// a watcher round (the write, the taps, N reads served and parsed, N handlers) over N delivered
// changes, and of each GET side over its N GETs (the emulator serving them included).
// The raw tap reader is a member too, and MPSD sessions hold at most 100 members: the top level
// has 99 watchers.
//
//   xbl_session_watcher_latency_bench [--rounds R] [--split]   (R rounds at 1 watcher, R/2 at 10, R/5 at 99;
//   --split also times the one watcher's steps, with the diagnostics handlers on)
#include "emulator.h"
#include "service_state.h"
#include "xbl/auth.h"
#include "xbl/http/cpprest_http_transport.h"
#include "xbl/multiplayer/multiplayer_service.h"
#include "xbl/multiplayer/session_watcher.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <cpprest/http_client.h>
#include <nlohmann/json.hpp>

#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace mp = xbl::multiplayer;
using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

namespace {

constexpr char kScid[] = "c0f0c0f0-0000-4000-8000-000000000001";
constexpr char kSubscriptionId[] = "7d1e2f30-4a5b-4c6d-8e7f-8091a2b3c4d5";
constexpr auto kDeadline = std::chrono::seconds(20);  // a round that takes this long aborts the run

std::string Auth(std::string const& xuid) { return "XBL3.0 x=" + xuid + ";device=d" + xuid + "&title=8397267"; }
std::string SessionPath(std::string const& name) {
  return std::string("/serviceconfigs/") + kScid + "/sessiontemplates/dyn/sessions/" + name;
}
double Us(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }
double ProcessCpuUs() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}
double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(static_cast<double>(v.size()) * p))];
}
[[noreturn]] void Abort(std::string const& why) {
  std::fprintf(stderr, "aborted: %s\n", why.c_str());
  std::exit(1);
}

/// Arrival instants by change number, written by handler threads, awaited by the main thread.
class Arrivals {
 public:
  explicit Arrivals(std::string what) : what_(std::move(what)) {}
  void Record(std::size_t who, std::uint64_t change_number) {
    auto const now = Clock::now();
    std::lock_guard<std::mutex> lock(mutex_);
    at_[{who, change_number}] = now;
    cv_.notify_all();
  }
  /// Waits until each of `count` recorders has `change_number`; their instants, in order.
  std::vector<Clock::time_point> Await(std::size_t count, std::uint64_t change_number) {
    std::unique_lock<std::mutex> lock(mutex_);
    std::vector<Clock::time_point> out;
    bool const all = cv_.wait_for(lock, kDeadline, [&] {
      for (std::size_t i = 0; i < count; ++i)
        if (!at_.count({i, change_number})) return false;
      return true;
    });
    if (!all) Abort("change " + std::to_string(change_number) + " never reached every " + what_);
    for (std::size_t i = 0; i < count; ++i) out.push_back(at_[{i, change_number}]);
    return out;
  }

 private:
  std::string const what_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::map<std::pair<std::size_t, std::uint64_t>, Clock::time_point> at_;
};

/// The raw tap reader: a member's own /connect socket, read on a thread of its own.
class RawTapListener {
 public:
  RawTapListener(unsigned short port, std::string const& xuid) {
    namespace beast = boost::beast;
    ws_.next_layer().connect({boost::asio::ip::make_address("127.0.0.1"), port});
    ws_.set_option(beast::websocket::stream_base::decorator(
        [auth = Auth(xuid)](beast::websocket::request_type& request) { request.set(beast::http::field::authorization, auth); }));
    ws_.handshake("127.0.0.1", "/connect");
    ws_.text(true);
    ws_.write(boost::asio::buffer(std::string(R"([1,1,"https://sessiondirectory.xboxlive.com/connections/"])")));
    beast::flat_buffer buffer;
    ws_.read(buffer);
    connection_id_ = Json::parse(beast::buffers_to_string(buffer.data()))[4]["ConnectionId"].get<std::string>();
    reader_ = std::thread([this] {
      beast::flat_buffer frame;
      beast::error_code ec;
      for (;;) {
        frame.clear();
        ws_.read(frame, ec);
        if (ec) return;
        auto const event = Json::parse(beast::buffers_to_string(frame.data()), nullptr, false);
        if (event.is_array() && event.size() == 3 && event[0] == 3) {
          for (auto const& tap : event[2].value("shoulderTaps", Json::array()))
            arrivals.Record(0, tap.value("changeNumber", std::uint64_t{0}));
        }
      }
    });
  }
  ~RawTapListener() {
    boost::system::error_code ignored;
    ws_.next_layer().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
    reader_.join();
  }
  std::string const& connection_id() const { return connection_id_; }
  Arrivals arrivals{"raw tap reader"};

 private:
  boost::asio::io_context ioc_;
  boost::beast::websocket::stream<boost::asio::ip::tcp::socket> ws_{ioc_};
  std::string connection_id_;
  std::thread reader_;
};

/// Raw cpprestsdk exchanges as one member: its join, the writes, and the GETs of the baseline.
class RawClient {
 public:
  RawClient(std::string const& base_url, std::string xuid) : client_(base_url), xuid_(std::move(xuid)) {}
  web::http::http_request Request(web::http::method method, std::string const& name, Json const& body = nullptr) const {
    web::http::http_request request(method);
    request.set_request_uri(SessionPath(name));
    request.headers().add("x-xbl-contract-version", "107");
    request.headers().add("Authorization", Auth(xuid_));
    if (!body.is_null()) request.set_body(body.dump(), "application/json");
    return request;
  }
  /// A PUT; the change number it committed.
  std::uint64_t Put(std::string const& name, Json const& body) {
    auto response = client_.request(Request(web::http::methods::PUT, name, body)).get();
    auto const text = response.extract_utf8string(true).get();
    if (response.status_code() != 200 && response.status_code() != 201) Abort("PUT " + std::to_string(response.status_code()) + " " + text);
    return Json::parse(text).value("changeNumber", std::uint64_t{0});
  }
  /// `count` GETs at once; each one's latency (us), from the moment all are sent. With `parse`,
  /// each body is parsed into a DOM before its latency is taken.
  std::vector<double> Gets(std::string const& name, std::size_t count, bool parse = false) {
    std::vector<pplx::task<void>> calls;
    std::vector<double> latencies(count);
    auto const t0 = Clock::now();
    for (std::size_t i = 0; i < count; ++i) {
      calls.push_back(client_.request(Request(web::http::methods::GET, name))
                          .then([](web::http::http_response response) { return response.extract_utf8string(true); })
                          .then([&latencies, i, t0, parse](std::string const& body) {
                            if (body.empty()) Abort("an empty GET");
                            if (parse && !Json::parse(body).is_object()) Abort("a GET that is not a session");
                            latencies[i] = Us(Clock::now() - t0);
                          }));
    }
    pplx::when_all(calls.begin(), calls.end()).wait();
    return latencies;
  }

 private:
  web::http::client::http_client client_;
  std::string xuid_;
};

/// One GetCurrentSessionAsync through each service at once; each one's latency (us).
std::vector<double> SdkGets(std::vector<std::unique_ptr<mp::MultiplayerService>> const& services,
                            mp::SessionReference const& reference) {
  std::vector<pplx::task<void>> calls;
  std::vector<double> latencies(services.size());
  auto const t0 = Clock::now();
  for (std::size_t i = 0; i < services.size(); ++i) {
    calls.push_back(services[i]->GetCurrentSessionAsync(reference).then(
        [&latencies, i, t0](xbl::Result<mp::SessionResult> const& read) {
          if (!read.ok() || !read->session) Abort("an SDK GET failed");
          latencies[i] = Us(Clock::now() - t0);
        }));
  }
  pplx::when_all(calls.begin(), calls.end()).wait();
  return latencies;
}

/// The commit instant of `name`'s change `change_number`, from the emulator's change feed.
Clock::time_point CommitOf(xbl::emulator::Emulator& emulator, std::string const& name, std::uint64_t change_number) {
  for (auto const& entry : emulator.state().feed.Since(0)) {
    if (entry.name == name && static_cast<std::uint64_t>(entry.change_number) == change_number) return entry.committed_at;
  }
  Abort("no commit in the feed for change " + std::to_string(change_number));
}

struct Samples {
  std::vector<double> watcher, tap, get_n, parsed_get_n, sdk_get_n, get_1;   // us
  double watcher_cpu = 0, get_cpu = 0, parsed_get_cpu = 0, sdk_get_cpu = 0;  // us, summed
  std::size_t delivered = 0, gets = 0;
};

/// With --split, at one watcher: when the tap reached the watcher's socket (its RTA frame, as the
/// diagnostics record it on the socket's thread) and when the watcher's GET of that change went
/// out (the HTTP exchange's start), by change number, on the steady clock.
struct SplitStamps {
  std::mutex mutex;
  std::map<std::uint64_t, Clock::time_point> tap_at_socket, get_started;
};

void RunLevel(xbl::emulator::Emulator& emulator, std::size_t watchers, int rounds, bool split = false) {
  std::string const base = "http://127.0.0.1:" + std::to_string(emulator.port());
  std::string const name = "watch" + std::to_string(watchers);
  std::string const writer_xuid = std::to_string(90000 + watchers);

  // The raw member creates the RTA session (its writes are the changes being watched).
  RawTapListener listener(emulator.port(), writer_xuid);
  RawClient raw(base, writer_xuid);
  Json me = {{"constants", {{"system", {{"xuid", writer_xuid}}}}},
             {"properties",
              {{"system",
                {{"active", true},
                 {"connection", listener.connection_id()},
                 {"subscription", {{"id", kSubscriptionId}, {"changeTypes", {"customProperty"}}}}}}}}};
  raw.Put(name, {{"constants",
                  {{"system",
                    {{"maxMembersCount", watchers + 1}, {"capabilities", {{"connectionRequiredForActiveMembers", true}}}}}}},
                 {"members", {{"me", me}}}});

  auto transport = xbl::MakeCpprestHttpTransport();
  Arrivals watched("watcher");
  std::vector<std::unique_ptr<mp::MultiplayerService>> services;
  std::vector<std::unique_ptr<mp::SessionWatcher>> watcher_list;
  mp::SessionReference const reference{kScid, "dyn", name};
  split = split && watchers == 1;
  auto const stamps = std::make_shared<SplitStamps>();
  auto const system0 = std::chrono::system_clock::now();
  auto const steady0 = Clock::now();
  auto const to_steady = [system0, steady0](std::chrono::system_clock::time_point t) {
    return steady0 + std::chrono::duration_cast<Clock::duration>(t - system0);
  };
  std::vector<std::pair<std::uint64_t, Clock::time_point>> commits_and_handlers;  // --split, kept rounds
  for (std::size_t i = 0; i < watchers; ++i) {
    auto const xuid = std::to_string(100000 + 1000 * watchers + i);
    xbl::ClientOptions options;
    options.endpoint = base;
    options.rta_endpoint = "ws://127.0.0.1:" + std::to_string(emulator.port()) + "/connect";
    options.honor_environment = false;
    options.user_xuid = xuid;
    options.auth_token_provider = xbl::StaticAuthToken(Auth(xuid));
    options.diagnostics.trace_level = xbl::TraceLevel::kOff;
    if (split) {
      options.diagnostics.websocket_event_handler = [stamps, to_steady](xbl::WebSocketEvent const& event) {
        if (event.type != xbl::WebSocketEvent::Type::kReceive) return;
        auto const frame = Json::parse(event.data, nullptr, false);
        if (!frame.is_array() || frame.size() != 3 || frame[0] != 3) return;
        std::lock_guard<std::mutex> lock(stamps->mutex);
        for (auto const& tap : frame[2].value("shoulderTaps", Json::array()))
          stamps->tap_at_socket.emplace(tap.value("changeNumber", std::uint64_t{0}), to_steady(event.time));
      };
      options.diagnostics.http_exchange_handler = [stamps, to_steady](xbl::HttpExchangeEvent const& event) {
        if (event.method != "GET" || event.status != 200) return;
        auto const change = Json::parse(event.response_body, nullptr, false).value("changeNumber", std::uint64_t{0});
        std::lock_guard<std::mutex> lock(stamps->mutex);
        auto const started = to_steady(event.started);
        auto const it = stamps->get_started.find(change);  // the first GET of a change is the watcher's
        if (it == stamps->get_started.end() || started < it->second) stamps->get_started[change] = started;
      };
    }
    services.push_back(std::make_unique<mp::MultiplayerService>(transport, options));
    auto& service = *services.back();
    if (!service.EnableSubscriptionsAsync().get().ok()) Abort("enabling subscriptions");
    mp::MultiplayerSession join(reference, xuid);
    if (!join.Join().ok() || !join.SetCurrentUserSubscription(kSubscriptionId, {"customProperty"}).ok()) Abort("join");
    auto const joined = service.WriteSessionAsync(join, mp::SessionWriteMode::kUpdateExisting).get();
    if (!joined.ok()) Abort("join: " + joined.error().ToString());
    watcher_list.push_back(std::make_unique<mp::SessionWatcher>(service, [&watched, i](mp::SessionWatchEvent const& event) {
      if (event.current) watched.Record(i, event.current->change_number());
    }));
    watcher_list.back()->Watch(reference);
  }

  Samples s;
  int const warmup = 3;
  for (int round = 0; round < warmup + rounds; ++round) {
    bool const keep = round >= warmup;
    auto watcher_round = [&] {
      auto const cpu0 = ProcessCpuUs();
      auto const change = raw.Put(name, {{"properties", {{"custom", {{"round", round}}}}}});
      auto const at_watchers = watched.Await(watchers, change);
      auto const cpu1 = ProcessCpuUs();
      auto const at_raw = listener.arrivals.Await(1, change);
      if (!keep) return;
      auto const commit = CommitOf(emulator, name, change);
      for (auto const& t : at_watchers) s.watcher.push_back(Us(t - commit));
      if (split) commits_and_handlers.emplace_back(change, at_watchers[0]);
      s.tap.push_back(Us(at_raw[0] - commit));
      s.watcher_cpu += cpu1 - cpu0;
      s.delivered += watchers;
    };
    auto get_round = [&] {
      auto const cpu0 = ProcessCpuUs();
      auto const latencies = raw.Gets(name, watchers);
      auto const cpu1 = ProcessCpuUs();
      auto const parsed_latencies = raw.Gets(name, watchers, /*parse=*/true);
      auto const cpu2 = ProcessCpuUs();
      auto const sdk_latencies = SdkGets(services, reference);
      auto const cpu3 = ProcessCpuUs();
      auto const alone = raw.Gets(name, 1);
      if (!keep) return;
      s.get_n.insert(s.get_n.end(), latencies.begin(), latencies.end());
      s.parsed_get_n.insert(s.parsed_get_n.end(), parsed_latencies.begin(), parsed_latencies.end());
      s.sdk_get_n.insert(s.sdk_get_n.end(), sdk_latencies.begin(), sdk_latencies.end());
      s.get_1.push_back(alone[0]);
      s.get_cpu += cpu1 - cpu0;
      s.parsed_get_cpu += cpu2 - cpu1;
      s.sdk_get_cpu += cpu3 - cpu2;
      s.gets += watchers;
    };
    // Alternate which side goes first, so that neither always runs on a just-woken machine.
    if (round % 2 == 0) {
      watcher_round();
      get_round();
    } else {
      get_round();
      watcher_round();
    }
  }
  for (auto& watcher : watcher_list) watcher->Stop();
  for (auto& service : services) service->Shutdown();
  transport->Shutdown();

  double const watcher = Percentile(s.watcher, 0.5), tap = Percentile(s.tap, 0.5), get_n = Percentile(s.get_n, 0.5);
  double const budget = tap + 1.1 * get_n;
  double const sdk_get_n = Percentile(s.sdk_get_n, 0.5), parsed_get_n = Percentile(s.parsed_get_n, 0.5);
  double const per_get = 1.0 / static_cast<double>(s.gets);
  std::printf(
      "| %zu | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.2f | %s | %.2f | %.2f "
      "| %.0f | %.0f | %.0f | %.0f |\n",
      watchers, rounds, watcher, Percentile(s.watcher, 0.99), tap, get_n, parsed_get_n, sdk_get_n,
      Percentile(s.get_1, 0.5), watcher - tap, budget, watcher / budget, watcher <= budget ? "met" : "not met",
      (tap + parsed_get_n) / budget, watcher / (tap + sdk_get_n), s.watcher_cpu / static_cast<double>(s.delivered),
      s.get_cpu * per_get, s.parsed_get_cpu * per_get, s.sdk_get_cpu * per_get);
  if (split) {
    std::vector<double> to_socket, socket_to_get, get_to_handler;
    std::lock_guard<std::mutex> lock(stamps->mutex);
    for (auto const& [change, handler_at] : commits_and_handlers) {
      auto const tap = stamps->tap_at_socket.find(change);
      auto const get = stamps->get_started.find(change);
      if (tap == stamps->tap_at_socket.end() || get == stamps->get_started.end()) continue;
      auto const commit = CommitOf(emulator, name, change);
      to_socket.push_back(Us(tap->second - commit));
      socket_to_get.push_back(Us(get->second - tap->second));
      get_to_handler.push_back(Us(handler_at - get->second));
    }
    std::printf("split at 1 watcher, %zu of %zu rounds, p50 us: commit to the watcher's socket %.0f, socket to its GET "
                "going out %.0f, GET going out to the handler %.0f (SDK GET alone %.0f)\n",
                to_socket.size(), commits_and_handlers.size(), Percentile(to_socket, 0.5),
                Percentile(socket_to_get, 0.5), Percentile(get_to_handler, 0.5), sdk_get_n);
  }
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 200;
  bool split = false;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--rounds" && i + 1 < argc) rounds = std::max(5, std::atoi(argv[++i]));
    if (std::string(argv[i]) == "--split") split = true;
  }
  xbl::emulator::EmulatorOptions options;
  options.rate_limit = false;
  xbl::emulator::Emulator emulator(options);
  std::string error;
  if (!emulator.Start("127.0.0.1", 0, 2, &error)) Abort("cannot start the emulator: " + error);

  std::printf(
      "| watchers | rounds | watcher p50 us | watcher p99 us | tap p50 us | GET xN p50 us | GET+parse xN p50 us "
      "| SDK GET xN p50 us | GET x1 p50 us | watcher - tap | budget: tap + 1.1 GET xN | watcher / budget | target "
      "| (tap + GET+parse xN) / budget | watcher / (tap + SDK GET xN) | CPU us per delivered change "
      "| CPU us per raw GET | CPU us per raw GET+parse | CPU us per SDK GET |\n"
      "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  RunLevel(emulator, 1, rounds, split);
  RunLevel(emulator, 10, rounds / 2);
  RunLevel(emulator, 99, rounds / 5);
  return 0;
}
