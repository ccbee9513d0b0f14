#include "event_stream.h"

#include "upgraded_socket.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

#include <array>
#include <deque>
#include <functional>
#include <vector>

namespace xbl::emulator {

namespace asio = boost::asio;

std::string FormatServerSentEvent(std::string const& name, Json const& data) {
  return "event: " + name + "\ndata: " + data.dump() + "\n\n";
}

/// One open stream. Every member is touched only on the socket's executor (a strand).
class EventStream::Client : public std::enable_shared_from_this<Client> {
 public:
  Client(asio::ip::tcp::socket socket, std::function<void()> on_end)
      : socket_(std::move(socket)), keep_alive_(socket_.get_executor()), on_end_(std::move(on_end)) {}

  void Start(std::string first) {
    asio::post(socket_.get_executor(), [self = shared_from_this(), first = std::move(first)]() mutable {
      self->Enqueue(std::move(first));
      self->Read();
      self->ArmKeepAlive();
    });
  }

  void Send(std::string text) {
    asio::post(socket_.get_executor(),
               [self = shared_from_this(), text = std::move(text)]() mutable { self->Enqueue(std::move(text)); });
  }

  void Close() {
    asio::post(socket_.get_executor(), [self = shared_from_this()] { self->End(); });
  }

 private:
  void Enqueue(std::string text) {
    if (ended_) return;
    if (queue_.size() >= kMaxQueued) return End();  // too far behind: the page reconnects
    queue_.push_back(std::move(text));
    if (!writing_) Write();
  }

  void Write() {
    writing_ = true;
    asio::async_write(socket_, asio::buffer(queue_.front()),
                      [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                        self->queue_.pop_front();
                        self->writing_ = false;
                        if (ec) return self->End();
                        if (!self->queue_.empty() && !self->ended_) self->Write();
                      });
  }

  // The client sends nothing after its request; a read ends when it goes away.
  void Read() {
    socket_.async_read_some(asio::buffer(scratch_),
                            [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                              if (ec) return self->End();
                              self->Read();
                            });
  }

  void ArmKeepAlive() {
    keep_alive_.expires_after(kKeepAlive);
    keep_alive_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (ec || self->ended_) return;
      self->Enqueue(": keep-alive\n\n");
      self->ArmKeepAlive();
    });
  }

  void End() {
    if (ended_) return;
    ended_ = true;
    keep_alive_.cancel();
    boost::system::error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
    if (on_end_) on_end_();
    on_end_ = nullptr;
  }

  asio::ip::tcp::socket socket_;
  asio::steady_timer keep_alive_;
  std::function<void()> on_end_;
  std::deque<std::string> queue_;
  bool writing_ = false;
  bool ended_ = false;
  std::array<char, 512> scratch_{};
};

EventStream::EventStream() = default;
EventStream::~EventStream() = default;

void EventStream::Open(std::unique_ptr<UpgradedSocket> upgraded, Json const& hello) {
  std::shared_ptr<Client> client;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!shut_down_ && clients_.size() < kMaxClients) {
      int const id = next_id_++;
      client = std::make_shared<Client>(std::move(upgraded->socket), [this, id] { Remove(id); });
      clients_.emplace(id, client);
    }
  }
  if (!client)
    return AnswerAndClose(std::move(upgraded), 503, "Service Unavailable",
                          "The emulator has as many event streams open as it serves; close one and retry.");
  // No Content-Length: the body is the stream, ended by closing the connection.
  client->Start(
      "HTTP/1.1 200 OK\r\nServer: xbl-mpsd-emulator\r\nContent-Type: text/event-stream; charset=utf-8\r\n"
      "Cache-Control: no-store\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\n\r\n"
      "retry: 1000\n\n" +
      FormatServerSentEvent("hello", hello));
}

void EventStream::Publish(std::string const& name, Json const& data) {
  std::vector<std::shared_ptr<Client>> clients;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (clients_.empty()) return;
    for (auto const& [id, client] : clients_) clients.push_back(client);
  }
  std::string const text = FormatServerSentEvent(name, data);
  for (auto const& client : clients) client->Send(text);
}

std::size_t EventStream::open_streams() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return clients_.size();
}

void EventStream::Remove(int id) {
  std::lock_guard<std::mutex> lock(mutex_);
  clients_.erase(id);
}

void EventStream::Shutdown() {
  std::map<int, std::shared_ptr<Client>> clients;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    shut_down_ = true;
    clients.swap(clients_);
  }
  for (auto const& [id, client] : clients) client->Close();
}

}  // namespace xbl::emulator
