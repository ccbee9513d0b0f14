#pragma once
#include "http_message.h"
#include "rta_admin_api.h"
#include "service_state.h"
#include "session_admin_api.h"

namespace xbl::emulator {

/// The emulator's control surface under `/_emulator/` (protocol §6.3): no auth, JSON in and out.
class AdminApi {
 public:
  explicit AdminApi(ServiceState& state) : state_(state), rta_(state), sessions_(state) {}
  /// `path` is the part after "/_emulator".
  HttpResponse Handle(HttpRequest const& request, std::string const& path);

 private:
  HttpResponse Templates(HttpRequest const& request, std::string const& rest);
  HttpResponse Clock(HttpRequest const& request);
  HttpResponse Presence(HttpRequest const& request);
  HttpResponse RtaDisconnect(HttpRequest const& request);
  /// GET /_emulator/recentplayers/{xuid}: who shares a group or a live encounter with the user.
  HttpResponse RecentPlayers(std::string const& xuid);
  ServiceState& state_;
  RtaAdminApi rta_;
  SessionAdminApi sessions_;
};

}  // namespace xbl::emulator
