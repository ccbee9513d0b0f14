#include "internal/response_parsing.h"
#include "xbl/retry_policy.h"
#include <memory>

namespace xbl::internal {
namespace {

constexpr std::size_t kMaxMessageLength = 2000;

bool IsJson(HttpResponse const& response) {
  auto const type = HeaderValue(response.headers, "Content-Type");
  if (type.find("json") != std::string::npos) return true;
  auto const first = response.body.find_first_not_of(" \t\r\n");
  return type.empty() && first != std::string::npos && response.body[first] == '{';
}

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

Result<multiplayer::MultiplayerSession> ParseSessionBody(HttpResponse const& response,
                                                         multiplayer::SessionReference const& reference,
                                                         std::string const& current_user_xuid) {
  auto const etag = HeaderValue(response.headers, "ETag");
  Result<multiplayer::MultiplayerSession> parsed = Error(ErrorCode::kMalformedResponse, "not parsed");
  try {
    parsed = reference.scid.empty() ? multiplayer::MultiplayerSession::Parse(response.body, etag)
                                    : multiplayer::MultiplayerSession::Parse(reference, response.body, etag);
  } catch (std::exception const& e) {
    parsed = Error(ErrorCode::kMalformedResponse, e.what());
  }
  if (!parsed.ok()) {
    Error error = std::move(parsed).error();
    error.message = "the session in the HTTP " + std::to_string(response.status) +
                    " response could not be read: " + error.message;
    error.code = ErrorCode::kMalformedResponse;
    error.http_status = response.status;
    return error;
  }
  if (!current_user_xuid.empty()) parsed->set_current_user_xuid(current_user_xuid);
  return parsed;
}

Result<nlohmann::json> ParseJsonBody(HttpResponse const& response) {
  auto body = nlohmann::json::parse(response.body, nullptr, false);
  if (body.is_discarded()) {
    return Error(ErrorCode::kMalformedResponse,
                 "the HTTP " + std::to_string(response.status) + " response body is not JSON", response.status);
  }
  return body;
}

Error ErrorFromResponse(HttpResponse const& response, int attempts, std::chrono::system_clock::time_point now,
                        multiplayer::SessionReference const& reference, std::string const& current_user_xuid) {
  Error error(ErrorCodeFromHttpStatus(response.status), {}, response.status);
  error.attempts = attempts;
  std::string detail;
  if ((response.status == 412 || response.status == 403) && IsJson(response) && !response.body.empty()) {
    auto session = ParseSessionBody(response, reference, current_user_xuid);
    if (session.ok()) {
      error.session = std::make_shared<multiplayer::MultiplayerSession const>(std::move(session).value());
    } else {
      detail = session.error().message;
    }
    error.message = response.status == 412 ? "the session changed since the ETag the write carried (HTTP 412)"
                                           : "the session cannot be updated by this caller, but can be read (HTTP 403)";
    if (!detail.empty()) error.message += "; " + detail;
  } else if (response.status == 429 && IsJson(response)) {
    auto body = nlohmann::json::parse(response.body, nullptr, false);
    error.message = body.is_object() ? RateLimitMessage(body) : "too many requests";
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
