#pragma once
#include "xbl/multiplayer/activity_details.h"
#include "xbl/multiplayer/get_sessions_request.h"
#include "xbl/multiplayer/invite_handle.h"
#include "xbl/multiplayer/invite_result.h"
#include "xbl/multiplayer/multiplayer_session.h"
#include "xbl/multiplayer/search_handle.h"
#include "xbl/multiplayer/session_query_result.h"
#include "xbl/multiplayer/session_reference.h"
#include "xbl/multiplayer/session_result.h"
#include "xbl/multiplayer/session_template.h"
#include "xbl/multiplayer/session_write_mode.h"
#include "xbl/multiplayer/transfer_handle.h"
#include "xbl/multiplayer/update_session_options.h"
#include "xbl/result.h"
#include <pplx/pplxtasks.h>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace xbl::multiplayer {

/// A caller's change to a session inside `UpdateSessionAsync`; may run several times,
/// each time on a fresh copy of the current server state. Return an error to stop.
using SessionMutation = std::function<Result<void>(MultiplayerSession& session)>;

/// The session directory as `MultiplayerService` sees it: one virtual per call. The real one
/// (`MakeMultiplayerServiceConnection`) speaks MPSD over HTTP; a title's unit tests give
/// `MultiplayerService` a `xbl::testing::MockMultiplayerServiceConnection` instead and return
/// typed results, with no JSON. Implementations never throw and never complete a task with an
/// exception; each call's documentation is on `MultiplayerService`.
class MultiplayerServiceConnection {
 public:
  virtual ~MultiplayerServiceConnection() = default;

  /// The MPSD endpoint calls go to; empty for a connection that has none (a mock).
  virtual std::string endpoint() const { return {}; }

  virtual pplx::task<Result<SessionResult>> WriteSessionAsync(MultiplayerSession const& session, SessionWriteMode mode,
                                                              pplx::cancellation_token token) = 0;
  virtual pplx::task<Result<SessionResult>> WriteSessionByHandleAsync(MultiplayerSession const& session,
                                                                      SessionWriteMode mode,
                                                                      std::string const& handle_id,
                                                                      pplx::cancellation_token token) = 0;
  virtual pplx::task<Result<SessionResult>> GetCurrentSessionAsync(SessionReference const& reference,
                                                                   std::string const& known_etag,
                                                                   pplx::cancellation_token token) = 0;
  virtual pplx::task<Result<SessionResult>> GetCurrentSessionByHandleAsync(std::string const& handle_id,
                                                                           pplx::cancellation_token token) = 0;
  virtual pplx::task<Result<SessionResult>> LeaveSessionAsync(SessionReference const& reference,
                                                              pplx::cancellation_token token) = 0;
  virtual pplx::task<Result<SessionResult>> UpdateSessionPropertiesAsync(SessionReference const& reference,
                                                                         nlohmann::json const& properties,
                                                                         std::string const& etag,
                                                                         pplx::cancellation_token token) = 0;
  virtual pplx::task<Result<SessionResult>> RemoveMemberAsync(SessionReference const& reference,
                                                              std::uint32_t member_index,
                                                              pplx::cancellation_token token) = 0;
  virtual pplx::task<Result<SessionResult>> RemoveServerAsync(SessionReference const& reference,
                                                              std::string const& server_name,
                                                              pplx::cancellation_token token) = 0;
  virtual pplx::task<Result<std::vector<SessionQueryResult>>> GetSessionsAsync(GetSessionsRequest const& request,
                                                                               pplx::cancellation_token token) = 0;
  virtual pplx::task<Result<std::vector<SessionTemplateSummary>>> GetSessionTemplatesAsync(
      std::string const& scid, pplx::cancellation_token token) = 0;
  virtual pplx::task<Result<SessionTemplate>> GetSessionTemplateAsync(std::string const& scid,
                                                                      std::string const& template_name,
                                                                      pplx::cancellation_token token) = 0;
  virtual pplx::task<Result<SessionResult>> UpdateSessionAsync(SessionReference const& reference,
                                                               SessionMutation mutate, UpdateSessionOptions options,
                                                               pplx::cancellation_token token) = 0;
  virtual pplx::task<Result<void>> SetActivityAsync(SessionReference const& reference,
                                                    pplx::cancellation_token token) = 0;
  virtual pplx::task<Result<void>> ClearActivityAsync(std::string const& scid, pplx::cancellation_token token) = 0;
  virtual pplx::task<Result<std::vector<ActivityDetails>>> GetActivitiesForUsersAsync(
      std::string const& scid, std::vector<std::string> const& xuids, pplx::cancellation_token token) = 0;
  virtual pplx::task<Result<std::vector<ActivityDetails>>> GetActivitiesForSocialGroupAsync(
      std::string const& scid, std::string const& owner_xuid, std::string const& social_group,
      pplx::cancellation_token token) = 0;
  virtual pplx::task<Result<std::vector<InviteResult>>> SendInvitesAsync(SessionReference const& reference,
                                                                         std::vector<std::string> const& xuids,
                                                                         std::string const& title_id,
                                                                         std::string const& context_string_id,
                                                                         std::string const& custom_activation_context,
                                                                         pplx::cancellation_token token) = 0;
  virtual pplx::task<Result<std::string>> SetTransferHandleAsync(SessionReference const& target,
                                                                 SessionReference const& origin,
                                                                 pplx::cancellation_token token) = 0;
  virtual pplx::task<Result<SearchHandleDetails>> SetSearchHandleAsync(SearchHandleRequest const& request,
                                                                       pplx::cancellation_token token) = 0;
  virtual pplx::task<Result<void>> ClearSearchHandleAsync(std::string const& handle_id,
                                                          pplx::cancellation_token token) = 0;
  virtual pplx::task<Result<std::vector<SearchHandleDetails>>> GetSearchHandlesAsync(
      SearchHandlesQuery const& query, pplx::cancellation_token token) = 0;
};

}  // namespace xbl::multiplayer

namespace xbl {
class ServiceContext;
}

namespace xbl::multiplayer {

/// The real connection: MPSD over the context's transport, with its retries, gate, auth and
/// diagnostics, at `context->options().EffectiveEndpoint()`.
std::shared_ptr<MultiplayerServiceConnection> MakeMultiplayerServiceConnection(
    std::shared_ptr<ServiceContext const> context);

}  // namespace xbl::multiplayer
