#pragma once
#include "auth.h"
#include "commit_point.h"
#include "http_message.h"
#include "service_state.h"

#include <optional>
#include <string>

namespace xbl::emulator {

/// `{scid, templateName, name}` from the URI (protocol §0).
struct SessionRef {
  std::string scid;
  std::string template_name;
  std::string name;
};

/// Per-call context shared by every MPSD handler.
struct CallContext {
  HttpRequest const* request = nullptr;
  Principal caller;
  int contract = 107;
};

/// How a session PUT reached the service.
struct PutMode {
  bool properties_only = false;  // E9: PUT .../properties (404 when the session does not exist)
  bool via_handle = false;       // E21: PUT /handles/{id}/session
  bool read_only_handle = false; // an invite handle on a closed session grants read access only
  std::string content_location;  // set on handle routes
};

/// The session routes E7-E12: the pipeline of protocol §3.1 over the session store.
class SessionApi {
 public:
  explicit SessionApi(ServiceState& state) : state_(state) {}

  /// @par HTTP GET /serviceconfigs/{scid}/sessiontemplates/{t}/sessions/{name}
  HttpResponse Get(SessionRef const& ref, CallContext const& ctx, std::string const& content_location = "");
  /// Element GET (E13, optional in MPSD): the element JSON; 204 when the session exists but the
  /// element does not; 404 when the session does not exist.
  /// @par HTTP GET .../sessions/{name}/properties | members/{index|me} | servers/{server}
  HttpResponse GetElement(SessionRef const& ref, CallContext const& ctx, std::string const& kind,
                          std::string const& key);
  /// @par HTTP PUT /serviceconfigs/{scid}/sessiontemplates/{t}/sessions/{name}[/properties]
  HttpResponse Put(SessionRef const& ref, CallContext const& ctx, PutMode const& mode);
  /// @par HTTP DELETE .../sessions/{name}/members/me
  HttpResponse DeleteMe(SessionRef const& ref, CallContext const& ctx);
  /// @par HTTP DELETE .../sessions/{name}/members/{index}
  HttpResponse DeleteMember(SessionRef const& ref, CallContext const& ctx, std::string const& index);
  /// @par HTTP DELETE .../sessions/{name}/servers/{server}
  HttpResponse DeleteServer(SessionRef const& ref, CallContext const& ctx, std::string const& server);

  /// 404 for an unknown SCID or template, else nullopt (protocol §3.1 step 3).
  std::optional<HttpResponse> CheckTemplate(SessionRef const& ref);

 private:
  /// Activity handles follow their owners' membership (protocol §3.13).
  void PruneHandles(std::string const& key);
  ServiceState& state_;
};

/// Runs the lazy timers of a stored session before a read or write (a timer that changes it is a
/// commit with `cause`); nullptr when there is no session or it was (now) deleted. Store lock held.
SessionRecord* LoadSession(ServiceState& state, std::string const& key, TimeMs now, CommitCause const& cause);
/// The session rendered for this caller and contract, with ETag, Expires and Date (protocol §1.1).
HttpResponse SessionResponse(int status, SessionRecord const& record, CallContext const& ctx, TimeMs now);

constexpr char kUnknownScidMessage[] =
    "The requested service config is either invalid or not configured for sessions.";
constexpr char kSessionNotFoundMessage[] = "The requested session wasn't found.";

}  // namespace xbl::emulator
