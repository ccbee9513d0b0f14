#pragma once
#include "xbl/client_options.h"
#include "xbl/http/http_transport.h"
#include "xbl/multiplayer/activity_details.h"
#include "xbl/multiplayer/get_sessions_request.h"
#include "xbl/multiplayer/handler_token.h"
#include "xbl/multiplayer/invite_handle.h"
#include "xbl/multiplayer/invite_result.h"
#include "xbl/multiplayer/multiplayer_service_connection.h"
#include "xbl/multiplayer/multiplayer_session.h"
#include "xbl/multiplayer/search_handle.h"
#include "xbl/multiplayer/session_query_result.h"
#include "xbl/multiplayer/session_reference.h"
#include "xbl/multiplayer/session_result.h"
#include "xbl/multiplayer/session_subscription_events.h"
#include "xbl/multiplayer/session_template.h"
#include "xbl/multiplayer/session_write_mode.h"
#include "xbl/multiplayer/transfer_handle.h"
#include "xbl/multiplayer/update_session_options.h"
#include "xbl/result.h"
#include "xbl/rta/rta_client.h"
#include "xbl/service_context.h"
#include <pplx/pplxtasks.h>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace xbl::internal {
class SessionSubscriptions;
}  // namespace xbl::internal

namespace xbl::multiplayer {

/// The Multiplayer Session Directory (MPSD) client. Every call returns
/// `pplx::task<Result<T>>`, never throws, retries as `ClientOptions` says, and
/// sends `x-xbl-contract-version` and the Authorization value on every request.
/// A cheap handle over a `MultiplayerServiceConnection`: copies share the connection.
/// Thread-safe: one instance may serve many concurrent calls. Copies also share the session
/// subscriptions (docs/live-sessions.md); the last copy to go shuts them down.
class MultiplayerService {
 public:
  /// Over the real connection on `context` (shared with the context's other services). `rta`
  /// says how the subscriptions' RTA client runs (its WebSocket transport and executor).
  explicit MultiplayerService(std::shared_ptr<ServiceContext const> context, rta::RtaClientOptions rta = {});
  /// Over any connection, e.g. `xbl::testing::MockMultiplayerServiceConnection`, without
  /// subscriptions (enabling fails with `kInvalidState`).
  explicit MultiplayerService(std::shared_ptr<MultiplayerServiceConnection> connection);
  /// Over any connection, with subscriptions on `context` (its user, token, clock, RTA endpoint
  /// and callback executor).
  MultiplayerService(std::shared_ptr<MultiplayerServiceConnection> connection,
                     std::shared_ptr<ServiceContext const> context, rta::RtaClientOptions rta = {});
  /// Convenience: a context of its own over `transport` (usually `MakeCpprestHttpTransport()`).
  MultiplayerService(std::shared_ptr<HttpTransport> transport, ClientOptions options = {});

  /// The endpoint in use (after `XBL_MPSD_ENDPOINT`); empty for a connection without one.
  std::string endpoint() const;
  /// The connection calls go through.
  std::shared_ptr<MultiplayerServiceConnection> const& connection() const { return connection_; }

  /// Writes the session's pending changes (the delta, `RequestBody()`), guarded as `mode` says.
  /// 200/201 give the new session (ETag, no pending changes; the input is not changed);
  /// 204 gives `kDeleted`; 412 fails with `kPreconditionFailed` and `error.session` holding the
  /// current session; 403 with a session body fails with `kForbidden` and `error.session`.
  /// @par HTTP
  /// PUT /serviceconfigs/{scid}/sessiontemplates/{template}/sessions/{name}
  pplx::task<Result<SessionResult>> WriteSessionAsync(
      MultiplayerSession const& session, SessionWriteMode mode,
      pplx::cancellation_token token = pplx::cancellation_token::none()) const;

  /// As `WriteSessionAsync`, through a handle (activity, invite, transfer, search); the
  /// returned session's reference comes from `Content-Location`.
  /// @par HTTP
  /// PUT /handles/{handle_id}/session
  pplx::task<Result<SessionResult>> WriteSessionByHandleAsync(
      MultiplayerSession const& session, SessionWriteMode mode, std::string const& handle_id,
      pplx::cancellation_token token = pplx::cancellation_token::none()) const;

  /// Reads a session: `kRead` with the session, `kNotFound` (204: no such session) or, when
  /// `known_etag` is given (sent as `If-None-Match`), `kNotModified` (304). The session's current
  /// user is `ClientOptions::user_xuid`.
  /// @par HTTP
  /// GET /serviceconfigs/{scid}/sessiontemplates/{template}/sessions/{name}
  pplx::task<Result<SessionResult>> GetCurrentSessionAsync(
      SessionReference const& reference, std::string const& known_etag = {},
      pplx::cancellation_token token = pplx::cancellation_token::none()) const;

  /// Reads the session a handle points to; its reference comes from `Content-Location`.
  /// @par HTTP
  /// GET /handles/{handle_id}/session
  pplx::task<Result<SessionResult>> GetCurrentSessionByHandleAsync(
      std::string const& handle_id, pplx::cancellation_token token = pplx::cancellation_token::none()) const;

  /// Removes the caller from the session: `kUpdated` with the session, or `kDeleted` (204:
  /// the caller was not a member, or the session ended with its last member). Both mean done.
  /// @par HTTP
  /// DELETE /serviceconfigs/{scid}/sessiontemplates/{template}/sessions/{name}/members/me
  pplx::task<Result<SessionResult>> LeaveSessionAsync(
      SessionReference const& reference, pplx::cancellation_token token = pplx::cancellation_token::none()) const;

  /// Merges `properties` (`{"system": {...}, "custom": {...}}`) into the session's properties;
  /// never creates a session (404). A non-empty `etag` is sent as `If-Match` (412 as above).
  /// @par HTTP
  /// PUT /serviceconfigs/{scid}/sessiontemplates/{template}/sessions/{name}/properties
  pplx::task<Result<SessionResult>> UpdateSessionPropertiesAsync(
      SessionReference const& reference, nlohmann::json const& properties, std::string const& etag = {},
      pplx::cancellation_token token = pplx::cancellation_token::none()) const;

  /// Server principals: removes the member with `member_index`.
  /// @par HTTP
  /// DELETE /serviceconfigs/{scid}/sessiontemplates/{template}/sessions/{name}/members/{index}
  pplx::task<Result<SessionResult>> RemoveMemberAsync(
      SessionReference const& reference, std::uint32_t member_index,
      pplx::cancellation_token token = pplx::cancellation_token::none()) const;

  /// Server principals: removes the server entry `server_name`.
  /// @par HTTP
  /// DELETE /serviceconfigs/{scid}/sessiontemplates/{template}/sessions/{name}/servers/{server}
  pplx::task<Result<SessionResult>> RemoveServerAsync(
      SessionReference const& reference, std::string const& server_name,
      pplx::cancellation_token token = pplx::cancellation_token::none()) const;

  /// Queries sessions. An invalid request fails with `kInvalidArgument` and sends nothing.
  /// @par HTTP
  /// GET /serviceconfigs/{scid}[/sessiontemplates/{template}]/sessions?... (keyword, one xuid);
  /// POST /serviceconfigs/{scid}[/sessiontemplates/{template}]/batch?... (several xuids)
  pplx::task<Result<std::vector<SessionQueryResult>>> GetSessionsAsync(
      GetSessionsRequest const& request, pplx::cancellation_token token = pplx::cancellation_token::none()) const;

  /// Lists the SCID's session templates.
  /// @par HTTP
  /// GET /serviceconfigs/{scid}/sessiontemplates
  pplx::task<Result<std::vector<SessionTemplateSummary>>> GetSessionTemplatesAsync(
      std::string const& scid, pplx::cancellation_token token = pplx::cancellation_token::none()) const;

  /// Reads one session template.
  /// @par HTTP
  /// GET /serviceconfigs/{scid}/sessiontemplates/{name}
  pplx::task<Result<SessionTemplate>> GetSessionTemplateAsync(
      std::string const& scid, std::string const& template_name,
      pplx::cancellation_token token = pplx::cancellation_token::none()) const;

  /// Read-modify-write: reads the session, runs `mutate` on a fresh copy, writes the change
  /// with `If-Match`, and on 412 repeats from the session in the 412 body (or a new read),
  /// at most `options.max_writes` writes. Never sends the same stale ETag twice; loses no update.
  /// A mutation that changes nothing ends the call with the session as read (`kRead`).
  /// @par HTTP
  /// GET then PUT /serviceconfigs/{scid}/sessiontemplates/{template}/sessions/{name}
  pplx::task<Result<SessionResult>> UpdateSessionAsync(
      SessionReference const& reference, SessionMutation mutate, UpdateSessionOptions options = {},
      pplx::cancellation_token token = pplx::cancellation_token::none()) const;

  // --- handles (multiplayer_service_handles.cpp) ----------------------------------------

  /// Publishes the caller's activity: the session they are playing in (replaces a previous one).
  /// Retried only on 429/503.
  /// @par HTTP
  /// POST /handles (type "activity")
  pplx::task<Result<void>> SetActivityAsync(SessionReference const& reference,
                                            pplx::cancellation_token token = pplx::cancellation_token::none()) const;

  /// Clears the caller's activity in `scid`: finds it, then deletes it. Needs
  /// `ClientOptions::user_xuid` (kInvalidState without). No activity is not an error.
  /// @par HTTP
  /// POST /handles/query?include=relatedInfo,customProperties, then DELETE /handles/{id}
  pplx::task<Result<void>> ClearActivityAsync(std::string const& scid,
                                              pplx::cancellation_token token = pplx::cancellation_token::none()) const;

  /// The activities of these users, with related info and the sessions' custom properties.
  /// @par HTTP
  /// POST /handles/query?include=relatedInfo,customProperties (owners.xuids)
  pplx::task<Result<std::vector<ActivityDetails>>> GetActivitiesForUsersAsync(
      std::string const& scid, std::vector<std::string> const& xuids,
      pplx::cancellation_token token = pplx::cancellation_token::none()) const;

  /// The activities of a user's social group (e.g. "people", "favorites").
  /// @par HTTP
  /// POST /handles/query?include=relatedInfo,customProperties (owners.people)
  pplx::task<Result<std::vector<ActivityDetails>>> GetActivitiesForSocialGroupAsync(
      std::string const& scid, std::string const& owner_xuid, std::string const& social_group,
      pplx::cancellation_token token = pplx::cancellation_token::none()) const;

  /// Invites each xuid (one request per invitee, as MPSD takes them): one `InviteResult` per
  /// xuid, in order; a failed invitee does not stop the others. kInvalidArgument, with nothing
  /// sent, for an incomplete reference, no xuids, an empty title id or an over-long context.
  /// Retried only on 429/503.
  /// @par HTTP
  /// POST /handles (type "invite"), once per xuid
  pplx::task<Result<std::vector<InviteResult>>> SendInvitesAsync(
      SessionReference const& reference, std::vector<std::string> const& xuids, std::string const& title_id,
      std::string const& context_string_id = {}, std::string const& custom_activation_context = {},
      pplx::cancellation_token token = pplx::cancellation_token::none()) const;

  /// Lets the members of `origin` (a lobby) join `target` through the returned handle id.
  /// Retried only on 429/503.
  /// @par HTTP
  /// POST /handles (type "transfer")
  pplx::task<Result<std::string>> SetTransferHandleAsync(
      SessionReference const& target, SessionReference const& origin,
      pplx::cancellation_token token = pplx::cancellation_token::none()) const;

  /// Publishes a search handle for a `searchable` session and returns it (with its id).
  /// Retried only on 429/503.
  /// @par HTTP
  /// POST /handles (type "search")
  pplx::task<Result<SearchHandleDetails>> SetSearchHandleAsync(
      SearchHandleRequest const& request, pplx::cancellation_token token = pplx::cancellation_token::none()) const;

  /// Deletes a handle (a search handle, or any handle the caller may delete).
  /// @par HTTP
  /// DELETE /handles/{handle_id}
  pplx::task<Result<void>> ClearSearchHandleAsync(
      std::string const& handle_id, pplx::cancellation_token token = pplx::cancellation_token::none()) const;

  /// Search handles matching the query (at most 100), with related info, roles and custom properties.
  /// @par HTTP
  /// POST /handles/query?include=relatedInfo,roleInfo,customProperties
  pplx::task<Result<std::vector<SearchHandleDetails>>> GetSearchHandlesAsync(
      SearchHandlesQuery const& query, pplx::cancellation_token token = pplx::cancellation_token::none()) const;

  // --- subscriptions (docs/live-sessions.md, docs/rta-protocol.md) ---------------------------

  /// Connects to the context's RTA endpoint and subscribes to the MPSD resource at once,
  /// then keeps that subscription standing (reconnects, renewals) until disabled. Completes with
  /// the first ConnectionId; `kTimeout` past `RtaSettings::connection_wait` (subscriptions stay
  /// enabled and keep trying); `kInvalidState` for a service without a context, `kShutdown`
  /// after `Shutdown`. Enabling while enabled completes with the current id (or waits for one).
  /// While enabled, every write that sets the current user active carries
  /// `properties.system.connection` with the current id, and a new id rebinds and
  /// re-reads each session where this service left the user active and re-posts the activity
  /// this service set in each SCID. Taps of a session that arrive while this service
  /// writes it wait for the write's result, so a writer is not told about its own change.
  pplx::task<Result<std::string>> EnableSubscriptionsAsync() const;
  /// Ends the subscriptions: stops reconnects, sends Unsubscribe, closes the socket with 1000 and
  /// fails writes waiting for an id with `kCancelled`. Once it returns no session-changed,
  /// connection-id-changed or membership-lost handler runs (except one calling it, which
  /// finishes); the subscription-lost handlers then run once with `kCancelled`, and the task
  /// completes after them. A later enable starts with a fresh socket and a fresh id. Sessions are
  /// not rewritten: the members go inactive after the service's grace period.
  pplx::task<Result<void>> DisableSubscriptionsAsync() const;
  /// As `DisableSubscriptionsAsync`, for good, without the lost handlers: none of the handlers
  /// runs after it returns and later enables fail with `kShutdown`. Idempotent.
  void Shutdown() const;
  bool subscriptions_enabled() const;
  /// The current ConnectionId; empty while none is live.
  std::string connection_id() const;

  /// Each handler stays registered until its token goes, and runs on the context's callback
  /// executor (never under an SDK lock, never on the socket's read path); what it throws is
  /// caught and logged and the other handlers still run. Registering works whether or not
  /// subscriptions are enabled.
  HandlerToken AddSessionChangedHandler(SessionChangedHandler handler) const;
  HandlerToken AddSubscriptionLostHandler(SubscriptionLostHandler handler) const;
  HandlerToken AddConnectionIdChangedHandler(ConnectionIdChangedHandler handler) const;
  HandlerToken AddMembershipLostHandler(MembershipLostHandler handler) const;

 private:
  friend class SessionWatcher;  // observes every tap and reconnect, before this service's own de-duplication

  std::shared_ptr<MultiplayerServiceConnection> connection_;
  std::shared_ptr<internal::SessionSubscriptions> subscriptions_;
};

}  // namespace xbl::multiplayer
