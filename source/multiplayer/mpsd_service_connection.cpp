#include "multiplayer/mpsd_service_connection.h"
#include "multiplayer/mpsd_paths.h"
#include "multiplayer/response_parsing.h"
#include "core/retry_loop.h"
#include "multiplayer/service_call.h"
#include "multiplayer/session_template_reader.h"
#include <atomic>
#include <set>


namespace xbl::multiplayer {
namespace {

using internal::CallOutcome;
using internal::CheckReference;
using internal::Core;
using internal::InvalidArgument;
using internal::MakeRequest;
using internal::MultiplayerServiceCore;
using internal::Ready;
using internal::RetryClass;
using internal::Send;

/// Turns a session call's response into a `SessionResult` or an `Error`.
Result<SessionResult> ToSessionResult(Core const& core, CallOutcome const& outcome, SessionReference const& reference,
                                      std::string const& current_user_xuid, bool is_read) {
  auto const& response = outcome.response;
  SessionResult result;
  result.http_status = response.status;
  result.attempts = outcome.attempts;
  switch (response.status) {
    case 200:
    case 201: {
      auto session = internal::ParseSessionBody(response, reference, current_user_xuid);
      if (!session.ok()) {
        Error error = std::move(session).error();
        error.attempts = outcome.attempts;
        return error;
      }
      result.session = std::make_shared<MultiplayerSession>(std::move(session).value());
      result.status = response.status == 201 ? SessionResultStatus::kCreated
                      : is_read             ? SessionResultStatus::kRead
                                            : SessionResultStatus::kUpdated;
      return result;
    }
    case 204:
      result.status = is_read ? SessionResultStatus::kNotFound : SessionResultStatus::kDeleted;
      return result;
    case 304:
      if (is_read) {
        result.status = SessionResultStatus::kNotModified;
        return result;
      }
      break;
    default:
      break;
  }
  return internal::SessionErrorFromResponse(response, outcome.attempts, core->context->clock->SystemNow(), reference,
                                     current_user_xuid);
}

/// The reference of a by-handle response: `Content-Location`, else the caller's.
Result<SessionReference> HandleResponseReference(CallOutcome const& outcome, SessionReference const& fallback) {
  auto const location = HeaderValue(outcome.response.headers, "Content-Location");
  if (!location.empty()) {
    if (auto parsed = internal::ParseSessionPath(location)) return *parsed;
    return Error(ErrorCode::kMalformedResponse, "Content-Location is not a session path: " + location,
                 outcome.response.status);
  }
  if (!fallback.scid.empty()) return fallback;
  return Error(ErrorCode::kMalformedResponse, "the response lacks the Content-Location naming the session",
               outcome.response.status);
}

/// A finished task's value; an exception (none is expected) becomes an error, never a crash.
Result<SessionResult> Take(pplx::task<Result<SessionResult>>& task, char const* what) {
  try {
    return task.get();
  } catch (...) {
    return Error(ErrorCode::kUnknown, what);
  }
}

bool NeedsSessionBody(int status) { return status == 200 || status == 201 || status == 412 || status == 403; }

pplx::task<Result<SessionResult>> WriteSession(Core core, MultiplayerSession const& session, SessionWriteMode mode,
                                               std::string const& path, bool by_handle,
                                               pplx::cancellation_token token) {
  std::string body;
  try {
    body = session.RequestBody().dump();  // members in call order: MPSD adds them in the order sent
  } catch (std::exception const& e) {
    return Ready<SessionResult>(InvalidArgument(std::string("the session's changes cannot be serialized: ") + e.what()));
  }
  auto request = MakeRequest(*core, "PUT", path, std::move(body));
  switch (mode) {
    case SessionWriteMode::kCreateNew:
      request.headers["If-None-Match"] = "*";
      break;
    case SessionWriteMode::kUpdateExisting:
      request.headers["If-Match"] = "*";
      break;
    case SessionWriteMode::kUpdateOrCreateNew:
      break;
    case SessionWriteMode::kSynchronizedUpdate:
      if (session.etag().empty()) {
        request.headers["If-None-Match"] = "*";
      } else {
        request.headers["If-Match"] = session.etag();
      }
      break;
    default:
      return Ready<SessionResult>(InvalidArgument("unknown SessionWriteMode"));
  }
  bool const conditional = request.headers.count("If-Match") != 0 || request.headers.count("If-None-Match") != 0;
  auto const retry_class =
      conditional || core->retry_unconditional_writes ? RetryClass::kIdempotent : RetryClass::kThrottledOnly;
  auto const reference = session.reference();
  auto const xuid = session.current_user_xuid().empty() ? core->user_xuid : session.current_user_xuid();
  return Send<SessionResult>(core, std::move(request), retry_class, std::move(token),
                             [core, reference, xuid, by_handle](CallOutcome outcome) -> Result<SessionResult> {
                               SessionReference effective = reference;
                               if (by_handle && NeedsSessionBody(outcome.response.status)) {
                                 auto from_header = HandleResponseReference(outcome, reference);
                                 if (from_header.ok()) {
                                   effective = *from_header;
                                 } else if (outcome.response.status == 200 || outcome.response.status == 201) {
                                   Error error = std::move(from_header).error();
                                   error.attempts = outcome.attempts;
                                   return error;
                                 }
                                 // A refusal (403, 412) without Content-Location is still that refusal.
                               }
                               return ToSessionResult(core, outcome, effective, xuid, /*is_read=*/false);
                             });
}

pplx::task<Result<SessionResult>> GetSession(Core core, SessionReference const& reference,
                                             std::string const& known_etag, std::string const& current_user_xuid,
                                             pplx::cancellation_token token) {
  if (auto valid = CheckReference(reference); !valid.ok()) return Ready<SessionResult>(valid.error());
  auto request = MakeRequest(*core, "GET", internal::SessionPath(reference));
  if (!known_etag.empty()) request.headers["If-None-Match"] = known_etag;
  return Send<SessionResult>(core, std::move(request), RetryClass::kIdempotent, std::move(token),
                             [core, reference, current_user_xuid](CallOutcome outcome) {
                               return ToSessionResult(core, outcome, reference, current_user_xuid, /*is_read=*/true);
                             });
}

pplx::task<Result<SessionResult>> DeleteElement(Core core, SessionReference const& reference,
                                                std::string const& element_path, pplx::cancellation_token token) {
  if (auto valid = CheckReference(reference); !valid.ok()) return Ready<SessionResult>(valid.error());
  auto request = MakeRequest(*core, "DELETE", internal::SessionPath(reference) + element_path);
  // Deleting an element twice leaves the same state, so every transient failure may be retried.
  return Send<SessionResult>(core, std::move(request), RetryClass::kIdempotent, std::move(token),
                             [core, reference](CallOutcome outcome) {
                               return ToSessionResult(core, outcome, reference, core->user_xuid, /*is_read=*/false);
                             });
}

/// The read-modify-write loop of `UpdateSessionAsync`.
class UpdateLoop : public std::enable_shared_from_this<UpdateLoop> {
 public:
  UpdateLoop(Core core, SessionReference reference, SessionMutation mutate, UpdateSessionOptions options,
             pplx::cancellation_token token)
      : core_(std::move(core)),
        reference_(std::move(reference)),
        mutate_(std::move(mutate)),
        options_(std::move(options)),
        token_(std::move(token)) {}

  pplx::task<Result<SessionResult>> Start() {
    auto task = pplx::create_task(done_);
    Read();
    return task;
  }

 private:
  void Finish(Result<SessionResult> result) { done_.set(std::move(result)); }
  void Fail(SessionError error) {
    error.attempts = std::max(error.attempts, attempts_);
    Finish(std::move(error));
  }

  void Read() {
    ++reads_;
    if (reads_ > options_.max_writes + 1) {
      return Fail(Error(ErrorCode::kPreconditionFailed, "UpdateSessionAsync: the session kept changing"));
    }
    auto self = shared_from_this();
    GetSession(core_, reference_, {}, options_.current_user_xuid, token_)
        .then([self](pplx::task<Result<SessionResult>> task) { self->OnRead(Take(task, "read failed")); });
  }

  void OnRead(Result<SessionResult> read) {
    if (!read.ok()) return Fail(std::move(read).error());
    attempts_ += read->attempts;
    if (read->status == SessionResultStatus::kNotFound) {
      if (!options_.create_if_missing) {
        return Fail(Error(ErrorCode::kNotFound, "UpdateSessionAsync: the session does not exist", 204));
      }
      return Apply(MultiplayerSession(reference_), /*from_read=*/true);
    }
    if (!read->session) return Fail(Error(ErrorCode::kMalformedResponse, "UpdateSessionAsync: the read had no session"));
    Apply(*read->session, /*from_read=*/true);
  }

  /// Runs the mutation on a fresh copy of `base` and writes it.
  void Apply(MultiplayerSession base, bool from_read) {
    if (token_.is_canceled()) return Fail(Error(ErrorCode::kCancelled, "cancelled"));
    // Never send an ETag that already failed: if the 412 body repeats it, read again.
    if (!base.etag().empty() && stale_etags_.count(base.etag()) != 0) {
      if (!from_read) return Read();
      return Fail(Error(ErrorCode::kPreconditionFailed,
                        "UpdateSessionAsync: the service keeps returning an ETag that it rejected"));
    }
    if (writes_ >= options_.max_writes) {
      SessionError error(ErrorCode::kPreconditionFailed,
                         "UpdateSessionAsync: still conflicting after " + std::to_string(writes_) + " writes", 412);
      error.session = std::make_shared<MultiplayerSession const>(base);
      return Fail(std::move(error));
    }
    MultiplayerSession changed = base;
    if (!options_.current_user_xuid.empty()) changed.set_current_user_xuid(options_.current_user_xuid);
    Result<void> mutated;
    try {
      mutated = mutate_(changed);
    } catch (std::exception const& e) {
      mutated = InvalidArgument(std::string("the mutation threw: ") + e.what());
    } catch (...) {
      mutated = InvalidArgument("the mutation threw");
    }
    if (!mutated.ok()) return Fail(std::move(mutated).error());
    if (!changed.has_pending_changes()) {
      SessionResult unchanged;
      unchanged.status = SessionResultStatus::kRead;
      unchanged.http_status = 200;
      unchanged.attempts = attempts_;
      unchanged.session = std::make_shared<MultiplayerSession>(std::move(base));
      return Finish(std::move(unchanged));
    }
    ++writes_;
    sent_etag_ = changed.etag();
    auto self = shared_from_this();
    WriteSession(core_, changed, SessionWriteMode::kSynchronizedUpdate, internal::SessionPath(reference_),
                 /*by_handle=*/false, token_)
        .then([self](pplx::task<Result<SessionResult>> task) { self->OnWrite(Take(task, "write failed")); });
  }

  void OnWrite(Result<SessionResult> written) {
    if (written.ok()) {
      attempts_ += written->attempts;
      written->attempts = attempts_;
      return Finish(std::move(written));
    }
    SessionError error = std::move(written).error();
    attempts_ += error.attempts;
    if (error.code != ErrorCode::kPreconditionFailed) return Fail(std::move(error));
    // 412: this ETag (or "no session") is stale; continue from the session in the body, or read.
    stale_etags_.insert(sent_etag_);
    if (error.session) return Apply(*error.session, /*from_read=*/false);
    Read();
  }

  Core core_;
  SessionReference reference_;
  SessionMutation mutate_;
  UpdateSessionOptions options_;
  pplx::cancellation_token token_;
  pplx::task_completion_event<Result<SessionResult>> done_;
  std::set<std::string> stale_etags_;
  std::string sent_etag_;
  int writes_ = 0;
  int reads_ = 0;
  int attempts_ = 0;
};

}  // namespace

MpsdServiceConnection::MpsdServiceConnection(std::shared_ptr<ServiceContext const> context)
    : context_(std::move(context)) {
  auto const& options = context_->options();
  auto core = std::make_shared<MultiplayerServiceCore>();
  core->endpoint = options.EffectiveEndpoint();
  core->contract_version = options.ContractVersionHeader();
  core->user_agent = options.user_agent;
  core->user_xuid = options.user_xuid;
  core->retry_unconditional_writes = options.retry_unconditional_writes;
  core->context = internal::MakeCallContext(*context_, core->endpoint);
  bool const from_environment = core->endpoint != options.endpoint && options.honor_environment;
  context_->Log(TraceLevel::kInfo, "multiplayer",
                "MPSD endpoint: " + core->endpoint +
                    (from_environment ? std::string(" (from ") + kMpsdEndpointEnvironmentVariable + ")" : "") +
                    ", contract version " + core->contract_version);
  core_ = std::move(core);
}

std::shared_ptr<MultiplayerServiceConnection> MakeMultiplayerServiceConnection(
    std::shared_ptr<ServiceContext const> context) {
  return std::make_shared<MpsdServiceConnection>(std::move(context));
}

std::string MpsdServiceConnection::endpoint() const { return core_->endpoint; }

pplx::task<Result<SessionResult>> MpsdServiceConnection::WriteSessionAsync(MultiplayerSession const& session,
                                                                        SessionWriteMode mode,
                                                                        pplx::cancellation_token token) {
  if (auto valid = CheckReference(session.reference()); !valid.ok()) return Ready<SessionResult>(valid.error());
  return WriteSession(core_, session, mode, internal::SessionPath(session.reference()), /*by_handle=*/false,
                      std::move(token));
}

pplx::task<Result<SessionResult>> MpsdServiceConnection::WriteSessionByHandleAsync(MultiplayerSession const& session,
                                                                                SessionWriteMode mode,
                                                                                std::string const& handle_id,
                                                                                pplx::cancellation_token token) {
  if (handle_id.empty()) return Ready<SessionResult>(InvalidArgument("the handle id is empty"));
  if (auto valid = internal::CheckText(handle_id, "the handle id"); !valid.ok()) {
    return Ready<SessionResult>(valid.error());
  }
  return WriteSession(core_, session, mode, internal::HandleSessionPath(handle_id), /*by_handle=*/true,
                      std::move(token));
}

pplx::task<Result<SessionResult>> MpsdServiceConnection::GetCurrentSessionAsync(SessionReference const& reference,
                                                                             std::string const& known_etag,
                                                                             pplx::cancellation_token token) {
  return GetSession(core_, reference, known_etag, core_->user_xuid, std::move(token));
}

pplx::task<Result<SessionResult>> MpsdServiceConnection::GetCurrentSessionByHandleAsync(
    std::string const& handle_id, pplx::cancellation_token token) {
  if (handle_id.empty()) return Ready<SessionResult>(InvalidArgument("the handle id is empty"));
  if (auto valid = internal::CheckText(handle_id, "the handle id"); !valid.ok()) {
    return Ready<SessionResult>(valid.error());
  }
  auto core = core_;
  auto request = MakeRequest(*core, "GET", internal::HandleSessionPath(handle_id));
  return Send<SessionResult>(core, std::move(request), RetryClass::kIdempotent, std::move(token),
                             [core](CallOutcome outcome) -> Result<SessionResult> {
                               SessionReference reference;
                               if (NeedsSessionBody(outcome.response.status)) {
                                 auto from_header = HandleResponseReference(outcome, {});
                                 if (!from_header.ok()) {
                                   Error error = std::move(from_header).error();
                                   error.attempts = outcome.attempts;
                                   return error;
                                 }
                                 reference = *from_header;
                               }
                               return ToSessionResult(core, outcome, reference, core->user_xuid, /*is_read=*/true);
                             });
}

pplx::task<Result<SessionResult>> MpsdServiceConnection::LeaveSessionAsync(SessionReference const& reference,
                                                                        pplx::cancellation_token token) {
  return DeleteElement(core_, reference, "/members/me", std::move(token));
}

pplx::task<Result<SessionResult>> MpsdServiceConnection::UpdateSessionPropertiesAsync(
    SessionReference const& reference, nlohmann::json const& properties, std::string const& etag,
    pplx::cancellation_token token) {
  if (auto valid = CheckReference(reference); !valid.ok()) return Ready<SessionResult>(valid.error());
  if (!properties.is_object()) {
    return Ready<SessionResult>(InvalidArgument("properties must be an object ({\"system\":..., \"custom\":...})"));
  }
  std::string body;
  try {
    body = properties.dump();
  } catch (std::exception const& e) {
    return Ready<SessionResult>(InvalidArgument(std::string("properties cannot be serialized: ") + e.what()));
  }
  auto core = core_;
  auto request = MakeRequest(*core, "PUT", internal::SessionPath(reference) + "/properties", std::move(body));
  if (!etag.empty()) request.headers["If-Match"] = etag;
  auto const retry_class =
      !etag.empty() || core->retry_unconditional_writes ? RetryClass::kIdempotent : RetryClass::kThrottledOnly;
  return Send<SessionResult>(core, std::move(request), retry_class, std::move(token),
                             [core, reference](CallOutcome outcome) {
                               return ToSessionResult(core, outcome, reference, core->user_xuid, /*is_read=*/false);
                             });
}

pplx::task<Result<SessionResult>> MpsdServiceConnection::RemoveMemberAsync(SessionReference const& reference,
                                                                        std::uint32_t member_index,
                                                                        pplx::cancellation_token token) {
  return DeleteElement(core_, reference, "/members/" + std::to_string(member_index), std::move(token));
}

pplx::task<Result<SessionResult>> MpsdServiceConnection::RemoveServerAsync(SessionReference const& reference,
                                                                        std::string const& server_name,
                                                                        pplx::cancellation_token token) {
  if (server_name.empty()) return Ready<SessionResult>(InvalidArgument("the server name is empty"));
  if (auto valid = internal::CheckText(server_name, "the server name"); !valid.ok()) {
    return Ready<SessionResult>(valid.error());
  }
  return DeleteElement(core_, reference, "/servers/" + internal::PercentEncode(server_name), std::move(token));
}

pplx::task<Result<std::vector<SessionQueryResult>>> MpsdServiceConnection::GetSessionsAsync(
    GetSessionsRequest const& request, pplx::cancellation_token token) {
  using Results = std::vector<SessionQueryResult>;
  if (auto valid = request.Validate(); !valid.ok()) return Ready<Results>(valid.error());
  auto core = core_;
  bool const batch = !request.xuids().empty();
  std::string body;
  if (batch) {
    try {
      body = nlohmann::json{{"xuids", request.xuids()}}.dump();
    } catch (std::exception const& e) {
      return Ready<Results>(InvalidArgument(std::string("GetSessionsRequest: xuids cannot be sent: ") + e.what()));
    }
  }
  auto http = MakeRequest(*core, batch ? "POST" : "GET", internal::GetSessionsPathAndQuery(request), std::move(body));
  return Send<Results>(core, std::move(http), RetryClass::kIdempotent, std::move(token),
                       [core](CallOutcome outcome) -> Result<Results> {
                         auto const& response = outcome.response;
                         if (response.status != 200) {
                           return internal::SessionErrorFromResponse(response, outcome.attempts,
                                                              core->context->clock->SystemNow(), {}, {});
                         }
                         auto body = internal::ParseJsonBody(response);
                         if (!body.ok()) return std::move(body).error();
                         auto const results = body->find("results");
                         if (!body->is_object() || results == body->end() || !results->is_array()) {
                           return Error(ErrorCode::kMalformedResponse, "the query response has no results array", 200);
                         }
                         Results out;
                         for (auto const& entry : *results) {
                           auto parsed = SessionQueryResult::FromJson(entry);
                           if (!parsed.ok()) return std::move(parsed).error();
                           out.push_back(std::move(parsed).value());
                         }
                         return out;
                       });
}

pplx::task<Result<std::vector<SessionTemplateSummary>>> MpsdServiceConnection::GetSessionTemplatesAsync(
    std::string const& scid, pplx::cancellation_token token) {
  using Templates = std::vector<SessionTemplateSummary>;
  if (scid.empty()) return Ready<Templates>(InvalidArgument("the scid is empty"));
  if (auto valid = internal::CheckText(scid, "the scid"); !valid.ok()) return Ready<Templates>(valid.error());
  auto core = core_;
  auto request = MakeRequest(*core, "GET", "/serviceconfigs/" + internal::PercentEncode(scid) + "/sessiontemplates");
  return Send<Templates>(core, std::move(request), RetryClass::kIdempotent, std::move(token),
                         [core](CallOutcome outcome) -> Result<Templates> {
                           auto const& response = outcome.response;
                           if (response.status != 200) {
                             return internal::SessionErrorFromResponse(response, outcome.attempts,
                                                                core->context->clock->SystemNow(), {}, {});
                           }
                           auto body = internal::ParseJsonBody(response);
                           if (!body.ok()) return std::move(body).error();
                           return internal::ReadSessionTemplateList(*body);
                         });
}

pplx::task<Result<SessionTemplate>> MpsdServiceConnection::GetSessionTemplateAsync(std::string const& scid,
                                                                                std::string const& template_name,
                                                                                pplx::cancellation_token token) {
  if (scid.empty() || template_name.empty()) {
    return Ready<SessionTemplate>(InvalidArgument("the scid and the template name are required"));
  }
  if (auto valid = internal::CheckText(scid, "the scid"); !valid.ok()) return Ready<SessionTemplate>(valid.error());
  if (auto valid = internal::CheckText(template_name, "the template name"); !valid.ok()) {
    return Ready<SessionTemplate>(valid.error());
  }
  auto core = core_;
  auto request = MakeRequest(*core, "GET",
                             "/serviceconfigs/" + internal::PercentEncode(scid) + "/sessiontemplates/" +
                                 internal::PercentEncode(template_name));
  return Send<SessionTemplate>(core, std::move(request), RetryClass::kIdempotent, std::move(token),
                               [core, scid, template_name](CallOutcome outcome) -> Result<SessionTemplate> {
                                 auto const& response = outcome.response;
                                 if (response.status != 200) {
                                   return internal::SessionErrorFromResponse(response, outcome.attempts,
                                                                      core->context->clock->SystemNow(), {}, {});
                                 }
                                 auto body = internal::ParseJsonBody(response);
                                 if (!body.ok()) return std::move(body).error();
                                 return internal::ReadSessionTemplate(scid, template_name, std::move(body).value());
                               });
}

pplx::task<Result<SessionResult>> MpsdServiceConnection::UpdateSessionAsync(SessionReference const& reference,
                                                                         SessionMutation mutate,
                                                                         UpdateSessionOptions options,
                                                                         pplx::cancellation_token token) {
  if (auto valid = CheckReference(reference); !valid.ok()) return Ready<SessionResult>(valid.error());
  if (!mutate) return Ready<SessionResult>(InvalidArgument("UpdateSessionAsync needs a mutation"));
  if (options.max_writes < 1) return Ready<SessionResult>(InvalidArgument("max_writes must be at least 1"));
  if (options.current_user_xuid.empty()) options.current_user_xuid = core_->user_xuid;
  auto loop = std::make_shared<UpdateLoop>(core_, reference, std::move(mutate), std::move(options), std::move(token));
  return loop->Start();
}

}  // namespace xbl::multiplayer
