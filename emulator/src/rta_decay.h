#pragma once
#include "commit_point.h"

#include <cstdint>
#include <string>

namespace xbl::emulator {

struct ServiceState;

/// Disconnect decay: every member bound to `connection_id` (any case) becomes inactive (`active`
/// and `activeTitleId` removed), one commit per session after its lazy timers ran, and its
/// activity handle for the session is deleted. With `rta_sessions_only` only sessions with
/// connectionRequiredForActiveMembers are touched (the grace period); the `POST /_emulator/rta`
/// hook touches any session. Returns the number of sessions changed.
std::int64_t DecayConnection(ServiceState& state, std::string const& connection_id, bool rta_sessions_only,
                             CommitCause const& cause);

}  // namespace xbl::emulator
