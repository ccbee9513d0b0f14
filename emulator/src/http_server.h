#pragma once
#include "http_message.h"

#include <functional>
#include <memory>
#include <string>

namespace xbl::emulator {

struct UpgradedSocket;

/// The HTTP front: Boost.Beast, asynchronous, HTTP/1.1 keep-alive, a small thread pool.
/// Bodies over 1 MiB get 413, malformed HTTP gets 400 (then the connection closes), idle
/// connections close after two minutes. `Stop` (and the destructor) ends it cleanly even with
/// requests in flight: running handlers finish, pending ones are dropped.
class HttpServer {
 public:
  using Handler = std::function<HttpResponse(HttpRequest const&)>;
  /// Takes over a connection whose request is a WebSocket upgrade of `/connect` (any query).
  using UpgradeHandler = std::function<void(HttpRequest const&, std::unique_ptr<UpgradedSocket>)>;
  static constexpr std::size_t kMaxBodyBytes = 1024 * 1024;

  HttpServer(Handler handler, int threads, UpgradeHandler upgrade = nullptr);
  ~HttpServer();
  HttpServer(HttpServer const&) = delete;
  HttpServer& operator=(HttpServer const&) = delete;

  /// Binds and starts serving; false with a message when the address cannot be bound.
  bool Start(std::string const& host, unsigned short port, std::string* error);
  unsigned short port() const;
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xbl::emulator
