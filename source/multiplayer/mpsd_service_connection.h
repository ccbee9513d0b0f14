#pragma once
// The real MultiplayerServiceConnection: every call as an MPSD request through the retry loop.
// Session calls are in mpsd_service_connection.cpp, handle calls in
// mpsd_service_connection_handles.cpp.
#include "multiplayer/service_call.h"
#include "xbl/multiplayer/multiplayer_service_connection.h"
#include "xbl/service_context.h"
#include <memory>
#include <string>

namespace xbl::multiplayer {

class MpsdServiceConnection final : public MultiplayerServiceConnection {
 public:
  explicit MpsdServiceConnection(std::shared_ptr<ServiceContext const> context);

  std::string endpoint() const override;
  pplx::task<Result<SessionResult>> WriteSessionAsync(MultiplayerSession const& session, SessionWriteMode mode,
                                                      pplx::cancellation_token token) override;
  pplx::task<Result<SessionResult>> WriteSessionByHandleAsync(MultiplayerSession const& session, SessionWriteMode mode,
                                                              std::string const& handle_id,
                                                              pplx::cancellation_token token) override;
  pplx::task<Result<SessionResult>> GetCurrentSessionAsync(SessionReference const& reference,
                                                           std::string const& known_etag,
                                                           pplx::cancellation_token token) override;
  pplx::task<Result<SessionResult>> GetCurrentSessionByHandleAsync(std::string const& handle_id,
                                                                   pplx::cancellation_token token) override;
  pplx::task<Result<SessionResult>> LeaveSessionAsync(SessionReference const& reference,
                                                      pplx::cancellation_token token) override;
  pplx::task<Result<SessionResult>> UpdateSessionPropertiesAsync(SessionReference const& reference,
                                                                 nlohmann::json const& properties,
                                                                 std::string const& etag,
                                                                 pplx::cancellation_token token) override;
  pplx::task<Result<SessionResult>> RemoveMemberAsync(SessionReference const& reference, std::uint32_t member_index,
                                                      pplx::cancellation_token token) override;
  pplx::task<Result<SessionResult>> RemoveServerAsync(SessionReference const& reference, std::string const& server_name,
                                                      pplx::cancellation_token token) override;
  pplx::task<Result<std::vector<SessionQueryResult>>> GetSessionsAsync(GetSessionsRequest const& request,
                                                                       pplx::cancellation_token token) override;
  pplx::task<Result<std::vector<SessionTemplateSummary>>> GetSessionTemplatesAsync(
      std::string const& scid, pplx::cancellation_token token) override;
  pplx::task<Result<SessionTemplate>> GetSessionTemplateAsync(std::string const& scid, std::string const& template_name,
                                                              pplx::cancellation_token token) override;
  pplx::task<Result<SessionResult>> UpdateSessionAsync(SessionReference const& reference, SessionMutation mutate,
                                                       UpdateSessionOptions options,
                                                       pplx::cancellation_token token) override;
  pplx::task<Result<void>> SetActivityAsync(SessionReference const& reference, pplx::cancellation_token token) override;
  pplx::task<Result<void>> ClearActivityAsync(std::string const& scid, pplx::cancellation_token token) override;
  pplx::task<Result<std::vector<ActivityDetails>>> GetActivitiesForUsersAsync(std::string const& scid,
                                                                              std::vector<std::string> const& xuids,
                                                                              pplx::cancellation_token token) override;
  pplx::task<Result<std::vector<ActivityDetails>>> GetActivitiesForSocialGroupAsync(
      std::string const& scid, std::string const& owner_xuid, std::string const& social_group,
      pplx::cancellation_token token) override;
  pplx::task<Result<std::vector<InviteResult>>> SendInvitesAsync(SessionReference const& reference,
                                                                 std::vector<std::string> const& xuids,
                                                                 std::string const& title_id,
                                                                 std::string const& context_string_id,
                                                                 std::string const& custom_activation_context,
                                                                 pplx::cancellation_token token) override;
  pplx::task<Result<std::string>> SetTransferHandleAsync(SessionReference const& target, SessionReference const& origin,
                                                         pplx::cancellation_token token) override;
  pplx::task<Result<SearchHandleDetails>> SetSearchHandleAsync(SearchHandleRequest const& request,
                                                               pplx::cancellation_token token) override;
  pplx::task<Result<void>> ClearSearchHandleAsync(std::string const& handle_id,
                                                  pplx::cancellation_token token) override;
  pplx::task<Result<std::vector<SearchHandleDetails>>> GetSearchHandlesAsync(SearchHandlesQuery const& query,
                                                                             pplx::cancellation_token token) override;

 private:
  std::shared_ptr<ServiceContext const> context_;
  internal::Core core_;  // shared with pending calls
};

}  // namespace xbl::multiplayer
