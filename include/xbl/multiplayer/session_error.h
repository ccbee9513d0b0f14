#pragma once
#include "xbl/error.h"
#include <memory>
#include <utility>

namespace xbl::multiplayer {

class MultiplayerSession;

/// The error of a session call: an `Error` plus the session the service returned with it.
/// `Result<SessionResult>` carries this type, so a conflict's current session is
/// `result.error().session`, with no cast.
struct SessionError : Error {
  SessionError() = default;
  SessionError(Error error) : Error(std::move(error)) {}  // NOLINT: every Error is a SessionError without a session
  SessionError(ErrorCode c, std::string msg, int status = 0) : Error(c, std::move(msg), status) {}

  /// The session the service returned with the error (412 conflict, 403 read-only), if any.
  std::shared_ptr<MultiplayerSession const> session;
};

}  // namespace xbl::multiplayer
