#include "multiplayer/response_parsing.h"
#include "core/response_errors.h"
#include <memory>

namespace xbl::internal {

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

multiplayer::SessionError SessionErrorFromResponse(HttpResponse const& response, int attempts,
                                                  std::chrono::system_clock::time_point now,
                                                  multiplayer::SessionReference const& reference,
                                                  std::string const& current_user_xuid) {
  if ((response.status != 412 && response.status != 403) || !IsJson(response) || response.body.empty()) {
    return ErrorFromResponse(response, attempts, now);
  }
  std::string message = response.status == 412
                            ? "the session changed since the ETag the write carried (HTTP 412)"
                            : "the session cannot be updated by this caller, but can be read (HTTP 403)";
  std::shared_ptr<multiplayer::MultiplayerSession const> current;
  auto session = ParseSessionBody(response, reference, current_user_xuid);
  if (session.ok()) {
    current = std::make_shared<multiplayer::MultiplayerSession const>(std::move(session).value());
  } else {
    message += "; " + session.error().message;
  }
  multiplayer::SessionError error = ErrorFromResponse(response, attempts, now, std::move(message));
  error.session = std::move(current);
  return error;
}

}  // namespace xbl::internal
