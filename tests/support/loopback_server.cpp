#include "loopback_server.h"
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <sys/socket.h>
#include <map>

namespace xbl::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct LoopbackServer::Impl {
  asio::io_context io;
  tcp::acceptor acceptor{io, tcp::endpoint(asio::ip::address_v4::loopback(), 0)};
  std::map<int, std::unique_ptr<tcp::socket>> sockets;  // by connection index
  unsigned short port = 0;
};

LoopbackServer::LoopbackServer(Handler handler) : impl_(std::make_unique<Impl>()), handler_(std::move(handler)) {
  impl_->port = impl_->acceptor.local_endpoint().port();
  accept_thread_ = std::thread([this] { AcceptLoop(); });
}

LoopbackServer::~LoopbackServer() { Stop(); }

std::string LoopbackServer::base_url() const { return "http://127.0.0.1:" + std::to_string(impl_->port); }

void LoopbackServer::Stop() {
  if (stopping_.exchange(true)) return;
  // shutdown(2) wakes threads blocked in accept/read; they close their own sockets.
  ::shutdown(impl_->acceptor.native_handle(), SHUT_RDWR);
  if (accept_thread_.joinable()) accept_thread_.join();
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& [index, socket] : impl_->sockets) ::shutdown(socket->native_handle(), SHUT_RDWR);
    threads.swap(connection_threads_);
  }
  for (auto& thread : threads) thread.join();
  boost::system::error_code ignored;
  impl_->acceptor.close(ignored);
}

void LoopbackServer::AcceptLoop() {
  while (!stopping_) {
    auto socket = std::make_unique<tcp::socket>(impl_->io);
    boost::system::error_code ec;
    impl_->acceptor.accept(*socket, ec);
    if (ec) {
      if (stopping_) return;
      continue;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return;
    int const index = connections_++;
    impl_->sockets.emplace(index, std::move(socket));
    connection_threads_.emplace_back([this, index] { Serve(index); });
  }
}

namespace {

std::string StatusLine(int status) { return "HTTP/1.1 " + std::to_string(status) + " Status\r\n"; }

/// Blocks until the peer closes the connection or the server shuts it down.
void WaitForClose(tcp::socket& socket) {
  char byte;
  boost::system::error_code ec;
  while (!ec) socket.read_some(asio::buffer(&byte, 1), ec);
}

}  // namespace

void LoopbackServer::Serve(int index) {
  tcp::socket* socket = nullptr;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    socket = impl_->sockets.at(index).get();
  }
  beast::flat_buffer buffer;
  while (!stopping_) {
    http::request<http::string_body> message;
    boost::system::error_code ec;
    http::read(*socket, buffer, message, ec);
    if (ec) break;
    ++requests_;
    Request request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    for (auto const& field : message) request.headers[std::string(field.name_string())] = std::string(field.value());
    request.body = message.body();
    Reply reply = handler_(request);

    if (reply.behaviour == Behaviour::kNeverAnswer) {
      WaitForClose(*socket);
      break;
    }
    if (reply.behaviour == Behaviour::kDropMidBody || reply.behaviour == Behaviour::kStallAfterHeaders) {
      std::string head = StatusLine(reply.status);
      for (auto const& [name, value] : reply.headers) head += name + ": " + value + "\r\n";
      head += "Content-Length: " + std::to_string(reply.body.size() + 1000) + "\r\n\r\n";
      head += reply.body.substr(0, reply.body.size() / 2);
      asio::write(*socket, asio::buffer(head), ec);
      if (reply.behaviour == Behaviour::kStallAfterHeaders) WaitForClose(*socket);
      break;
    }
    http::response<http::string_body> response{static_cast<http::status>(reply.status), message.version()};
    for (auto const& [name, value] : reply.headers) response.set(name, value);
    response.body() = std::move(reply.body);
    response.keep_alive(message.keep_alive());
    response.prepare_payload();
    http::write(*socket, response, ec);
    if (ec || !response.keep_alive()) break;
  }
  boost::system::error_code ignored;
  std::lock_guard<std::mutex> lock(mutex_);
  socket->shutdown(tcp::socket::shutdown_both, ignored);
  socket->close(ignored);
  impl_->sockets.erase(index);
}

}  // namespace xbl::testing
