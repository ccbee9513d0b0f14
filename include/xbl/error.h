#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <system_error>

namespace xbl {

/// What went wrong, independent of transport. `kUnknown` is first so that an
/// unmapped value never masquerades as a real code.
enum class ErrorCode {
  kUnknown = 1,
  kInvalidArgument,      ///< The caller's input was rejected before anything was sent.
  kInvalidState,         ///< The call is not valid for this object's state (e.g. constants on a written session).
  kMalformedJson,        ///< A document could not be parsed; the message names the JSON path.
  kMalformedResponse,    ///< The service answered with a body that does not fit the contract.
  kNetwork,              ///< DNS, connect, TLS, reset: the request may not have reached the service.
  kTimeout,              ///< The per-attempt deadline passed.
  kCancelled,            ///< The caller's cancellation token fired.
  kBadRequest,           ///< HTTP 400.
  kUnauthorized,         ///< HTTP 401.
  kForbidden,            ///< HTTP 403.
  kNotFound,             ///< HTTP 404.
  kMethodNotAllowed,     ///< HTTP 405.
  kConflict,             ///< HTTP 409: constants conflict, large-session member change.
  kPreconditionFailed,   ///< HTTP 412: the ETag did not match (session calls carry the current session).
  kPayloadTooLarge,      ///< HTTP 413.
  kThrottled,            ///< HTTP 429: `retry_after` says when to come back.
  kServiceUnavailable,   ///< HTTP 503: `retry_after` says when to come back.
  kServerError,          ///< Other HTTP 5xx.
  kHttpError,            ///< Any other unexpected HTTP status.
  kShutdown,             ///< The client was shut down while the call was pending.
};

/// Lower-case stable name of a code, e.g. "precondition_failed".
char const* ToString(ErrorCode code);

/// The category for `std::error_code` interop.
std::error_category const& ErrorCategory();
std::error_code make_error_code(ErrorCode code);

/// An error value: never thrown across a task. Fields past `message` are filled
/// when they apply (attempts by the retry loop, `retry_after` on 429/503). A service may
/// extend it with details of its own (`multiplayer::SessionError` adds the session of a 412).
struct [[nodiscard]] Error {
  ErrorCode code = ErrorCode::kUnknown;
  int http_status = 0;          ///< 0 when no HTTP response was received.
  std::string message;          ///< Human-readable; includes the service's text when it sent one.
  int attempts = 0;             ///< How many HTTP attempts were made (0: none sent).
  /// When the service asked us to come back (429/503 Retry-After); absent otherwise.
  std::optional<std::chrono::system_clock::time_point> retry_after;

  Error() = default;
  Error(ErrorCode c, std::string msg, int status = 0)
      : code(c), http_status(status), message(std::move(msg)) {}

  std::error_code error_code() const { return make_error_code(code); }
  /// "precondition_failed (HTTP 412): message"
  std::string ToString() const;
};

/// Maps an HTTP status that is not a success to the matching code.
ErrorCode ErrorCodeFromHttpStatus(int status);

}  // namespace xbl

namespace std {
template <>
struct is_error_code_enum<xbl::ErrorCode> : true_type {};
}  // namespace std
