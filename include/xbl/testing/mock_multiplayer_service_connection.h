#pragma once
#include "xbl/multiplayer/multiplayer_service_connection.h"
#include <gmock/gmock.h>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace xbl::testing {

/// A GoogleMock `MultiplayerServiceConnection` for titles' unit tests (target `xbl::testing`):
/// expect calls and return typed results, no MPSD JSON.
///   auto connection = std::make_shared<MockMultiplayerServiceConnection>();
///   multiplayer::MultiplayerService service(connection);
///   EXPECT_CALL(*connection, GetCurrentSessionAsync(_, _, _)).WillOnce(Return(ReadSession(session)));
class MockMultiplayerServiceConnection : public multiplayer::MultiplayerServiceConnection {
 public:
  MOCK_METHOD(std::string, endpoint, (), (const, override));
  MOCK_METHOD(pplx::task<Result<multiplayer::SessionResult>>, WriteSessionAsync,
              (multiplayer::MultiplayerSession const& session, multiplayer::SessionWriteMode mode,
               pplx::cancellation_token token),
              (override));
  MOCK_METHOD(pplx::task<Result<multiplayer::SessionResult>>, WriteSessionByHandleAsync,
              (multiplayer::MultiplayerSession const& session, multiplayer::SessionWriteMode mode,
               std::string const& handle_id, pplx::cancellation_token token),
              (override));
  MOCK_METHOD(pplx::task<Result<multiplayer::SessionResult>>, GetCurrentSessionAsync,
              (multiplayer::SessionReference const& reference, std::string const& known_etag,
               pplx::cancellation_token token),
              (override));
  MOCK_METHOD(pplx::task<Result<multiplayer::SessionResult>>, GetCurrentSessionByHandleAsync,
              (std::string const& handle_id, pplx::cancellation_token token), (override));
  MOCK_METHOD(pplx::task<Result<multiplayer::SessionResult>>, LeaveSessionAsync,
              (multiplayer::SessionReference const& reference, pplx::cancellation_token token), (override));
  MOCK_METHOD(pplx::task<Result<multiplayer::SessionResult>>, UpdateSessionPropertiesAsync,
              (multiplayer::SessionReference const& reference, nlohmann::json const& properties,
               std::string const& etag, pplx::cancellation_token token),
              (override));
  MOCK_METHOD(pplx::task<Result<multiplayer::SessionResult>>, RemoveMemberAsync,
              (multiplayer::SessionReference const& reference, std::uint32_t member_index,
               pplx::cancellation_token token),
              (override));
  MOCK_METHOD(pplx::task<Result<multiplayer::SessionResult>>, RemoveServerAsync,
              (multiplayer::SessionReference const& reference, std::string const& server_name,
               pplx::cancellation_token token),
              (override));
  MOCK_METHOD(pplx::task<Result<std::vector<multiplayer::SessionQueryResult>>>, GetSessionsAsync,
              (multiplayer::GetSessionsRequest const& request, pplx::cancellation_token token), (override));
  MOCK_METHOD(pplx::task<Result<std::vector<multiplayer::SessionTemplateSummary>>>, GetSessionTemplatesAsync,
              (std::string const& scid, pplx::cancellation_token token), (override));
  MOCK_METHOD(pplx::task<Result<multiplayer::SessionTemplate>>, GetSessionTemplateAsync,
              (std::string const& scid, std::string const& template_name, pplx::cancellation_token token), (override));
  MOCK_METHOD(pplx::task<Result<multiplayer::SessionResult>>, UpdateSessionAsync,
              (multiplayer::SessionReference const& reference, multiplayer::SessionMutation mutate,
               multiplayer::UpdateSessionOptions options, pplx::cancellation_token token),
              (override));
  MOCK_METHOD(pplx::task<Result<void>>, SetActivityAsync,
              (multiplayer::SessionReference const& reference, pplx::cancellation_token token), (override));
  MOCK_METHOD(pplx::task<Result<void>>, ClearActivityAsync, (std::string const& scid, pplx::cancellation_token token),
              (override));
  MOCK_METHOD(pplx::task<Result<std::vector<multiplayer::ActivityDetails>>>, GetActivitiesForUsersAsync,
              (std::string const& scid, std::vector<std::string> const& xuids, pplx::cancellation_token token),
              (override));
  MOCK_METHOD(pplx::task<Result<std::vector<multiplayer::ActivityDetails>>>, GetActivitiesForSocialGroupAsync,
              (std::string const& scid, std::string const& owner_xuid, std::string const& social_group,
               pplx::cancellation_token token),
              (override));
  MOCK_METHOD(pplx::task<Result<std::vector<multiplayer::InviteResult>>>, SendInvitesAsync,
              (multiplayer::SessionReference const& reference, std::vector<std::string> const& xuids,
               std::string const& title_id, std::string const& context_string_id,
               std::string const& custom_activation_context, pplx::cancellation_token token),
              (override));
  MOCK_METHOD(pplx::task<Result<std::string>>, SetTransferHandleAsync,
              (multiplayer::SessionReference const& target, multiplayer::SessionReference const& origin,
               pplx::cancellation_token token),
              (override));
  MOCK_METHOD(pplx::task<Result<multiplayer::SearchHandleDetails>>, SetSearchHandleAsync,
              (multiplayer::SearchHandleRequest const& request, pplx::cancellation_token token), (override));
  MOCK_METHOD(pplx::task<Result<void>>, ClearSearchHandleAsync,
              (std::string const& handle_id, pplx::cancellation_token token), (override));
  MOCK_METHOD(pplx::task<Result<std::vector<multiplayer::SearchHandleDetails>>>, GetSearchHandlesAsync,
              (multiplayer::SearchHandlesQuery const& query, pplx::cancellation_token token), (override));
};

/// A completed call that read `session` (`kRead`, HTTP 200).
inline pplx::task<Result<multiplayer::SessionResult>> ReadSession(multiplayer::MultiplayerSession session) {
  multiplayer::SessionResult result;
  result.status = multiplayer::SessionResultStatus::kRead;
  result.http_status = 200;
  result.attempts = 1;
  result.session = std::make_shared<multiplayer::MultiplayerSession>(std::move(session));
  return pplx::task_from_result(Result<multiplayer::SessionResult>(std::move(result)));
}

/// A completed write that the service took, returning `session` (`kUpdated`, HTTP 200).
inline pplx::task<Result<multiplayer::SessionResult>> WrittenSession(multiplayer::MultiplayerSession session) {
  multiplayer::SessionResult result;
  result.status = multiplayer::SessionResultStatus::kUpdated;
  result.http_status = 200;
  result.attempts = 1;
  result.session = std::make_shared<multiplayer::MultiplayerSession>(std::move(session));
  return pplx::task_from_result(Result<multiplayer::SessionResult>(std::move(result)));
}

/// A completed write that lost a race: 412 with `current`, the session as the service holds it.
inline pplx::task<Result<multiplayer::SessionResult>> ConflictWith(multiplayer::MultiplayerSession current) {
  multiplayer::SessionError error(ErrorCode::kPreconditionFailed, "the session changed (HTTP 412)", 412);
  error.attempts = 1;
  error.session = std::make_shared<multiplayer::MultiplayerSession const>(std::move(current));
  return pplx::task_from_result(Result<multiplayer::SessionResult>(std::move(error)));
}

/// A completed call that failed with `code` (any call's result type).
template <typename T = multiplayer::SessionResult>
pplx::task<Result<T>> FailCallWith(ErrorCode code, std::string message = "failed", int http_status = 0) {
  return pplx::task_from_result(Result<T>(Error(code, std::move(message), http_status)));
}

}  // namespace xbl::testing
