#pragma once
#include "http_server.h"
#include "rta_deadlines.h"
#include "router.h"
#include "service_state.h"

#include <iosfwd>
#include <memory>
#include <string>

namespace xbl::emulator {

/// The whole local MPSD: state, router and HTTP front. Used by the executable and by
/// xbl::testing::LocalSessionDirectory.
class Emulator {
 public:
  explicit Emulator(EmulatorOptions options, std::ostream* log_stream = nullptr);
  ~Emulator();

  /// Loads the templates (directory or built-ins) and starts listening.
  bool Start(std::string const& host, unsigned short port, int threads, std::string* error);
  void Stop();
  unsigned short port() const;
  /// HTTP connections holding a slot of the connection cap (0 before Start and after Stop).
  std::size_t open_connections() const;
  /// "ws://HOST:PORT/connect" once started.
  std::string rta_url(std::string const& host) const;
  ServiceState& state() { return *state_; }
  /// Handles one request in-process (no socket); used by tests of the routing itself.
  HttpResponse Handle(HttpRequest const& request) { return router_->Handle(request); }

 private:
  EmulatorOptions options_;
  std::unique_ptr<ServiceState> state_;
  std::unique_ptr<Router> router_;
  std::unique_ptr<HttpServer> server_;
  std::unique_ptr<RtaDeadlineTicker> ticker_;  // real clock only
};

}  // namespace xbl::emulator
