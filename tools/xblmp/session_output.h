#pragma once
#include "command.h"
#include "xbl/multiplayer/session_result.h"
#include "xbl/result.h"
#include <string>

namespace xblmp {

/// `SCID/TEMPLATE/NAME`, escaped for a terminal.
std::string ReadableReference(xbl::multiplayer::SessionReference const& reference);

/// Prints what a session call returned and gives its exit status: the session (text, or its
/// JSON with --json); `deleted` / `not modified` as a status; a missing session as an error
/// (exit 3); a failure as an error, with the session a 412 or 403 carried printed first.
int PrintSessionResult(Invocation const& invocation, xbl::Result<xbl::multiplayer::SessionResult> const& result);

}  // namespace xblmp
