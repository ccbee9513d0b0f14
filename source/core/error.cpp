#include "xbl/error.h"

namespace xbl {
namespace {

class XblErrorCategory final : public std::error_category {
 public:
  char const* name() const noexcept override { return "xbl"; }
  std::string message(int value) const override {
    return ToString(static_cast<ErrorCode>(value));
  }
};

}  // namespace

char const* ToString(ErrorCode code) {
  switch (code) {
    case ErrorCode::kUnknown: return "unknown";
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kInvalidState: return "invalid_state";
    case ErrorCode::kMalformedJson: return "malformed_json";
    case ErrorCode::kMalformedResponse: return "malformed_response";
    case ErrorCode::kNetwork: return "network";
    case ErrorCode::kTimeout: return "timeout";
    case ErrorCode::kCancelled: return "cancelled";
    case ErrorCode::kBadRequest: return "bad_request";
    case ErrorCode::kUnauthorized: return "unauthorized";
    case ErrorCode::kForbidden: return "forbidden";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kMethodNotAllowed: return "method_not_allowed";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kPreconditionFailed: return "precondition_failed";
    case ErrorCode::kPayloadTooLarge: return "payload_too_large";
    case ErrorCode::kThrottled: return "throttled";
    case ErrorCode::kServiceUnavailable: return "service_unavailable";
    case ErrorCode::kServerError: return "server_error";
    case ErrorCode::kHttpError: return "http_error";
    case ErrorCode::kShutdown: return "shutdown";
  }
  return "unknown";
}

std::error_category const& ErrorCategory() {
  static XblErrorCategory const category;
  return category;
}

std::error_code make_error_code(ErrorCode code) {
  return {static_cast<int>(code), ErrorCategory()};
}

std::string Error::ToString() const {
  std::string text = xbl::ToString(code);
  if (http_status != 0) text += " (HTTP " + std::to_string(http_status) + ")";
  if (!message.empty()) text += ": " + message;
  return text;
}

ErrorCode ErrorCodeFromHttpStatus(int status) {
  switch (status) {
    case 400: return ErrorCode::kBadRequest;
    case 401: return ErrorCode::kUnauthorized;
    case 403: return ErrorCode::kForbidden;
    case 404: return ErrorCode::kNotFound;
    case 405: return ErrorCode::kMethodNotAllowed;
    case 408: return ErrorCode::kTimeout;
    case 409: return ErrorCode::kConflict;
    case 412: return ErrorCode::kPreconditionFailed;
    case 413: return ErrorCode::kPayloadTooLarge;
    case 429: return ErrorCode::kThrottled;
    case 503: return ErrorCode::kServiceUnavailable;
    default: break;
  }
  if (status >= 500 && status <= 599) return ErrorCode::kServerError;
  return ErrorCode::kHttpError;
}

}  // namespace xbl
