#pragma once
#include "xbl/error.h"
#include "xbl/http/http_response.h"
#include "xbl/result.h"
#include <nlohmann/json.hpp>
#include <chrono>
#include <string>

namespace xbl::internal {

/// Maps a response that is not a success to an `Error`: the code for its status, `message` (or,
/// when it is empty, the service's text body or the 429 rate-limit object), `retry_after` from
/// the header, and `attempts`.
Error ErrorFromResponse(HttpResponse const& response, int attempts, std::chrono::system_clock::time_point now,
                        std::string message = {});

/// Parses a JSON body; `kMalformedResponse` (with the HTTP status) when it is not JSON or nests
/// deeper than any service document (checked before parsing, so no reader copies such a body).
Result<nlohmann::json> ParseJsonBody(HttpResponse const& response);

/// True when the response says (or, without a Content-Type, looks like) it carries JSON.
bool IsJson(HttpResponse const& response);

}  // namespace xbl::internal
