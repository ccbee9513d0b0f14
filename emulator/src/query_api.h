#pragma once
#include "http_message.h"
#include "service_state.h"
#include "session_api.h"

#include <string>

namespace xbl::emulator {

/// Session queries (protocol §3.12): E3/E4 `GET .../sessions` and E5/E6 `POST .../batch`.
/// Queries read the stored documents as they are: they do not run the lazy timers [I], so a
/// query never changes a session.
class QueryApi {
 public:
  explicit QueryApi(ServiceState& state) : state_(state) {}
  /// @par HTTP GET /serviceconfigs/{scid}[/sessiontemplates/{t}]/sessions
  HttpResponse Query(std::string const& scid, std::string const& template_name, CallContext const& ctx);
  /// @par HTTP POST /serviceconfigs/{scid}[/sessiontemplates/{t}]/batch
  HttpResponse Batch(std::string const& scid, std::string const& template_name, CallContext const& ctx);

 private:
  ServiceState& state_;
};

}  // namespace xbl::emulator
