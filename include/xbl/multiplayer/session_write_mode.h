#pragma once

namespace xbl::multiplayer {

/// How `WriteSessionAsync` guards a write (protocol §1.1, as XSAPI maps them).
enum class SessionWriteMode {
  kCreateNew,           ///< `If-None-Match: *`: fails with 412 if the session exists.
  kUpdateExisting,      ///< `If-Match: *`: fails with 412 if the session does not exist.
  kUpdateOrCreateNew,   ///< No precondition header.
  kSynchronizedUpdate,  ///< `If-Match: <the session's ETag>`, or `If-None-Match: *` when it has none.
};

}  // namespace xbl::multiplayer
