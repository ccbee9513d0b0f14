#pragma once
// A tiny HTTP/1.1 server for the integration tests: Boost.Beast, synchronous,
// one thread per connection, keep-alive, bound to 127.0.0.1 on an ephemeral port.
// It can also misbehave on purpose (drop a response halfway, never answer).
#include "xbl/http/http_headers.h"
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace xbl::testing {

class LoopbackServer {
 public:
  struct Request {
    std::string method;
    std::string target;
    HttpHeaders headers;
    std::string body;
  };
  enum class Behaviour {
    kRespond,            ///< A normal response.
    kDropMidBody,        ///< Headers and half the body, then the connection is closed.
    kNeverAnswer,        ///< Reads the request and never writes anything.
    kStallAfterHeaders,  ///< Headers and a few body bytes, then silence.
  };
  struct Reply {
    int status = 200;
    HttpHeaders headers;
    std::string body;
    Behaviour behaviour = Behaviour::kRespond;
  };
  using Handler = std::function<Reply(Request const&)>;

  explicit LoopbackServer(Handler handler);
  ~LoopbackServer();
  LoopbackServer(LoopbackServer const&) = delete;
  LoopbackServer& operator=(LoopbackServer const&) = delete;

  /// `http://127.0.0.1:<port>`.
  std::string base_url() const;
  int connections_accepted() const { return connections_.load(); }
  int requests_received() const { return requests_.load(); }
  /// Closes the listener and every connection, and joins the threads.
  void Stop();

 private:
  struct Impl;
  void AcceptLoop();
  void Serve(int index);

  std::unique_ptr<Impl> impl_;
  Handler handler_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> requests_{0};
  std::thread accept_thread_;
  std::mutex mutex_;
  std::vector<std::thread> connection_threads_;
};

}  // namespace xbl::testing
