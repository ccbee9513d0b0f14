#pragma once
#include "xbl/error.h"
#include "xbl/http/http_response.h"
#include "xbl/multiplayer/multiplayer_session.h"
#include "xbl/result.h"
#include <nlohmann/json.hpp>
#include <chrono>
#include <string>

namespace xbl::internal {

/// Maps a response that is not a success to an `Error`: the code for its status, the
/// service's message (text body, or the 429 rate-limit object), `retry_after` from the
/// header, `attempts`; a 412 or 403 JSON session body becomes `error.session`.
Error ErrorFromResponse(HttpResponse const& response, int attempts, std::chrono::system_clock::time_point now,
                        multiplayer::SessionReference const& reference, std::string const& current_user_xuid);

/// Parses a session body with the response's ETag; `kMalformedResponse` when it does not fit.
Result<multiplayer::MultiplayerSession> ParseSessionBody(HttpResponse const& response,
                                                         multiplayer::SessionReference const& reference,
                                                         std::string const& current_user_xuid);

/// Parses a JSON body; `kMalformedResponse` (with the HTTP status) when it is not JSON.
Result<nlohmann::json> ParseJsonBody(HttpResponse const& response);

}  // namespace xbl::internal
