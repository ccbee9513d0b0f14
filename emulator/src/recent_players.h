#pragma once
#include "clock.h"
#include "failure.h"
#include "session_record.h"

#include <map>
#include <optional>
#include <string>

namespace xbl::emulator {

// Recent players (protocol §2.7 `groups` and `encounters`, §3.14): members of one session who share a
// group name have played together. `groups` persist in the member's properties until changed;
// an encounter is "immediately consumed" and "counts as a 30 s group membership", so it lives only
// in the member's bookkeeping, from its write until 30 s later on the emulator clock.

constexpr TimeMs kEncounterMembershipMs = 30000;

/// A `groups` or `encounters` value: an array of names that follow the session-name rules
/// (strings of 1 to 100 characters, compared case-insensitively). 400 otherwise.
std::optional<Failure> ValidateGroupNames(Json const& names, char const* field);
/// An `encounters` write: each name is a group membership of this member until now + 30 s.
void RecordEncounters(MemberState& state, Json const& names, TimeMs now);
/// The admin view of `xuid`'s recent players: every other accepted member who shares a persistent
/// group or a live encounter with it in the same session, one entry per user and session:
/// `{"xuid":..,"recentPlayers":[{"xuid":..,"sessionRef":{..},"groups":[{"name":..,"expires":..}]}]}`
/// with `expires` null while both memberships are persistent. Under contract 107 only sessions
/// with `capabilities.gameplay` count. Call with the session store locked.
Json RecentPlayers(std::map<std::string, SessionRecord> const& sessions, std::string const& xuid, TimeMs now);

}  // namespace xbl::emulator
