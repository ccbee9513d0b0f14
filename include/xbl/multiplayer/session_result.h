#pragma once
#include "xbl/multiplayer/multiplayer_session.h"
#include "xbl/multiplayer/session_error.h"
#include "xbl/result.h"
#include <memory>

namespace xbl::multiplayer {

/// What a session call found or did, when it did not fail.
enum class SessionResultStatus {
  kUnknown,
  kRead,         ///< GET 200: `session` holds the session.
  kCreated,      ///< PUT 201: `session` holds the new session.
  kUpdated,      ///< PUT/DELETE 200: `session` holds the session after the change.
  kDeleted,      ///< PUT/DELETE 204: the session (or the element) no longer exists; no `session`.
  kNotFound,     ///< GET 204: there is no such session; no `session`. Not an error.
  kNotModified,  ///< GET 304: the caller's ETag is current; no `session`.
};

/// "read", "created", "updated", "deleted", "not_found", "not_modified".
char const* ToString(SessionResultStatus status);

/// The successful outcome of a session call.
struct SessionResult {
  SessionResultStatus status = SessionResultStatus::kUnknown;
  int http_status = 0;
  /// The session the service returned, with its ETag and no pending changes; null when
  /// there is none. Shared by copies of this result (results travel through pplx tasks,
  /// which copy their values), so copy the session before changing it if you keep the result.
  std::shared_ptr<MultiplayerSession> session;
  /// How many HTTP attempts the call took.
  int attempts = 0;

  bool has_session() const { return session != nullptr; }
};

}  // namespace xbl::multiplayer

namespace xbl {
/// Session calls fail with a `SessionError`, which carries the current session of a 412.
template <>
struct ResultError<multiplayer::SessionResult> {
  using type = multiplayer::SessionError;
};
}  // namespace xbl
