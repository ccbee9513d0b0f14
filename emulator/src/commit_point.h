#pragma once
#include "auth.h"
#include "change_feed.h"
#include "http_message.h"
#include "session_record.h"

namespace xbl::emulator {

struct ServiceState;

/// The one commit point: every stored change of a session passes here, under the store lock.
/// It bumps changeNumber, issues a new ETag, stamps nextTimer, and appends a change-feed entry
/// with the change types matched between `before` (null for a creation) and the result. The
/// feed's subscribers (shoulder taps) run after the store lock is released.
void CommitSession(ServiceState& state, SessionRecord& record, Json const& before, CommitCause const& cause);
/// Deletes the stored session `key` (under the store lock) and appends a change-feed entry marked
/// `deleted`, holding the last committed document, so the history can say why it vanished.
/// Nothing happens when there is no such session.
void CommitDeletion(ServiceState& state, std::string const& key, CommitCause const& cause);
/// The same stamping for a `nocommit=true` preview, which is not a commit: nothing is fed.
void StampCommit(SessionRecord& record);
/// The cause of a commit made by a REST request (`kind` "request", or "timer" for the lazy timers
/// that request ran).
CommitCause RequestCause(HttpRequest const& request, Principal const& caller, char const* kind = "request");
/// The cause of a server-side commit.
CommitCause ActionCause(char const* kind, std::string action);

}  // namespace xbl::emulator
