#pragma once
#include "http_message.h"
#include "service_state.h"
#include "session_api.h"

#include <string>

namespace xbl::emulator {

/// Handles (protocol §3.13, E14-E23): activity, invite, transfer and search handles, their queries
/// (with `include=`) and joining a session through a handle.
class HandleApi {
 public:
  HandleApi(ServiceState& state, SessionApi& sessions) : state_(state), sessions_(sessions) {}

  /// @par HTTP POST /handles
  HttpResponse Create(CallContext const& ctx);
  /// @par HTTP GET /handles/{id}
  HttpResponse Get(std::string const& id, CallContext const& ctx);
  /// @par HTTP DELETE /handles/{id}
  HttpResponse Delete(std::string const& id, CallContext const& ctx);
  /// @par HTTP GET /handles/{id}/session
  HttpResponse GetSession(std::string const& id, CallContext const& ctx);
  /// @par HTTP PUT /handles/{id}/session
  HttpResponse PutSession(std::string const& id, CallContext const& ctx);
  /// @par HTTP POST /handles/query[?include=relatedInfo,customProperties,roleInfo]
  HttpResponse Query(CallContext const& ctx);

 private:
  ServiceState& state_;
  SessionApi& sessions_;
};

/// Deletes activity handles bound to `key` whose owner is no longer an active member (protocol §3.13:
/// "When the active member becomes inactive or leaves the session, MPSD deletes the bound
/// activity handle"). `record` is null when the session is gone. Call with the store locked.
void PruneActivityHandles(HandleStore& handles, std::string const& key, SessionRecord const* record);

}  // namespace xbl::emulator
