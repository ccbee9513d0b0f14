#pragma once
#include "http_message.h"

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

namespace xbl::emulator {

struct UpgradedSocket;

/// How much of the server one client can hold.
struct ConnectionLimits {
  /// Open connections at most; one past it is answered 503 with Retry-After and closed at once.
  std::size_t max_connections = 512;
  /// The longest a connection may take to send a request's header, counted from when the server
  /// starts waiting for it (so an idle keep-alive connection or a slow sender frees its slot).
  std::chrono::milliseconds header_timeout{10000};
};

/// The HTTP front: Boost.Beast, asynchronous, HTTP/1.1 keep-alive, a small thread pool.
/// Bodies over 1 MiB get 413, malformed HTTP gets 400 (then the connection closes), a header not
/// complete within `ConnectionLimits::header_timeout` closes the connection, a body gets two minutes.
/// When the process runs out of file descriptors, accepting pauses with a growing back-off instead
/// of spinning. `Stop` (and the destructor) ends it cleanly even with requests in flight: running
/// handlers finish, pending ones are dropped.
class HttpServer {
 public:
  using Handler = std::function<HttpResponse(HttpRequest const&)>;
  /// Takes over a connection whose request is a WebSocket upgrade of `/connect` (any query).
  using UpgradeHandler = std::function<void(HttpRequest const&, std::unique_ptr<UpgradedSocket>)>;
  static constexpr std::size_t kMaxBodyBytes = 1024 * 1024;

  HttpServer(Handler handler, int threads, UpgradeHandler upgrade = nullptr, ConnectionLimits limits = {});
  ~HttpServer();
  HttpServer(HttpServer const&) = delete;
  HttpServer& operator=(HttpServer const&) = delete;

  /// Before Start: a GET of exactly `path` (any query) hands its connection to `handler` instead of
  /// answering it, for long-lived streams that the header and idle timeouts must not cut.
  void SetStreamHandler(std::string path, UpgradeHandler handler);
  /// Binds and starts serving; false with a message when the address cannot be bound.
  bool Start(std::string const& host, unsigned short port, std::string* error);
  unsigned short port() const;
  /// HTTP connections open right now (upgraded RTA sockets no longer count).
  std::size_t open_connections() const;
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xbl::emulator
