#include "http_server.h"

#include "upgraded_socket.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace xbl::emulator {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kIdleTimeout = std::chrono::seconds(120);  // writing an answer, reading a body
constexpr auto kFirstAcceptBackoff = std::chrono::milliseconds(10);
constexpr auto kMaxAcceptBackoff = std::chrono::milliseconds(1000);

/// Holds one of the server's connection slots while it lives.
class ConnectionSlot {
 public:
  explicit ConnectionSlot(std::atomic<std::size_t>& open) : open_(&open) { open_->fetch_add(1); }
  ~ConnectionSlot() { open_->fetch_sub(1); }
  ConnectionSlot(ConnectionSlot const&) = delete;
  ConnectionSlot& operator=(ConnectionSlot const&) = delete;

 private:
  std::atomic<std::size_t>* open_;
};

HttpRequest ToRequest(http::request<http::string_body> const& req) {
  HttpRequest out;
  out.method = std::string(req.method_string());
  std::string target(req.target());
  std::size_t q = target.find('?');
  std::string raw_path = target.substr(0, q);
  if (!PercentDecode(raw_path, out.path)) out.path = raw_path;
  if (q != std::string::npos) out.query = target.substr(q + 1);
  for (auto const& field : req) {
    std::string name = ToLower(std::string(field.name_string()));
    std::string value(field.value());
    auto it = out.headers.find(name);
    if (it == out.headers.end())
      out.headers.emplace(name, value);
    else
      it->second += ", " + value;
  }
  out.body = req.body();
  return out;
}

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, HttpServer::Handler const& handler, HttpServer::UpgradeHandler const& upgrade,
             std::string const& stream_path, HttpServer::UpgradeHandler const& stream_handler,
             std::chrono::milliseconds header_timeout, std::unique_ptr<ConnectionSlot> slot)
      : stream_(std::move(socket)),
        delay_(stream_.get_executor()),
        handler_(handler),
        upgrade_(upgrade),
        stream_path_(stream_path),
        stream_handler_(stream_handler),
        header_timeout_(header_timeout),
        slot_(std::move(slot)) {}

  void Start() { ReadRequest(); }

  /// Answers a client over the connection cap and closes, without reading its request.
  void RefuseOverCap() {
    HttpResponse busy = TextResponse(503, "The emulator has too many open connections; retry shortly.");
    busy.SetHeader("Retry-After", "1");
    keep_alive_ = false;
    Send(busy);
  }

 private:
  void ReadRequest() {
    parser_.emplace();
    parser_->body_limit(HttpServer::kMaxBodyBytes);
    parser_->header_limit(64 * 1024);
    stream_.expires_after(header_timeout_);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnHeader(ec); });
  }

  // Header first, so a client that sent `Expect: 100-continue` (curl does for larger bodies)
  // gets its interim answer instead of waiting a second before sending the body.
  void OnHeader(beast::error_code ec) {
    if (ec) return OnRead(ec);
    auto const& req = parser_->get();
    auto expect = req.find(http::field::expect);
    if (expect != req.end() && beast::iequals(expect->value(), "100-continue") && !parser_->is_done()) {
      auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_, req.version());
      http::async_write(stream_, *cont, [self = shared_from_this(), cont](beast::error_code wec, std::size_t) {
        if (wec) return self->Close();
        self->ReadBody();
      });
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    stream_.expires_after(kIdleTimeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->OnRead(ec); });
  }

  void OnRead(beast::error_code ec) {
    if (ec == http::error::end_of_stream || ec == asio::error::eof) return Close();
    if (ec == http::error::body_limit) return SendError(413, "The request body exceeds 1 MiB.");
    if (ec && ec.category() == http::make_error_code(http::error::bad_target).category())
      return SendError(400, "Malformed HTTP request.");
    if (ec) return Close();  // timeout, reset, shutdown
    auto const& req = parser_->get();
    if (upgrade_ && beast::websocket::is_upgrade(req)) {
      HttpRequest request = ToRequest(req);
      if (request.path == "/connect") {
        slot_.reset();  // the RTA hub owns the socket from here
        auto upgraded = std::make_unique<UpgradedSocket>(UpgradedSocket{stream_.release_socket(), {}});
        upgraded->pending = beast::buffers_to_string(buffer_.data());
        return upgrade_(request, std::move(upgraded));
      }
    }
    if (stream_handler_ && req.method() == http::verb::get) {
      HttpRequest request = ToRequest(req);
      if (request.path == stream_path_) {
        slot_.reset();  // the stream's owner bounds its own connections
        auto taken = std::make_unique<UpgradedSocket>(UpgradedSocket{stream_.release_socket(), {}});
        return stream_handler_(request, std::move(taken));
      }
    }
    keep_alive_ = req.keep_alive();
    version_ = req.version();
    HttpResponse response;
    try {
      response = handler_(ToRequest(req));
    } catch (std::exception const& e) {
      response = TextResponse(500, std::string("internal error: ") + e.what());
    } catch (...) {
      response = TextResponse(500, "internal error");
    }
    if (response.delay_ms > 0) {
      delay_.expires_after(std::chrono::milliseconds(response.delay_ms));
      delay_.async_wait([self = shared_from_this(), response](beast::error_code wait_ec) {
        if (wait_ec) return self->Close();
        self->Send(response);
      });
      return;
    }
    Send(response);
  }

  void SendError(int status, std::string const& message) {
    keep_alive_ = false;
    version_ = 11;
    Send(TextResponse(status, message));
  }

  void Send(HttpResponse const& response) {
    if (response.drop_connection) return Close();
    auto res = std::make_shared<http::response<http::string_body>>();
    res->version(version_ == 10 ? 10 : 11);
    res->result(static_cast<unsigned>(response.status));
    res->set(http::field::server, "xbl-mpsd-emulator");
    for (auto const& h : response.headers) res->set(h.first, h.second);
    res->body() = response.body;
    res->keep_alive(keep_alive_);
    res->prepare_payload();
    stream_.expires_after(kIdleTimeout);
    http::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
      if (ec) return self->Close();
      if (!res->keep_alive()) return self->LingeringClose();
      self->ReadRequest();
    });
  }

  // After a final answer (e.g. 413 while the client is still sending), stop sending but keep
  // reading and discarding for a bounded time, so the client can finish writing and read it.
  void LingeringClose() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::seconds(5));
    Drain();
  }

  void Drain() {
    if (drained_ > 8 * HttpServer::kMaxBodyBytes) return Close();
    stream_.async_read_some(asio::buffer(scratch_), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      if (ec) return self->Close();
      self->drained_ += n;
      self->Drain();
    });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

  beast::tcp_stream stream_;
  asio::steady_timer delay_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  HttpServer::Handler const& handler_;
  HttpServer::UpgradeHandler const& upgrade_;
  std::string const& stream_path_;
  HttpServer::UpgradeHandler const& stream_handler_;
  std::chrono::milliseconds header_timeout_;
  std::unique_ptr<ConnectionSlot> slot_;
  bool keep_alive_ = true;
  unsigned version_ = 11;
  std::array<char, 16384> scratch_{};
  std::size_t drained_ = 0;
};

}  // namespace

struct HttpServer::Impl {
  Impl(Handler h, int n, UpgradeHandler u, ConnectionLimits l)
      : handler(std::move(h)),
        upgrade(std::move(u)),
        limits(l),
        ioc(n),
        acceptor(ioc),
        accept_backoff_timer(ioc),
        thread_count(n) {}

  // Runs on the pool. An accept error (EMFILE/ENFILE above all) would fail again at once, so the
  // next accept waits, doubling up to a second, instead of spinning; a success resets the wait.
  void Accept() {
    acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
      if (ec) return AcceptLater();
      accept_backoff = std::chrono::milliseconds(0);
      bool const over_cap = open.load() >= limits.max_connections;
      auto connection = std::make_shared<Connection>(std::move(socket), handler, upgrade, stream_path, stream_handler,
                                                     limits.header_timeout, std::make_unique<ConnectionSlot>(open));
      if (over_cap)
        connection->RefuseOverCap();
      else
        connection->Start();
      Accept();
    });
  }

  void AcceptLater() {
    accept_backoff = accept_backoff.count() == 0 ? kFirstAcceptBackoff : std::min(accept_backoff * 2, kMaxAcceptBackoff);
    accept_backoff_timer.expires_after(accept_backoff);
    accept_backoff_timer.async_wait([this](beast::error_code ec) {
      if (ec || !acceptor.is_open()) return;
      Accept();
    });
  }

  Handler handler;
  UpgradeHandler upgrade;
  std::string stream_path;        // set before Start, then only read
  UpgradeHandler stream_handler;  // idem
  ConnectionLimits limits;
  asio::io_context ioc;
  tcp::acceptor acceptor;
  asio::steady_timer accept_backoff_timer;          // only touched by the accept chain
  std::chrono::milliseconds accept_backoff{0};      // idem
  std::atomic<std::size_t> open{0};                 // connections holding a slot
  int thread_count;
  std::vector<std::thread> threads;
  std::mutex stop_mutex;
  bool stopped = false;
};

HttpServer::HttpServer(Handler handler, int threads, UpgradeHandler upgrade, ConnectionLimits limits)
    : impl_(std::make_unique<Impl>(std::move(handler), threads < 1 ? 1 : threads, std::move(upgrade), limits)) {}

HttpServer::~HttpServer() { Stop(); }

void HttpServer::SetStreamHandler(std::string path, UpgradeHandler handler) {
  impl_->stream_path = std::move(path);
  impl_->stream_handler = std::move(handler);
}

bool HttpServer::Start(std::string const& host, unsigned short port, std::string* error) {
  beast::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) {
    if (error) *error = "invalid host address '" + host + "': " + ec.message();
    return false;
  }
  tcp::endpoint endpoint(address, port);
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(endpoint, ec);
  if (!ec) impl_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    if (error) *error = "cannot listen on " + host + ":" + std::to_string(port) + ": " + ec.message();
    return false;
  }
  impl_->Accept();
  for (int i = 0; i < impl_->thread_count; ++i) impl_->threads.emplace_back([this] { impl_->ioc.run(); });
  return true;
}

unsigned short HttpServer::port() const {
  beast::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

std::size_t HttpServer::open_connections() const { return impl_->open.load(); }

void HttpServer::Stop() {
  std::lock_guard<std::mutex> lock(impl_->stop_mutex);
  if (impl_->stopped) return;
  impl_->stopped = true;
  asio::post(impl_->ioc, [impl = impl_.get()] {
    beast::error_code ignored;
    impl->acceptor.close(ignored);
    impl->accept_backoff_timer.cancel();
  });
  // Running handlers finish; queued ones are destroyed with the io_context, closing their sockets.
  impl_->ioc.stop();
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
  impl_->threads.clear();
  beast::error_code ignored;
  impl_->acceptor.close(ignored);
}

}  // namespace xbl::emulator
