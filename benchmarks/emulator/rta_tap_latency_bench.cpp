// Commit-to-tap latency on loopback with 1, 10 and 100 subscribed sockets, against a bare Beast
// WebSocket echo's round trip measured in the same run (interleaved, round by round), and the
// emulator's write throughput with 100 subscribed sockets against none.
//
//   xbl_rta_tap_latency_bench [--rounds N] [--seconds S] [--server-threads N] [--side subscribed|none]
//
// Commit-to-tap: from the commit point's steady-clock stamp (the emulator records it in its change
// feed, read here in-process; both run on the same machine clock) to the moment a subscribed
// socket has read its tap, matched by change number (one sample per socket per write). From-PUT:
// from just before the PUT is written to the same moment (it includes the REST write). Echo: one
// text frame of a tap's size, written and read back by one client. Both servers run with the same
// number of threads.
#include "emulator.h"
#include "service_state.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
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

// ---- the fan-out floor: a bare WebSocket server that writes each frame one client sends to
// every other client (no JSON, no session, no lock), read the same way as the taps ----
class FanoutServer {
 public:
  class Peer : public std::enable_shared_from_this<Peer> {
   public:
    Peer(FanoutServer& server, tcp::socket s) : server_(server), ws_(std::move(s)) {}
    void Start() {
      ws_.text(true);
      ws_.async_accept([self = shared_from_this()](beast::error_code ec) {
        if (ec) return;
        self->server_.Add(self);
        self->Read();
      });
    }
    // Rounds are sequential, so at most one write per peer is in flight.
    void Write(std::shared_ptr<std::string const> frame) {
      asio::post(ws_.get_executor(), [self = shared_from_this(), frame] {
        self->ws_.async_write(asio::buffer(*frame), [self, frame](beast::error_code, std::size_t) {});
      });
    }

   private:
    void Read() {
      buffer_.clear();
      ws_.async_read(buffer_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
        if (ec) return self->server_.Remove(self.get());
        self->server_.Broadcast(self.get(), std::make_shared<std::string const>(beast::buffers_to_string(self->buffer_.data())));
        self->Read();
      });
    }
    FanoutServer& server_;
    websocket::stream<beast::tcp_stream> ws_;
    beast::flat_buffer buffer_;
  };

  explicit FanoutServer(int threads) : ioc_(threads), acceptor_(ioc_) {
    tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
    acceptor_.open(ep.protocol());
    acceptor_.bind(ep);
    acceptor_.listen();
    Accept();
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { ioc_.run(); });
  }
  ~FanoutServer() {
    ioc_.stop();
    for (auto& t : threads_) t.join();
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }
  std::size_t peers() {
    std::lock_guard<std::mutex> lock(mutex_);
    return peers_.size();
  }

 private:
  void Accept() {
    acceptor_.async_accept(asio::make_strand(ioc_), [this](beast::error_code ec, tcp::socket s) {
      if (ec) return;
      std::make_shared<Peer>(*this, std::move(s))->Start();
      Accept();
    });
  }
  void Add(std::shared_ptr<Peer> peer) {
    std::lock_guard<std::mutex> lock(mutex_);
    peers_.push_back(std::move(peer));
  }
  void Remove(Peer const* peer) {
    std::lock_guard<std::mutex> lock(mutex_);
    peers_.erase(std::remove_if(peers_.begin(), peers_.end(), [&](auto const& p) { return p.get() == peer; }),
                 peers_.end());
  }
  void Broadcast(Peer const* from, std::shared_ptr<std::string const> const& frame) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& p : peers_)
      if (p.get() != from) p->Write(frame);
  }
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::vector<std::shared_ptr<Peer>> peers_;
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

struct TapSamples {
  std::vector<double> from_commit, from_put;  // us, one per socket
};

// One write to dyn/`name`, then every client reads its tap; the commit instant is the feed entry
// of that session whose change number the taps carry.
TapSamples TapRound(xbl::emulator::Emulator& emulator, std::int64_t& feed_seq, HttpClient& http, Audience& audience,
                    std::string const& name, int xuid, int round) {
  std::size_t n = audience.clients.size();
  std::vector<Clock::time_point> arrived(n);
  std::vector<std::string> texts(n);
  std::atomic<int> ready{0};
  std::vector<std::thread> readers;
  for (std::size_t i = 0; i < n; ++i)
    readers.emplace_back([&, i] {
      ++ready;
      texts[i] = audience.clients[i]->ReadText();
      arrived[i] = Clock::now();
    });
  while (ready < static_cast<int>(n)) std::this_thread::yield();
  auto t0 = Clock::now();
  http.Put(SessionTarget(name), Auth(xuid), R"({"properties":{"custom":{"round":)" + std::to_string(round) + "}}}");
  for (auto& t : readers) t.join();

  TapSamples out;
  auto entries = emulator.state().feed.Since(feed_seq);
  for (auto const& e : entries) feed_seq = std::max(feed_seq, e.seq + 1);
  for (std::size_t i = 0; i < n; ++i) {
    Json event = Json::parse(texts[i], nullptr, false);
    std::int64_t change = -1;
    if (event.is_array() && event.size() == 3 && event[0] == 3)
      change = event[2]["shoulderTaps"][0].value("changeNumber", std::int64_t{-1});
    auto commit = std::find_if(entries.begin(), entries.end(),
                               [&](auto const& e) { return e.name == name && e.change_number == change; });
    if (commit == entries.end()) {
      std::fprintf(stderr, "round %d: no commit in the feed for the tap %s\n", round, texts[i].c_str());
      std::exit(1);
    }
    out.from_commit.push_back(std::chrono::duration<double, std::micro>(arrived[i] - commit->committed_at).count());
    out.from_put.push_back(std::chrono::duration<double, std::micro>(arrived[i] - t0).count());
  }
  return out;
}

// One frame from `trigger` through the fan-out server; one latency per listener (us), from just
// before the trigger's write to the listener's read.
std::vector<double> FanoutRound(WsClient& trigger, std::vector<std::unique_ptr<WsClient>>& listeners,
                                std::string const& frame) {
  std::size_t n = listeners.size();
  std::vector<Clock::time_point> arrived(n);
  std::atomic<int> ready{0};
  std::vector<std::thread> readers;
  for (std::size_t i = 0; i < n; ++i)
    readers.emplace_back([&, i] {
      ++ready;
      listeners[i]->ReadText();
      arrived[i] = Clock::now();
    });
  while (ready < static_cast<int>(n)) std::this_thread::yield();
  auto t0 = Clock::now();
  trigger.ws.text(true);
  trigger.ws.write(asio::buffer(frame));
  for (auto& t : readers) t.join();
  std::vector<double> out;
  for (auto const& a : arrived) out.push_back(std::chrono::duration<double, std::micro>(a - t0).count());
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
  std::string side = "both";  // --side subscribed|none: measure one side only (for profiling it alone)
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--rounds") rounds = std::atoi(argv[i + 1]);
    if (a == "--seconds") seconds = std::atof(argv[i + 1]);
    if (a == "--server-threads") server_threads = std::atoi(argv[i + 1]);
    if (a == "--side") side = argv[i + 1];
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

  FanoutServer fanout_server(server_threads);
  WsClient trigger;
  trigger.Connect(fanout_server.port(), "");

  std::printf("| sockets | tap p50 us | tap p99 us | echo p50 us | echo p99 us | tap p50 / echo p50 | from-PUT p50 us | from-PUT p99 us | bare fan-out p50 us | bare fan-out p99 us | tap p50 / fan-out p50 |\n"
              "|---|---|---|---|---|---|---|---|---|---|---|\n");
  int xuid = 10000;
  std::int64_t feed_seq = 1;
  for (int sockets : {1, 10, 100}) {
    std::string name = "tap" + std::to_string(sockets);
    Audience audience = Join(emulator.port(), name, sockets, true, xuid);
    HttpClient http(emulator.port());
    std::vector<std::unique_ptr<WsClient>> listeners;
    for (int i = 0; i < sockets; ++i) {
      listeners.push_back(std::make_unique<WsClient>());
      listeners.back()->Connect(fanout_server.port(), "");
    }
    // Every listener of this N accepted, and the previous N's closed ones gone.
    while (fanout_server.peers() != static_cast<std::size_t>(sockets) + 1) std::this_thread::yield();
    std::vector<double> taps, from_put, echoes, fanouts;
    for (int r = 0; r < rounds; ++r) {  // interleaved: one write round, then one echo round trip
      auto round = TapRound(emulator, feed_seq, http, audience, name, xuid, r);
      taps.insert(taps.end(), round.from_commit.begin(), round.from_commit.end());
      from_put.insert(from_put.end(), round.from_put.begin(), round.from_put.end());
      echoes.push_back(EchoRound(echo, frame));
      auto spread = FanoutRound(trigger, listeners, frame);
      fanouts.insert(fanouts.end(), spread.begin(), spread.end());
    }
    for (auto& l : listeners) {  // the server drops a peer whose socket closes
      beast::error_code ignored;
      l->ws.next_layer().close(ignored);
    }
    double tp50 = Percentile(taps, 0.5), ep50 = Percentile(echoes, 0.5);
    double fp50 = Percentile(fanouts, 0.5);
    std::printf("| %d | %.0f | %.0f | %.0f | %.0f | %.2f | %.0f | %.0f | %.0f | %.0f | %.2f |\n", sockets, tp50,
                Percentile(taps, 0.99), ep50, Percentile(echoes, 0.99), ep50 > 0 ? tp50 / ep50 : 0.0,
                Percentile(from_put, 0.5), Percentile(from_put, 0.99), fp50, Percentile(fanouts, 0.99),
                fp50 > 0 ? tp50 / fp50 : 0.0);
    std::fflush(stdout);
    xuid += 1000;
  }

  Audience subscribed = Join(emulator.port(), "tput-sub", 100, true, 50000);
  Audience none = Join(emulator.port(), "tput-none", 100, false, 60000);
  std::printf("\n| writers | writes/s, 100 subscribed sockets | writes/s, none | ratio |\n|---|---|---|---|\n");
  // Interleaved in four slices each, so a burst of load on the shared machine hits both sides.
  constexpr int kSlices = 4;
  double with_subscribers = 0, without = 0;
  for (int slice = 0; slice < kSlices; ++slice) {
    if (side != "none")
      with_subscribers += Throughput(emulator.port(), "tput-sub", 50000, 8, seconds / kSlices, subscribed) / kSlices;
    if (side != "subscribed")
      without += Throughput(emulator.port(), "tput-none", 60000, 8, seconds / kSlices, none) / kSlices;
  }
  std::printf("| 8 | %.0f | %.0f | %.0f%% |\n", with_subscribers, without, without > 0 ? 100.0 * with_subscribers / without : 0.0);
  return 0;
}
