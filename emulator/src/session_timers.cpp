#include "session_timers.h"

#include "initialization.h"
#include "ownership_roles.h"
#include "session_document.h"

#include <algorithm>
#include <vector>

namespace xbl::emulator {
namespace {

struct MemberTimer {
  char const* timeout;
  TimeMs deadline;
};

// When this member's current state times out, and which constant says so; nullopt when it never
// does (infinite, or active).
std::optional<MemberTimer> MemberExpiryTimer(SessionRecord const& record, std::string const& index,
                                             Json const& member) {
  auto state = record.member.find(index);
  TimeMs since = state == record.member.end() ? 0 : state->second.state_since;
  bool const init_override = InRunningEpisode(record, index);
  char const* timeout = nullptr;
  switch (StatusOf(member)) {
    case MemberStatus::kReserved:
      if (init_override) return std::nullopt;  // joinTimeout governs episode members
      timeout = "reservedRemovalTimeout";
      break;
    case MemberStatus::kReady:
      if (init_override) return std::nullopt;
      timeout = "readyRemovalTimeout";
      break;
    case MemberStatus::kInactive:
      timeout = "inactiveRemovalTimeout";
      break;
    case MemberStatus::kActive:
      return std::nullopt;
  }
  auto t = TimeoutMs(record, timeout);
  if (!t) return std::nullopt;
  return MemberTimer{timeout, since + *t};
}

std::optional<TimeMs> MemberExpiry(SessionRecord const& record, std::string const& index, Json const& member) {
  auto timer = MemberExpiryTimer(record, index, member);
  if (!timer) return std::nullopt;
  return timer->deadline;
}

}  // namespace

TimerOutcome ProcessTimers(SessionRecord& record, TimeMs now) {
  TimerOutcome out;
  if (ProcessInitializationTimers(record, now)) out.changed = true;
  Json& members = record.doc["members"];
  std::vector<std::string> keys;
  for (auto it = members.begin(); it != members.end(); ++it) keys.push_back(it.key());
  for (auto const& index : keys) {
    Json& member = members[index];
    auto expiry = MemberExpiry(record, index, member);
    if (!expiry || now < *expiry) continue;
    out.changed = true;
    if (StatusOf(member) == MemberStatus::kReady) {
      member["properties"]["system"].erase("ready");  // ready expiry reverts to inactive (protocol §5 #2)
      record.member[index].state_since = *expiry;
    } else {
      RemoveMember(record, index);
    }
  }
  if (out.changed) {
    MaintainOwnersAndRoles(record);
    RecomputeDerived(record, now);
  }
  if (record.doc["members"].empty()) {
    if (record.empty_since < 0) record.empty_since = now;
    auto t = TimeoutMs(record, "sessionEmptyTimeout");
    if (t && now >= record.empty_since + *t) out.delete_session = true;
  }
  return out;
}

std::vector<PendingTimer> PendingTimers(SessionRecord const& record) {
  std::vector<PendingTimer> timers;
  auto const& members = ObjectOrEmpty(record.doc, "members");
  for (auto it = members.begin(); it != members.end(); ++it)
    if (auto timer = MemberExpiryTimer(record, it.key(), it.value()))
      timers.push_back({timer->timeout, it.key(), timer->deadline});
  if (auto t = InitializationDeadline(record)) timers.push_back({"memberInitialization", "", *t});
  if (members.empty() && record.empty_since >= 0) {
    if (auto t = TimeoutMs(record, "sessionEmptyTimeout"))
      timers.push_back({"sessionEmptyTimeout", "", record.empty_since + *t});
  }
  std::stable_sort(timers.begin(), timers.end(),
                   [](PendingTimer const& a, PendingTimer const& b) { return a.deadline < b.deadline; });
  return timers;
}

// Every read asks for this: it allocates nothing, unlike PendingTimers.
std::optional<TimeMs> NextTimer(SessionRecord const& record) {
  std::optional<TimeMs> next;
  auto consider = [&](std::optional<TimeMs> t) {
    if (t && (!next || *t < *next)) next = t;
  };
  auto const& members = ObjectOrEmpty(record.doc, "members");
  for (auto it = members.begin(); it != members.end(); ++it) consider(MemberExpiry(record, it.key(), it.value()));
  consider(InitializationDeadline(record));
  if (members.empty() && record.empty_since >= 0) {
    if (auto t = TimeoutMs(record, "sessionEmptyTimeout")) consider(record.empty_since + *t);
  }
  return next;
}

void StampNextTimer(SessionRecord& record) {
  if (auto next = NextTimer(record))
    record.doc["nextTimer"] = FormatIso8601(*next);
  else
    record.doc.erase("nextTimer");
}

}  // namespace xbl::emulator
