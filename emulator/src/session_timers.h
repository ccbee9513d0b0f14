#pragma once
#include "clock.h"
#include "session_record.h"

#include <optional>
#include <string>
#include <vector>

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
/// One timer that will change the session when the clock reaches `deadline`.
struct PendingTimer {
  std::string timeout;  // the constant that set it: "reservedRemovalTimeout", "sessionEmptyTimeout", ...
  std::string member;   // the member index it applies to, or "" for a session timer
  TimeMs deadline = 0;
};

/// Every pending expiry, earliest first (the admin session view shows them counting down).
std::vector<PendingTimer> PendingTimers(SessionRecord const& record);
/// The earliest pending expiry, if any (rendered as `nextTimer` and the `Expires` header).
std::optional<TimeMs> NextTimer(SessionRecord const& record);
/// Writes or clears `nextTimer` in the document.
void StampNextTimer(SessionRecord& record);

}  // namespace xbl::emulator
