#pragma once
// What every MultiplayerService call is built from: the shared core, request building and the
// send-with-retry wrapper that turns a response into a Result. Shared by the session calls
// (multiplayer_service.cpp) and the handle calls (multiplayer_service_handles.cpp).
#include "core/contained_exception.h"
#include "core/json_reader.h"
#include "core/retry_loop.h"
#include "xbl/http/http_request.h"
#include "xbl/multiplayer/session_reference.h"
#include "xbl/result.h"
#include <nlohmann/json.hpp>
#include <pplx/pplxtasks.h>
#include <exception>
#include <memory>
#include <string>
#include <string_view>

namespace xbl::internal {

/// What a service and its pending calls share; outlives the service while calls run.
struct MultiplayerServiceCore {
  std::shared_ptr<CallContext> context;
  std::string endpoint;
  std::string contract_version;
  std::string user_agent;
  std::string user_xuid;
  bool retry_unconditional_writes = false;
};


using Core = std::shared_ptr<MultiplayerServiceCore const>;

template <typename T>
pplx::task<Result<T>> Ready(Result<T> value) {
  return pplx::task_from_result(std::move(value));
}

inline Error InvalidArgument(std::string message) { return Error(ErrorCode::kInvalidArgument, std::move(message)); }

/// Refuses a caller's string that is not UTF-8 before anything is sent: MPSD names and ids are
/// text, and JSON cannot carry such bytes (serializing them throws).
inline Result<void> CheckText(std::string_view text, char const* what) {
  if (IsValidUtf8(text)) return {};
  return InvalidArgument(std::string(what) + " is not valid UTF-8");
}

inline Result<void> CheckReference(multiplayer::SessionReference const& reference) {
  if (reference.scid.empty() || reference.template_name.empty() || reference.name.empty()) {
    return InvalidArgument("the session reference needs a scid, a template name and a name");
  }
  if (auto valid = CheckText(reference.scid, "the session reference's scid"); !valid.ok()) return valid;
  if (auto valid = CheckText(reference.template_name, "the session reference's template name"); !valid.ok()) {
    return valid;
  }
  return CheckText(reference.name, "the session reference's name");
}

/// Deepest request body a call builds from caller values (custom properties nest within this).
inline constexpr int kMaxRequestNesting = 64;

/// A request body as text; kInvalidArgument, naming the value, when a string or key in it is not
/// UTF-8 or it nests too deep, so the call fails before sending instead of throwing.
inline Result<std::string> RequestBodyText(nlohmann::json const& body, char const* call) {
  if (auto problem = FindUnsendable(body, kMaxRequestNesting)) {
    return InvalidArgument(std::string(call) + ": the request cannot be sent: " + *problem);
  }
  return body.dump();
}

inline HttpRequest MakeRequest(MultiplayerServiceCore const& core, std::string method,
                               std::string const& path_and_query, std::string body = {}) {
  HttpRequest request;
  request.method = std::move(method);
  request.url = core.endpoint + path_and_query;
  request.headers["x-xbl-contract-version"] = core.contract_version;
  request.headers["Accept"] = "application/json";
  if (!core.user_agent.empty()) request.headers["User-Agent"] = core.user_agent;
  if (request.method == "PUT" || request.method == "POST") {
    request.headers["Content-Type"] = "application/json";
    request.body = std::move(body);
  }
  return request;
}

/// Runs `handle` on the call's outcome; an exception in it becomes an error, never a crash.
template <typename T, typename Handle>
pplx::task<Result<T>> Send(Core const& core, HttpRequest request, RetryClass retry_class,
                           pplx::cancellation_token token, Handle handle) {
  pplx::task_completion_event<Result<T>> done;
  // The response is handled on the thread that completed it; the caller's task is the only hop.
  internal::SendWithRetry(core->context, std::move(request), retry_class, std::move(token),
                          [done, handle = std::move(handle), logger = core->context->logger](Result<CallOutcome> outcome) {
                            Result<T> result = Error(ErrorCode::kUnknown, "unexpected failure handling the response");
                            try {
                              if (!outcome.ok()) {
                                result = std::move(outcome).error();
                              } else {
                                result = handle(std::move(outcome).value());
                              }
                            } catch (std::exception const& e) {
                              result = Error(ErrorCode::kUnknown,
                                             std::string("unexpected failure handling the response: ") + e.what());
                            } catch (...) {
                              LogContainedException(logger.get(), "a response handler");
                            }
                            done.set(std::move(result));
                          });
  return pplx::create_task(done);
}

}  // namespace xbl::internal
