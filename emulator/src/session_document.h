#pragma once
#include "clock.h"
#include "session_record.h"

#include <optional>
#include <string>

namespace xbl::emulator {

/// The member's timer state (protocol §3.9).
enum class MemberStatus { kReserved, kInactive, kReady, kActive };

MemberStatus StatusOf(Json const& member);
/// `/constants/system/<field>` as a timeout in ms; nullopt = infinite (null or absent).
std::optional<std::int64_t> TimeoutMs(SessionRecord const& record, char const* field);
bool HasCapability(SessionRecord const& record, char const* capability);
Json& SessionSystemProperties(SessionRecord& record);
Json const& SessionSystemConstants(SessionRecord const& record);
/// Removes a member and its bookkeeping; returns false when there was none.
bool RemoveMember(SessionRecord& record, std::string const& index);
/// Recomputes the read-only fields that follow from the members and properties: membersInfo,
/// each member's `next` and `turn`, `host` (deleted if it matches no device token),
/// `hostCandidates` (cleared once a host is set) and the empty-session clock.
void RecomputeDerived(SessionRecord& record, TimeMs now);
std::size_t MemberCount(SessionRecord const& record);

}  // namespace xbl::emulator
