#include "core/response_errors.h"
#include "core/json_reader.h"
#include "xbl/retry_policy.h"

namespace xbl::internal {
namespace {

constexpr std::size_t kMaxMessageLength = 2000;

/// Deepest response body read: far past any MPSD document, far short of what would exhaust a
/// thread's stack when a reader copies the document recursively.
constexpr int kMaxResponseNesting = 128;

std::string RateLimitMessage(nlohmann::json const& body) {
  auto number = [&](char const* key) -> std::string {
    auto it = body.find(key);
    return it != body.end() && it->is_number() ? it->dump() : "?";
  };
  std::string text = "too many requests: " + number("currentRequests") + " of " + number("maxRequests") +
                     " allowed in " + number("periodInSeconds") + " s";
  if (auto it = body.find("limitType"); it != body.end() && it->is_string()) {
    text += " (" + it->get<std::string>() + " limit)";
  }
  return text;
}

}  // namespace

bool IsJson(HttpResponse const& response) {
  auto const type = HeaderValue(response.headers, "Content-Type");
  if (type.find("json") != std::string::npos) return true;
  auto const first = response.body.find_first_not_of(" \t\r\n");
  return type.empty() && first != std::string::npos && response.body[first] == '{';
}

Result<nlohmann::json> ParseJsonBody(HttpResponse const& response) {
  nlohmann::json body;
  if (auto const refused = ParseBounded(response.body, kMaxResponseNesting, body)) {
    std::string const what = refused->kind == ParseRefusal::Kind::kTooDeep
                                 ? " response body nests deeper than " + std::to_string(kMaxResponseNesting) + " levels"
                                 : " response body is not JSON";
    return Error(ErrorCode::kMalformedResponse, "the HTTP " + std::to_string(response.status) + what, response.status);
  }
  return body;
}

Error ErrorFromResponse(HttpResponse const& response, int attempts, std::chrono::system_clock::time_point now,
                        std::string message) {
  Error error(ErrorCodeFromHttpStatus(response.status), std::move(message), response.status);
  error.attempts = attempts;
  if (!error.message.empty()) {
    // the caller read the body
  } else if (response.status == 429 && IsJson(response)) {
    auto body = ParseJsonBody(response);
    error.message = body.ok() && body->is_object() ? RateLimitMessage(*body) : "too many requests";
  } else if (!response.body.empty()) {
    error.message = response.body.substr(0, kMaxMessageLength);
  } else {
    error.message = "HTTP " + std::to_string(response.status);
  }
  if (auto const header = HeaderValue(response.headers, "Retry-After"); !header.empty()) {
    if (auto delay = ParseRetryAfter(header, now)) {
      error.retry_after = now + *delay;
      error.message += "; retry after " + std::to_string(delay->count() / 1000) + " s";
    }
  }
  if (attempts > 1) error.message += " (after " + std::to_string(attempts) + " attempts)";
  return error;
}

}  // namespace xbl::internal
