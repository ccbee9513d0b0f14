// Reads and writes per second, p50/p99 latency, with 1, 8 and 64 keep-alive clients, against the
// emulator and against a minimal Boost.Beast server answering a fixed JSON document (the
// baseline), both in the same process with the same number of server threads. The two run in
// alternating short blocks (emulator, baseline, then baseline, emulator, ...), each pair giving one
// ratio; a cell reports the median ratio and its min-max spread over the pairs.
//
//   xbl_emulator_throughput_bench [--block-ms MS] [--pairs N] [--server-threads N] [--op read|write]
//                                 [--clients 1|8|64]
#include "emulator.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
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
// Each side keeps its own keep-alive clients connected for the whole cell; a block lets one side's
// clients run for `block` while the other side's wait on a condition variable (no CPU), so the two
// servers alternate in short blocks and load drift on the shared machine hits both alike.
struct Side {
  Side(unsigned short port, int clients, bool write) : port(port), clients(clients), write(write) {}
  unsigned short port;
  int clients;
  bool write;
  std::vector<std::vector<double>> latencies;  // per client, every block
  std::atomic<long> completed{0};               // requests answered in the running block
  std::atomic<long> errors{0};
  std::atomic<int> busy{0};                     // clients still inside the running block
  std::uint64_t generation = 0;                 // counts this side's blocks; guarded by Blocks::mutex_
  std::vector<std::thread> threads;
};

class Blocks {
 public:
  /// Starts both sides' clients, connected and waiting for their first block.
  Blocks(Side& emulator, Side& baseline) : sides_{&emulator, &baseline} {
    for (Side* side : sides_) {
      side->latencies.resize(static_cast<std::size_t>(side->clients));
      for (int c = 0; c < side->clients; ++c) side->threads.emplace_back([this, side, c] { Client(*side, c); });
    }
  }
  ~Blocks() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      quit_ = true;
    }
    wake_.notify_all();
    for (Side* side : sides_)
      for (auto& t : side->threads) t.join();
  }
  /// Runs one block of `side` (0 = emulator, 1 = baseline): requests per second in it.
  double RunBlock(int index, std::chrono::duration<double> block) {
    Side& side = *sides_[index];
    side.completed = 0;
    side.busy = side.clients;
    auto const start = Clock::now();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      active_ = index;
      ++side.generation;
    }
    wake_.notify_all();
    std::this_thread::sleep_for(block);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      active_ = -1;
    }
    auto const stop = Clock::now();
    long const done = side.completed;  // answered before the stop; requests in flight are not counted
    for (int spins = 0; side.busy > 0 && spins < 200000; ++spins) std::this_thread::sleep_for(std::chrono::microseconds(50));
    return static_cast<double>(done) / std::chrono::duration<double>(stop - start).count();
  }

 private:
  bool Running(Side const& side) const {
    int const active = active_;
    return active >= 0 && sides_[active] == &side;
  }
  void Client(Side& side, int c) {
    asio::io_context ioc;
    tcp::socket socket(ioc);
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), side.port));
    socket.set_option(tcp::no_delay(true));
    beast::flat_buffer buffer;
    std::string const target =
        "/serviceconfigs/c0f0c0f0-0000-4000-8000-000000000001/sessiontemplates/keep/sessions/bench" + std::to_string(c);
    long i = 0;
    std::uint64_t seen = 0;
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(mutex_);
        wake_.wait(lock, [&] { return quit_ || side.generation != seen; });
        if (quit_) return;
        seen = side.generation;
      }
      bool broken = false;
      while (!broken && Running(side)) {
        http::request<http::string_body> req(side.write ? http::verb::put : http::verb::get, target, 11);
        req.set(http::field::host, "127.0.0.1");
        req.set("X-Xbl-Contract-Version", "107");
        req.set(http::field::authorization, "XBL3.0 x=1001;device=dA&title=8397267");
        if (side.write) {
          req.set(http::field::content_type, "application/json");
          req.body() = "{\"properties\":{\"custom\":{\"score\":" + std::to_string(++i) + "}}}";
        }
        req.keep_alive(true);
        req.prepare_payload();
        auto const t0 = Clock::now();
        beast::error_code ec;
        http::write(socket, req, ec);
        http::response<http::string_body> res;
        if (!ec) http::read(socket, buffer, res, ec);
        if (ec || res.result_int() != 200) {
          ++side.errors;
          broken = static_cast<bool>(ec);  // a broken connection stops this client
          continue;
        }
        ++side.completed;
        side.latencies[static_cast<std::size_t>(c)].push_back(
            std::chrono::duration<double, std::micro>(Clock::now() - t0).count());
      }
      --side.busy;
      if (broken) return;
    }
  }

  Side* sides_[2];
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<int> active_{-1};  // the side whose block is running; written under mutex_
  bool quit_ = false;
};

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
}

double Percentile(Side const& side, double p) {
  std::vector<double> all;
  for (auto const& l : side.latencies) all.insert(all.end(), l.begin(), l.end());
  if (all.empty()) return 0;
  std::sort(all.begin(), all.end());
  return all[std::min(all.size() - 1, static_cast<std::size_t>(static_cast<double>(all.size()) * p))];
}

struct Cell {
  std::vector<double> emulator_rates, baseline_rates, ratios;  // one per pair of blocks
  double emulator_p50 = 0, emulator_p99 = 0, baseline_p50 = 0, baseline_p99 = 0;
  long errors = 0;
};

/// `pairs` pairs of blocks, in the order E B, B E, E B, ... (so neither side always goes first),
/// after one unrecorded warm-up pair; each pair gives one emulator/baseline ratio.
Cell Measure(unsigned short emulator_port, unsigned short baseline_port, int clients, bool write, int pairs,
             std::chrono::duration<double> block) {
  Side emulator(emulator_port, clients, write);
  Side baseline(baseline_port, clients, write);
  Cell cell;
  {
    Blocks blocks(emulator, baseline);
    blocks.RunBlock(0, block);
    blocks.RunBlock(1, block);
    for (auto* side : {&emulator, &baseline})
      for (auto& l : side->latencies) l.clear();
    for (int p = 0; p < pairs; ++p) {
      int const first = p % 2;
      double rate[2];
      rate[first] = blocks.RunBlock(first, block);
      rate[1 - first] = blocks.RunBlock(1 - first, block);
      cell.emulator_rates.push_back(rate[0]);
      cell.baseline_rates.push_back(rate[1]);
      cell.ratios.push_back(rate[1] > 0 ? rate[0] / rate[1] : 0.0);
    }
  }
  cell.emulator_p50 = Percentile(emulator, 0.50);
  cell.emulator_p99 = Percentile(emulator, 0.99);
  cell.baseline_p50 = Percentile(baseline, 0.50);
  cell.baseline_p99 = Percentile(baseline, 0.99);
  cell.errors = emulator.errors + baseline.errors;
  return cell;
}

}  // namespace

int main(int argc, char** argv) {
  int block_ms = 300;
  int pairs = 10;
  int server_threads = 2;
  std::string only_op;   // "read" or "write": that op alone (for profiling)
  int only_clients = 0;  // that client count alone
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--op") only_op = argv[i + 1];
    if (a == "--clients") only_clients = std::atoi(argv[i + 1]);
    if (a == "--block-ms") block_ms = std::atoi(argv[i + 1]);
    if (a == "--pairs") pairs = std::atoi(argv[i + 1]);
    if (a == "--server-threads") server_threads = std::atoi(argv[i + 1]);
  }
  block_ms = std::max(block_ms, 10);
  pairs = std::max(pairs, 1);
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

  std::printf("%d pairs of %d ms blocks per cell, %d server threads each\n\n", pairs, block_ms, server_threads);
  std::printf("| op | clients | emulator req/s (median) | baseline req/s (median) | ratio median | ratio min-max |"
              " emulator p50/p99 us | baseline p50/p99 us |\n");
  std::printf("|---|---|---|---|---|---|---|---|\n");
  for (bool write : {false, true}) {
    if (!only_op.empty() && only_op != (write ? "write" : "read")) continue;
    for (int clients : {1, 8, 64}) {
      if (only_clients != 0 && clients != only_clients) continue;
      Cell c = Measure(emulator.port(), baseline.port(), clients, write, pairs, std::chrono::milliseconds(block_ms));
      auto const [lo, hi] = std::minmax_element(c.ratios.begin(), c.ratios.end());
      std::printf("| %s | %d | %.0f | %.0f | %.0f%% | %.0f-%.0f%% | %.0f / %.0f | %.0f / %.0f |%s\n",
                  write ? "write" : "read", clients, Median(c.emulator_rates), Median(c.baseline_rates),
                  100.0 * Median(c.ratios), 100.0 * *lo, 100.0 * *hi, c.emulator_p50, c.emulator_p99, c.baseline_p50,
                  c.baseline_p99, c.errors ? " (errors!)" : "");
      std::fflush(stdout);
    }
  }
  emulator.Stop();
  return 0;
}
