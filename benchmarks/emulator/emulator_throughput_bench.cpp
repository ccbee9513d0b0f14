// Reads and writes per second, p50/p99 latency, with 1, 8 and 64 keep-alive clients, against the
// emulator and against a minimal Boost.Beast server answering a fixed JSON document (the
// baseline), both measured in the same run with the same number of server threads.
//
//   xbl_emulator_throughput_bench [--seconds S] [--server-threads N]
#include "emulator.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// ---- the baseline: answers every request with the same JSON document ----
class FixedSession : public std::enable_shared_from_this<FixedSession> {
 public:
  FixedSession(tcp::socket s, std::string const& body) : stream_(std::move(s)), body_(body) {}
  void Read() {
    req_ = {};
    http::async_read(stream_, buffer_, req_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return;
      self->Write();
    });
  }

 private:
  void Write() {
    auto res = std::make_shared<http::response<http::string_body>>(http::status::ok, req_.version());
    res->set(http::field::content_type, "application/json");
    res->set(http::field::etag, "\"fixed\"");
    res->body() = body_;
    res->keep_alive(req_.keep_alive());
    res->prepare_payload();
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
      if (ec || !res->keep_alive()) return;
      self->Read();
    });
  }
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> req_;
  std::string const& body_;
};

class FixedServer {
 public:
  FixedServer(std::string body, int threads) : body_(std::move(body)), ioc_(threads), acceptor_(ioc_) {
    tcp::endpoint ep(asio::ip::make_address("127.0.0.1"), 0);
    acceptor_.open(ep.protocol());
    acceptor_.bind(ep);
    acceptor_.listen();
    Accept();
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { ioc_.run(); });
  }
  ~FixedServer() {
    ioc_.stop();
    for (auto& t : threads_) t.join();
  }
  unsigned short port() const { return acceptor_.local_endpoint().port(); }

 private:
  void Accept() {
    acceptor_.async_accept(asio::make_strand(ioc_), [this](beast::error_code ec, tcp::socket s) {
      if (ec) return;
      std::make_shared<FixedSession>(std::move(s), body_)->Read();
      Accept();
    });
  }
  std::string body_;
  asio::io_context ioc_;
  tcp::acceptor acceptor_;
  std::vector<std::thread> threads_;
};

// ---- the load generator ----
struct Result {
  double per_second = 0;
  double p50_us = 0;
  double p99_us = 0;
  long errors = 0;
};

Result Run(unsigned short port, int clients, double seconds, bool write) {
  std::atomic<bool> start{false};
  std::vector<std::vector<double>> latencies(static_cast<std::size_t>(clients));
  std::atomic<long> errors{0};
  std::vector<std::thread> threads;
  auto const duration = std::chrono::duration<double>(seconds);
  for (int c = 0; c < clients; ++c) {
    threads.emplace_back([&, c] {
      asio::io_context ioc;
      tcp::socket socket(ioc);
      socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
      beast::flat_buffer buffer;
      std::string target = "/serviceconfigs/c0f0c0f0-0000-4000-8000-000000000001/sessiontemplates/keep/sessions/bench" +
                           std::to_string(c);
      while (!start) std::this_thread::yield();
      auto const end = Clock::now() + duration;
      long i = 0;
      while (Clock::now() < end) {
        http::request<http::string_body> req(write ? http::verb::put : http::verb::get, target, 11);
        req.set(http::field::host, "127.0.0.1");
        req.set("X-Xbl-Contract-Version", "107");
        req.set(http::field::authorization, "XBL3.0 x=1001;device=dA&title=8397267");
        if (write) {
          req.set(http::field::content_type, "application/json");
          req.body() = "{\"properties\":{\"custom\":{\"score\":" + std::to_string(++i) + "}}}";
        }
        req.keep_alive(true);
        req.prepare_payload();
        auto t0 = Clock::now();
        beast::error_code ec;
        http::write(socket, req, ec);
        http::response<http::string_body> res;
        if (!ec) http::read(socket, buffer, res, ec);
        if (ec || res.result_int() != 200) {
          ++errors;
          if (ec) return;
          continue;
        }
        latencies[static_cast<std::size_t>(c)].push_back(
            std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
      }
    });
  }
  start = true;
  for (auto& t : threads) t.join();
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  Result r;
  r.errors = errors;
  if (all.empty()) return r;
  r.per_second = static_cast<double>(all.size()) / seconds;
  r.p50_us = all[all.size() / 2];
  r.p99_us = all[std::min(all.size() - 1, all.size() * 99 / 100)];
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 2.0;
  int server_threads = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
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
  // One session per client (up to 64), each with a joined member and some custom state.
  std::string session_body;
  for (int c = 0; c < 64; ++c) {
    xbl::emulator::HttpRequest req;
    req.method = "PUT";
    req.path = "/serviceconfigs/c0f0c0f0-0000-4000-8000-000000000001/sessiontemplates/keep/sessions/bench" + std::to_string(c);
    req.headers = {{"x-xbl-contract-version", "107"}, {"authorization", "XBL3.0 x=1001;device=dA&title=8397267"}};
    req.body = R"({"members":{"me":{"constants":{"system":{"xuid":"1001"}},"properties":{"system":{"active":true}}}},)"
               R"("properties":{"custom":{"map":"dust","mode":"ctf","score":0}}})";
    auto res = emulator.Handle(req);
    if (res.status != 201) {
      std::fprintf(stderr, "setup failed: %d %s\n", res.status, res.body.c_str());
      return 1;
    }
    session_body = res.body;
  }
  FixedServer baseline(session_body, server_threads);  // answers a session-sized document

  std::printf("| op | clients | emulator req/s | baseline req/s | ratio | emulator p50/p99 us | baseline p50/p99 us |\n");
  std::printf("|---|---|---|---|---|---|---|\n");
  for (bool write : {false, true}) {
    for (int clients : {1, 8, 64}) {
      Result e = Run(emulator.port(), clients, seconds, write);
      Result b = Run(baseline.port(), clients, seconds, write);
      std::printf("| %s | %d | %.0f | %.0f | %.0f%% | %.0f / %.0f | %.0f / %.0f |%s\n", write ? "write" : "read", clients,
                  e.per_second, b.per_second, b.per_second > 0 ? 100.0 * e.per_second / b.per_second : 0.0, e.p50_us,
                  e.p99_us, b.p50_us, b.p99_us, e.errors || b.errors ? " (errors!)" : "");
      std::fflush(stdout);
    }
  }
  emulator.Stop();
  return 0;
}
