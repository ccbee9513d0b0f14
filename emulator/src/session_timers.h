#pragma once
#include "clock.h"
#include "session_record.h"

#include <optional>

namespace xbl::emulator {

/// What a lazy timer pass did to a session.
struct TimerOutcome {
  bool changed = false;
  bool delete_session = false;  // sessionEmptyTimeout expired
};

/// Applies expired timeouts (protocol §3.9), lazily, just before a read or write: reserved and
/// inactive members are removed, ready members revert to inactive, initialization stages end,
/// an empty session past sessionEmptyTimeout is marked for deletion. At most one transition
/// per member per call ("timeouts are not stacked").
TimerOutcome ProcessTimers(SessionRecord& record, TimeMs now);
/// The earliest pending expiry, if any (rendered as `nextTimer` and the `Expires` header).
std::optional<TimeMs> NextTimer(SessionRecord const& record);
/// Writes or clears `nextTimer` in the document.
void StampNextTimer(SessionRecord& record);

}  // namespace xbl::emulator
