#pragma once
#include "xbl/multiplayer/get_sessions_request.h"
#include "xbl/multiplayer/session_reference.h"
#include <optional>
#include <string>
#include <string_view>

namespace xbl::internal {

/// RFC 3986 percent-encoding of everything but unreserved characters.
std::string PercentEncode(std::string_view text);
std::string PercentDecode(std::string_view text);

/// `/serviceconfigs/{scid}/sessiontemplates/{template}/sessions/{name}`, parts encoded.
std::string SessionPath(multiplayer::SessionReference const& reference);
/// `/handles/{id}/session`.
std::string HandleSessionPath(std::string_view handle_id);
/// `.../sessions` or `.../batch` (with the template level when the request has a template),
/// plus the query string of every filter that is set.
std::string GetSessionsPathAndQuery(multiplayer::GetSessionsRequest const& request);
/// Reads a session path (or absolute URL) such as `Content-Location`; nullopt if it is not one.
std::optional<multiplayer::SessionReference> ParseSessionPath(std::string_view path);

}  // namespace xbl::internal
