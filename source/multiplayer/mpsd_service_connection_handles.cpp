// MultiplayerService's handle calls: activities, invites, transfer and search handles.
// Handle creation is a POST that MPSD does not promise to apply once, so it is retried only on
// 429 and 503 (the service did not apply it); queries and deletes retry like reads.
#include "multiplayer/mpsd_paths.h"
#include "multiplayer/response_parsing.h"
#include "multiplayer/service_call.h"
#include "multiplayer/mpsd_service_connection.h"

namespace xbl::multiplayer {
namespace {

using internal::CallOutcome;
using internal::Core;
using internal::InvalidArgument;
using internal::MakeRequest;
using internal::Ready;
using internal::RetryClass;
using internal::Send;

Error ResponseError(Core const& core, CallOutcome const& outcome) {
  return internal::SessionErrorFromResponse(outcome.response, outcome.attempts, core->context->clock->SystemNow(), {}, {});
}

bool IsSuccess(int status) { return status >= 200 && status < 300; }

/// The `id` of a created handle's JSON body.
Result<std::string> HandleId(CallOutcome const& outcome) {
  auto body = internal::ParseJsonBody(outcome.response);
  if (!body.ok()) return std::move(body).error();
  auto const id = body->is_object() ? body->find("id") : body->end();
  if (!body->is_object() || id == body->end() || !id->is_string() || id->get<std::string>().empty()) {
    return Error(ErrorCode::kMalformedResponse, "the created handle has no id", outcome.response.status);
  }
  return id->get<std::string>();
}

/// POST /handles with `body`; `handle` turns a 2xx outcome into the call's value.
template <typename T, typename Handle>
pplx::task<Result<T>> PostHandle(Core const& core, nlohmann::json const& body, pplx::cancellation_token token,
                                 Handle handle) {
  auto text = internal::RequestBodyText(body, "POST /handles");
  if (!text.ok()) return Ready<T>(std::move(text).error());
  return Send<T>(core, MakeRequest(*core, "POST", "/handles", std::move(text).value()), RetryClass::kThrottledOnly,
                 std::move(token), [core, handle = std::move(handle)](CallOutcome outcome) -> Result<T> {
                   if (!IsSuccess(outcome.response.status)) return ResponseError(core, outcome);
                   return handle(outcome);
                 });
}

/// POST /handles/query?include=...; each result read by `T::FromJson`.
template <typename T>
pplx::task<Result<std::vector<T>>> QueryHandles(Core const& core, std::string const& include,
                                                nlohmann::json const& body, pplx::cancellation_token token) {
  auto text = internal::RequestBodyText(body, "POST /handles/query");
  if (!text.ok()) return Ready<std::vector<T>>(std::move(text).error());
  return Send<std::vector<T>>(
      core, MakeRequest(*core, "POST", "/handles/query?include=" + include, std::move(text).value()),
      RetryClass::kIdempotent,
      std::move(token), [core](CallOutcome outcome) -> Result<std::vector<T>> {
        if (outcome.response.status != 200) return ResponseError(core, outcome);
        auto parsed = internal::ParseJsonBody(outcome.response);
        if (!parsed.ok()) return std::move(parsed).error();
        auto const results = parsed->is_object() ? parsed->find("results") : parsed->end();
        if (!parsed->is_object() || results == parsed->end() || !results->is_array()) {
          return Error(ErrorCode::kMalformedResponse, "the handle query response has no results array", 200);
        }
        std::vector<T> out;
        for (auto const& entry : *results) {
          auto item = T::FromJson(entry);
          if (!item.ok()) {
            Error error = std::move(item).error();
            error.code = ErrorCode::kMalformedResponse;
            return error;
          }
          out.push_back(std::move(item).value());
        }
        return out;
      });
}

struct InviteRun {
  std::vector<std::string> xuids;
  std::vector<nlohmann::json> bodies;
  std::vector<InviteResult> results;
};

// Sends the invites one after another (MPSD takes one per request), continuing past failures.
pplx::task<Result<std::vector<InviteResult>>> SendInviteAt(Core core, std::shared_ptr<InviteRun> run,
                                                            std::size_t index, pplx::cancellation_token token) {
  if (index == run->bodies.size()) return Ready(Result<std::vector<InviteResult>>(run->results));
  return PostHandle<std::string>(core, run->bodies[index], token, HandleId)
      .then([core, run, index, token](Result<std::string> id) {
        InviteResult result;
        result.invited_xuid = run->xuids[index];
        if (id.ok()) {
          result.handle_id = std::move(id).value();
        } else {
          result.error = std::move(id).error();
        }
        run->results.push_back(std::move(result));
        return SendInviteAt(core, run, index + 1, token);
      });
}

}  // namespace

pplx::task<Result<void>> MpsdServiceConnection::SetActivityAsync(SessionReference const& reference,
                                                              pplx::cancellation_token token) {
  if (auto valid = internal::CheckReference(reference); !valid.ok()) return Ready<void>(valid.error());
  nlohmann::json const body = {{"version", 1}, {"type", "activity"}, {"sessionRef", reference}};
  return PostHandle<void>(core_, body, std::move(token), [](CallOutcome const&) { return Result<void>(); });
}

pplx::task<Result<void>> MpsdServiceConnection::ClearActivityAsync(std::string const& scid,
                                                                pplx::cancellation_token token) {
  if (scid.empty()) return Ready<void>(InvalidArgument("ClearActivityAsync: the scid is empty"));
  if (core_->user_xuid.empty()) {
    return Ready<void>(Error(ErrorCode::kInvalidState, "ClearActivityAsync: set ClientOptions::user_xuid"));
  }
  auto core = core_;
  return GetActivitiesForUsersAsync(scid, {core->user_xuid}, token)
      .then([core, token](Result<std::vector<ActivityDetails>> found) -> pplx::task<Result<void>> {
        if (!found.ok()) return Ready<void>(std::move(found).error());
        if (found->empty()) return Ready<void>(Result<void>());
        auto request = MakeRequest(*core, "DELETE", "/handles/" + internal::PercentEncode(found->front().handle_id));
        return Send<void>(core, std::move(request), RetryClass::kIdempotent, token,
                          [core](CallOutcome outcome) -> Result<void> {
                            if (!IsSuccess(outcome.response.status)) return ResponseError(core, outcome);
                            return {};
                          });
      });
}

pplx::task<Result<std::vector<ActivityDetails>>> MpsdServiceConnection::GetActivitiesForUsersAsync(
    std::string const& scid, std::vector<std::string> const& xuids, pplx::cancellation_token token) {
  using Activities = std::vector<ActivityDetails>;
  if (scid.empty() || xuids.empty()) return Ready<Activities>(InvalidArgument("activities: need a scid and xuids"));
  nlohmann::json const body = {{"type", "activity"}, {"scid", scid}, {"owners", {{"xuids", xuids}}}};
  return QueryHandles<ActivityDetails>(core_, "relatedInfo,customProperties", body, std::move(token));
}

pplx::task<Result<std::vector<ActivityDetails>>> MpsdServiceConnection::GetActivitiesForSocialGroupAsync(
    std::string const& scid, std::string const& owner_xuid, std::string const& social_group,
    pplx::cancellation_token token) {
  using Activities = std::vector<ActivityDetails>;
  if (scid.empty() || owner_xuid.empty() || social_group.empty()) {
    return Ready<Activities>(InvalidArgument("activities: need a scid, an owner xuid and a social group"));
  }
  nlohmann::json const body = {{"type", "activity"},
                               {"scid", scid},
                               {"owners", {{"people", {{"moniker", social_group}, {"monikerXuid", owner_xuid}}}}}};
  return QueryHandles<ActivityDetails>(core_, "relatedInfo,customProperties", body, std::move(token));
}

pplx::task<Result<std::vector<InviteResult>>> MpsdServiceConnection::SendInvitesAsync(
    SessionReference const& reference, std::vector<std::string> const& xuids, std::string const& title_id,
    std::string const& context_string_id, std::string const& custom_activation_context,
    pplx::cancellation_token token) {
  using Invites = std::vector<InviteResult>;
  if (xuids.empty()) return Ready<Invites>(InvalidArgument("invites: no xuids"));
  auto run = std::make_shared<InviteRun>();
  InviteAttributes attributes;
  attributes.title_id = title_id;
  attributes.context_string = context_string_id;
  attributes.context = custom_activation_context;
  for (auto const& xuid : xuids) {  // validate every body before sending any
    auto body = MakeInviteRequestBody(reference, xuid, attributes);
    if (!body.ok()) return Ready<Invites>(std::move(body).error());
    if (auto text = internal::RequestBodyText(*body, "SendInvitesAsync"); !text.ok()) {
      return Ready<Invites>(std::move(text).error());
    }
    run->xuids.push_back(xuid);
    run->bodies.push_back(std::move(body).value());
  }
  return SendInviteAt(core_, run, 0, std::move(token));
}

pplx::task<Result<std::string>> MpsdServiceConnection::SetTransferHandleAsync(SessionReference const& target,
                                                                           SessionReference const& origin,
                                                                           pplx::cancellation_token token) {
  auto body = MakeTransferRequestBody(target, origin);
  if (!body.ok()) return Ready<std::string>(std::move(body).error());
  return PostHandle<std::string>(core_, *body, std::move(token), HandleId);
}

pplx::task<Result<SearchHandleDetails>> MpsdServiceConnection::SetSearchHandleAsync(SearchHandleRequest const& request,
                                                                                 pplx::cancellation_token token) {
  auto body = request.ToRequestBody();
  if (!body.ok()) return Ready<SearchHandleDetails>(std::move(body).error());
  return PostHandle<SearchHandleDetails>(core_, *body, std::move(token),
                                         [](CallOutcome const& outcome) -> Result<SearchHandleDetails> {
                                           auto parsed = internal::ParseJsonBody(outcome.response);
                                           if (!parsed.ok()) return std::move(parsed).error();
                                           auto details = SearchHandleDetails::FromJson(*parsed);
                                           if (!details.ok()) {
                                             Error error = std::move(details).error();
                                             error.code = ErrorCode::kMalformedResponse;
                                             return error;
                                           }
                                           return details;
                                         });
}

pplx::task<Result<void>> MpsdServiceConnection::ClearSearchHandleAsync(std::string const& handle_id,
                                                                    pplx::cancellation_token token) {
  if (handle_id.empty()) return Ready<void>(InvalidArgument("the handle id is empty"));
  if (auto valid = internal::CheckText(handle_id, "the handle id"); !valid.ok()) return Ready<void>(valid.error());
  auto core = core_;
  return Send<void>(core, MakeRequest(*core, "DELETE", "/handles/" + internal::PercentEncode(handle_id)),
                    RetryClass::kIdempotent, std::move(token), [core](CallOutcome outcome) -> Result<void> {
                      if (!IsSuccess(outcome.response.status)) return ResponseError(core, outcome);
                      return {};
                    });
}

pplx::task<Result<std::vector<SearchHandleDetails>>> MpsdServiceConnection::GetSearchHandlesAsync(
    SearchHandlesQuery const& query, pplx::cancellation_token token) {
  auto body = query.ToRequestBody();
  if (!body.ok()) return Ready<std::vector<SearchHandleDetails>>(std::move(body).error());
  return QueryHandles<SearchHandleDetails>(core_, "relatedInfo,roleInfo,customProperties", *body, std::move(token));
}

}  // namespace xbl::multiplayer
