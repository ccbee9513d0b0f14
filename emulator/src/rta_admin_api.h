#pragma once
#include "http_message.h"
#include "service_state.h"

namespace xbl::emulator {

/// The RTA test hooks under `/_emulator/rta/` (docs/rta-protocol.md ): no auth, JSON.
/// `{key}` is a socket number or its live ConnectionId. Unknown key 404, malformed body 400. A
/// hook acts before it answers.
class RtaAdminApi {
 public:
  explicit RtaAdminApi(ServiceState& state) : state_(state) {}
  /// `rest` is the part after "/_emulator/rta".
  HttpResponse Handle(HttpRequest const& request, std::string const& rest);

 private:
  HttpResponse Connections();
  HttpResponse Settings(HttpRequest const& request);
  HttpResponse SocketHook(HttpRequest const& request, std::string const& key, std::string const& hook);
  ServiceState& state_;
};

}  // namespace xbl::emulator
