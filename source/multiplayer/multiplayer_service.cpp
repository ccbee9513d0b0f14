#include "xbl/multiplayer/multiplayer_service.h"
#include "multiplayer/session_subscriptions.h"

namespace xbl::multiplayer {

MultiplayerService::MultiplayerService(std::shared_ptr<ServiceContext const> context, rta::RtaClientOptions rta)
    : connection_(MakeMultiplayerServiceConnection(context)),
      subscriptions_(internal::SessionSubscriptions::Create(std::move(context), connection_, std::move(rta))) {}

MultiplayerService::MultiplayerService(std::shared_ptr<MultiplayerServiceConnection> connection)
    : MultiplayerService(std::move(connection), nullptr) {}

MultiplayerService::MultiplayerService(std::shared_ptr<MultiplayerServiceConnection> connection,
                                       std::shared_ptr<ServiceContext const> context, rta::RtaClientOptions rta)
    : connection_(std::move(connection)),
      subscriptions_(internal::SessionSubscriptions::Create(std::move(context), connection_, std::move(rta))) {}

MultiplayerService::MultiplayerService(std::shared_ptr<HttpTransport> transport, ClientOptions options)
    : MultiplayerService(ServiceContext::Create(std::move(transport), std::move(options))) {}

std::string MultiplayerService::endpoint() const { return connection_->endpoint(); }

pplx::task<Result<SessionResult>> MultiplayerService::WriteSessionAsync(MultiplayerSession const& session,
                                                                        SessionWriteMode mode,
                                                                        pplx::cancellation_token token) const {
  return subscriptions_->Write(session, [connection = connection_, mode, token](MultiplayerSession const& bound) {
    return connection->WriteSessionAsync(bound, mode, token);
  });
}

pplx::task<Result<SessionResult>> MultiplayerService::WriteSessionByHandleAsync(MultiplayerSession const& session,
                                                                                SessionWriteMode mode,
                                                                                std::string const& handle_id,
                                                                                pplx::cancellation_token token) const {
  return subscriptions_->Write(session,
                               [connection = connection_, mode, handle_id, token](MultiplayerSession const& bound) {
                                 return connection->WriteSessionByHandleAsync(bound, mode, handle_id, token);
                               });
}

pplx::task<Result<SessionResult>> MultiplayerService::GetCurrentSessionAsync(SessionReference const& reference,
                                                                             std::string const& known_etag,
                                                                             pplx::cancellation_token token) const {
  return subscriptions_->Track(connection_->GetCurrentSessionAsync(reference, known_etag, std::move(token)), reference,
                               std::make_shared<bool>(false));
}

pplx::task<Result<SessionResult>> MultiplayerService::GetCurrentSessionByHandleAsync(
    std::string const& handle_id, pplx::cancellation_token token) const {
  return connection_->GetCurrentSessionByHandleAsync(handle_id, std::move(token));
}

pplx::task<Result<SessionResult>> MultiplayerService::LeaveSessionAsync(SessionReference const& reference,
                                                                        pplx::cancellation_token token) const {
  return subscriptions_->TrackWrite(
      reference, [&] { return connection_->LeaveSessionAsync(reference, std::move(token)); },
      std::make_shared<bool>(false));
}

pplx::task<Result<SessionResult>> MultiplayerService::UpdateSessionPropertiesAsync(
    SessionReference const& reference, nlohmann::json const& properties, std::string const& etag,
    pplx::cancellation_token token) const {
  return connection_->UpdateSessionPropertiesAsync(reference, properties, etag, std::move(token));
}

pplx::task<Result<SessionResult>> MultiplayerService::RemoveMemberAsync(SessionReference const& reference,
                                                                        std::uint32_t member_index,
                                                                        pplx::cancellation_token token) const {
  return connection_->RemoveMemberAsync(reference, member_index, std::move(token));
}

pplx::task<Result<SessionResult>> MultiplayerService::RemoveServerAsync(SessionReference const& reference,
                                                                        std::string const& server_name,
                                                                        pplx::cancellation_token token) const {
  return connection_->RemoveServerAsync(reference, server_name, std::move(token));
}

pplx::task<Result<std::vector<SessionQueryResult>>> MultiplayerService::GetSessionsAsync(
    GetSessionsRequest const& request, pplx::cancellation_token token) const {
  return connection_->GetSessionsAsync(request, std::move(token));
}

pplx::task<Result<std::vector<SessionTemplateSummary>>> MultiplayerService::GetSessionTemplatesAsync(
    std::string const& scid, pplx::cancellation_token token) const {
  return connection_->GetSessionTemplatesAsync(scid, std::move(token));
}

pplx::task<Result<SessionTemplate>> MultiplayerService::GetSessionTemplateAsync(std::string const& scid,
                                                                                std::string const& template_name,
                                                                                pplx::cancellation_token token) const {
  return connection_->GetSessionTemplateAsync(scid, template_name, std::move(token));
}

pplx::task<Result<SessionResult>> MultiplayerService::UpdateSessionAsync(SessionReference const& reference,
                                                                         SessionMutation mutate,
                                                                         UpdateSessionOptions options,
                                                                         pplx::cancellation_token token) const {
  auto bound = std::make_shared<bool>(false);
  auto mutation = subscriptions_->BindingMutation(std::move(mutate), bound);
  return subscriptions_->TrackWrite(
      reference,
      [&] { return connection_->UpdateSessionAsync(reference, std::move(mutation), std::move(options), std::move(token)); },
      bound);
}

pplx::task<Result<void>> MultiplayerService::SetActivityAsync(SessionReference const& reference,
                                                              pplx::cancellation_token token) const {
  return subscriptions_->TrackActivitySet(connection_->SetActivityAsync(reference, std::move(token)), reference);
}

pplx::task<Result<void>> MultiplayerService::ClearActivityAsync(std::string const& scid,
                                                                pplx::cancellation_token token) const {
  return subscriptions_->TrackActivityCleared(connection_->ClearActivityAsync(scid, std::move(token)), scid);
}

pplx::task<Result<std::vector<ActivityDetails>>> MultiplayerService::GetActivitiesForUsersAsync(
    std::string const& scid, std::vector<std::string> const& xuids, pplx::cancellation_token token) const {
  return connection_->GetActivitiesForUsersAsync(scid, xuids, std::move(token));
}

pplx::task<Result<std::vector<ActivityDetails>>> MultiplayerService::GetActivitiesForSocialGroupAsync(
    std::string const& scid, std::string const& owner_xuid, std::string const& social_group,
    pplx::cancellation_token token) const {
  return connection_->GetActivitiesForSocialGroupAsync(scid, owner_xuid, social_group, std::move(token));
}

pplx::task<Result<std::vector<InviteResult>>> MultiplayerService::SendInvitesAsync(
    SessionReference const& reference, std::vector<std::string> const& xuids, std::string const& title_id,
    std::string const& context_string_id, std::string const& custom_activation_context,
    pplx::cancellation_token token) const {
  return connection_->SendInvitesAsync(reference, xuids, title_id, context_string_id, custom_activation_context,
                                       std::move(token));
}

pplx::task<Result<std::string>> MultiplayerService::SetTransferHandleAsync(SessionReference const& target,
                                                                           SessionReference const& origin,
                                                                           pplx::cancellation_token token) const {
  return connection_->SetTransferHandleAsync(target, origin, std::move(token));
}

pplx::task<Result<SearchHandleDetails>> MultiplayerService::SetSearchHandleAsync(SearchHandleRequest const& request,
                                                                                 pplx::cancellation_token token) const {
  return connection_->SetSearchHandleAsync(request, std::move(token));
}

pplx::task<Result<void>> MultiplayerService::ClearSearchHandleAsync(std::string const& handle_id,
                                                                    pplx::cancellation_token token) const {
  return connection_->ClearSearchHandleAsync(handle_id, std::move(token));
}

pplx::task<Result<std::vector<SearchHandleDetails>>> MultiplayerService::GetSearchHandlesAsync(
    SearchHandlesQuery const& query, pplx::cancellation_token token) const {
  return connection_->GetSearchHandlesAsync(query, std::move(token));
}

pplx::task<Result<std::string>> MultiplayerService::EnableSubscriptionsAsync() const {
  return subscriptions_->Enable();
}

pplx::task<Result<void>> MultiplayerService::DisableSubscriptionsAsync() const { return subscriptions_->Disable(); }

void MultiplayerService::Shutdown() const { subscriptions_->Shutdown(); }

bool MultiplayerService::subscriptions_enabled() const { return subscriptions_->enabled(); }

std::string MultiplayerService::connection_id() const { return subscriptions_->connection_id(); }

HandlerToken MultiplayerService::AddSessionChangedHandler(SessionChangedHandler handler) const {
  return subscriptions_->AddSessionChangedHandler(std::move(handler));
}

HandlerToken MultiplayerService::AddSubscriptionLostHandler(SubscriptionLostHandler handler) const {
  return subscriptions_->AddSubscriptionLostHandler(std::move(handler));
}

HandlerToken MultiplayerService::AddConnectionIdChangedHandler(ConnectionIdChangedHandler handler) const {
  return subscriptions_->AddConnectionIdChangedHandler(std::move(handler));
}

HandlerToken MultiplayerService::AddMembershipLostHandler(MembershipLostHandler handler) const {
  return subscriptions_->AddMembershipLostHandler(std::move(handler));
}

}  // namespace xbl::multiplayer
