#pragma once
#include "core/response_errors.h"
#include "xbl/http/http_response.h"
#include "xbl/multiplayer/multiplayer_session.h"
#include "xbl/multiplayer/session_error.h"
#include "xbl/result.h"
#include <chrono>
#include <string>

namespace xbl::internal {

/// As `ErrorFromResponse`, and a 412 or 403 JSON session body becomes `error.session`.
multiplayer::SessionError SessionErrorFromResponse(HttpResponse const& response, int attempts,
                                                  std::chrono::system_clock::time_point now,
                                                  multiplayer::SessionReference const& reference,
                                                  std::string const& current_user_xuid);

/// Parses a session body with the response's ETag; `kMalformedResponse` when it does not fit.
Result<multiplayer::MultiplayerSession> ParseSessionBody(HttpResponse const& response,
                                                         multiplayer::SessionReference const& reference,
                                                         std::string const& current_user_xuid);

}  // namespace xbl::internal
