// Commit-to-tap latency on loopback with 1, 10 and 100 subscribed sockets, against a bare Beast
// WebSocket echo's round trip measured in the same run (interleaved, round by round), and the
// emulator's write throughput with 100 subscribed sockets against none.
//
//   xbl_rta_tap_latency_bench [--rounds N] [--seconds S] [--server-threads N]
//
// Commit-to-tap: from just before the PUT is written to the moment a subscribed socket has read
// its tap (one sample per socket per write). Echo: one text frame of a tap's size, written and
// read back by one client. Both servers run with the same number of threads.
#include "emulator.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using Json = nlohmann::json;

namespace {

constexpr char kScid[] = "c0f0c0f0-0000-4000-8000-000000000001";

// ---- the baseline: a WebSocket server that echoes every text frame ----
class EchoSession : public std::enable_shared_from_this<EchoSession> {
 public:
  explicit EchoSession(tcp::socket s) : ws_(std::move(s)) {}
  void Start() {
    ws_.async_accept([self = shared_from_this()](beast::error_code ec) {
      if (!ec) self->Read();
    });
  }

 private:
  void Read() {
    buffer_.clear();
    ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return;
      self->ws_.text(true);
      self->ws_.async_write(self->buffer_.data(), [self](beast::error_code wec, std::size_t) {
        if (!wec) self->Read();
      });
    });
  }
  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
};

class EchoServer {
 public:
  explicit EchoServer(int threads) : ioc_(threads), acceptor_(ioc_) {
    tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
    acceptor_.open(ep.protocol());
    acceptor_.bind(ep);
    acceptor_.listen();
    Accept();
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { ioc_.run(); });
  }
  ~EchoServer() {
    ioc_.stop();
    for (auto& t : threads_) t.join();
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }

 private:
  void Accept() {
    acceptor_.async_accept(asio::make_strand(ioc_), [this](beast::error_code ec, tcp::socket s) {
      if (ec) return;
      std::make_shared<EchoSession>(std::move(s))->Start();
      Accept();
    });
  }
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::vector<std::thread> threads_;
};

// ---- clients ----
std::string Auth(int xuid) { return "XBL3.0 x=" + std::to_string(xuid) + ";device=d" + std::to_string(xuid); }

struct WsClient {
  asio::io_context ioc;
  websocket::stream<tcp::socket> ws{ioc};
  beast::flat_buffer buffer;
  void Connect(unsigned short port, std::string const& auth) {
    ws.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    ws.set_option(websocket::stream_base::decorator([auth](websocket::request_type& req) {
      if (!auth.empty()) req.set(http::field::authorization, auth);
    }));
    ws.handshake("127.0.0.1", "/connect");
  }
  std::string ReadText() {
    buffer.clear();
    ws.read(buffer);
    return beast::buffers_to_string(buffer.data());
  }
};

struct HttpClient {
  asio::io_context ioc;
  tcp::socket socket{ioc};
  beast::flat_buffer buffer;
  explicit HttpClient(unsigned short port) { socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port)); }
  int Put(std::string const& target, std::string const& auth, std::string const& body, std::string* out = nullptr) {
    http::request<http::string_body> req(http::verb::put, target, 11);
    req.set(http::field::host, "127.0.0.1");
    req.set("X-Xbl-Contract-Version", "107");
    req.set(http::field::authorization, auth);
    req.set(http::field::content_type, "application/json");
    req.body() = body;
    req.keep_alive(true);
    req.prepare_payload();
    http::write(socket, req);
    http::response<http::string_body> res;
    http::read(socket, buffer, res);
    if (out) *out = res.body();
    return static_cast<int>(res.result_int());
  }
};

std::string SessionTarget(std::string const& name) {
  return std::string("/serviceconfigs/") + kScid + "/sessiontemplates/dyn/sessions/" + name;
}

// `count` users, each with a subscribed socket (when `subscribed`), joined to dyn/`name`.
struct Audience {
  std::vector<std::unique_ptr<WsClient>> clients;
};

Audience Join(unsigned short port, std::string const& name, int count, bool subscribed, int first_xuid) {
  Audience a;
  HttpClient http(port);
  for (int i = 0; i < count; ++i) {
    int xuid = first_xuid + i;
    Json me = {{"constants", {{"system", {{"xuid", std::to_string(xuid)}}}}}, {"properties", {{"system", {{"active", true}}}}}};
    if (subscribed) {
      auto c = std::make_unique<WsClient>();
      c->Connect(port, Auth(xuid));
      c->ws.write(asio::buffer(std::string(R"([1,1,"https://sessiondirectory.xboxlive.com/connections/"])")));
      Json ack = Json::parse(c->ReadText());
      me["properties"]["system"]["connection"] = ack[4]["ConnectionId"];
      me["properties"]["system"]["subscription"] = {{"id", "5b0c1b3e-0000-4000-8000-000000000001"},
                                                    {"changeTypes", {"customProperty"}}};
      a.clients.push_back(std::move(c));
    }
    Json body = {{"members", {{"me", me}}}};
    if (i == 0)
      body["constants"] = {{"system", {{"maxMembersCount", 100},
                                       {"capabilities", {{"connectionRequiredForActiveMembers", subscribed}}}}}};
    std::string answer;
    int status = http.Put(SessionTarget(name), Auth(xuid), body.dump(), &answer);
    if (status != 200 && status != 201) {
      std::fprintf(stderr, "join failed: %d %s\n", status, answer.c_str());
      std::exit(1);
    }
  }
  return a;
}

double Percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(static_cast<double>(v.size()) * p))];
}

// One write to dyn/`name`, then every client reads its tap; returns one latency per client (us).
std::vector<double> TapRound(HttpClient& http, Audience& audience, std::string const& name, int xuid, int round) {
  std::vector<double> out(audience.clients.size());
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  Clock::time_point t0;
  std::vector<std::thread> readers;
  for (std::size_t i = 0; i < audience.clients.size(); ++i)
    readers.emplace_back([&, i] {
      ++ready;
      std::string text = audience.clients[i]->ReadText();
      auto t1 = Clock::now();
      while (!go) std::this_thread::yield();
      out[i] = std::chrono::duration<double, std::micro>(t1 - t0).count();
    });
  while (ready < static_cast<int>(audience.clients.size())) std::this_thread::yield();
  t0 = Clock::now();
  go = true;
  http.Put(SessionTarget(name), Auth(xuid), R"({"properties":{"custom":{"round":)" + std::to_string(round) + "}}}");
  for (auto& t : readers) t.join();
  return out;
}

double EchoRound(WsClient& echo, std::string const& frame) {
  auto t0 = Clock::now();
  echo.ws.text(true);
  echo.ws.write(asio::buffer(frame));
  echo.ReadText();
  return std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
}

// Writes per second from `writers` keep-alive clients for `seconds`, each to its own member's
// custom properties in dyn/`name` (the tapped sockets read in their own threads meanwhile).
double Throughput(unsigned short port, std::string const& name, int first_xuid, int writers, double seconds,
                  Audience& audience) {
  std::atomic<bool> stop{false};
  std::vector<std::thread> drains;
  for (auto& c : audience.clients)
    drains.emplace_back([&stop, client = c.get()] {
      beast::error_code ec;
      while (!stop) {
        client->buffer.clear();
        client->ws.read(client->buffer, ec);
        if (ec) return;
      }
    });
  std::atomic<long> done{0};
  std::vector<std::thread> threads;
  auto end = Clock::now() + std::chrono::duration<double>(seconds);
  for (int w = 0; w < writers; ++w)
    threads.emplace_back([&, w] {
      HttpClient http(port);
      long i = 0;
      while (Clock::now() < end) {
        if (http.Put(SessionTarget(name), Auth(first_xuid + w),
                     R"({"properties":{"custom":{"w)" + std::to_string(w) + R"(":)" + std::to_string(++i) + "}}}") == 200)
          ++done;
      }
    });
  for (auto& t : threads) t.join();
  stop = true;
  // Unblock the drains: one more write taps every subscribed socket.
  HttpClient http(port);
  http.Put(SessionTarget(name), Auth(first_xuid), R"({"properties":{"custom":{"end":1}}})");
  for (auto& t : drains) t.join();
  return static_cast<double>(done) / seconds;
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = 200;
  double seconds = 2.0;
  int server_threads = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--rounds") rounds = std::atoi(argv[i + 1]);
    if (a == "--seconds") seconds = std::atof(argv[i + 1]);
    if (a == "--server-threads") server_threads = std::atoi(argv[i + 1]);
  }
  xbl::emulator::EmulatorOptions options;
  options.rate_limit = false;
  xbl::emulator::Emulator emulator(options);
  std::string error;
  if (!emulator.Start("127.0.0.1", 0, server_threads, &error)) {
    std::fprintf(stderr, "cannot start the emulator: %s\n", error.c_str());
    return 1;
  }
  EchoServer echo_server(server_threads);
  WsClient echo;
  echo.Connect(echo_server.port(), "");
  // A frame the size of a real tap Event.
  std::string frame = R"([3,1,{"ncid":"0b5d4f38-1111-4222-8333-444455556666","shoulderTaps":[{"timestamp":"2026-01-01T00:00:00.0000000Z","subscription":"5b0c1b3e-0000-4000-8000-000000000001","resourceType":"mpsd/session","resource":"c0f0c0f0-0000-4000-8000-000000000001~dyn~tap100","branch":"0b5d4f38-1111-4222-8333-444455556666","changeNumber":1234}]}])";

  std::printf("| sockets | tap p50 us | tap p99 us | echo p50 us | echo p99 us | tap p50 / echo p50 |\n|---|---|---|---|---|---|\n");
  int xuid = 10000;
  for (int sockets : {1, 10, 100}) {
    std::string name = "tap" + std::to_string(sockets);
    Audience audience = Join(emulator.port(), name, sockets, true, xuid);
    HttpClient http(emulator.port());
    std::vector<double> taps, echoes;
    for (int r = 0; r < rounds; ++r) {  // interleaved: one write round, then one echo round trip
      auto round = TapRound(http, audience, name, xuid, r);
      taps.insert(taps.end(), round.begin(), round.end());
      echoes.push_back(EchoRound(echo, frame));
    }
    double tp50 = Percentile(taps, 0.5), ep50 = Percentile(echoes, 0.5);
    std::printf("| %d | %.0f | %.0f | %.0f | %.0f | %.2f |\n", sockets, tp50, Percentile(taps, 0.99), ep50,
                Percentile(echoes, 0.99), ep50 > 0 ? tp50 / ep50 : 0.0);
    xuid += 1000;
  }

  Audience subscribed = Join(emulator.port(), "tput-sub", 100, true, 50000);
  Audience none = Join(emulator.port(), "tput-none", 100, false, 60000);
  std::printf("\n| writers | writes/s, 100 subscribed sockets | writes/s, none | ratio |\n|---|---|---|---|\n");
  double with_subscribers = Throughput(emulator.port(), "tput-sub", 50000, 8, seconds, subscribed);
  double without = Throughput(emulator.port(), "tput-none", 60000, 8, seconds, none);
  std::printf("| 8 | %.0f | %.0f | %.0f%% |\n", with_subscribers, without, without > 0 ? 100.0 * with_subscribers / without : 0.0);
  return 0;
}
