#pragma once
#include "auth.h"
#include "failure.h"
#include "session_record.h"
#include "social_graph.h"

#include <optional>
#include <string>

namespace xbl::emulator {

constexpr char kPrivateSessionMessage[] =
    "The requested session cannot be accessed. Private Sessions can only be read by members of the session.";

/// The index of the member with this xuid, or "".
std::string FindMemberByXuid(SessionRecord const& record, std::string const& xuid);
/// Visibility/readRestriction check for reads (protocol §3.6, §3.10). nullopt = allowed.
std::optional<Failure> CheckRead(SessionRecord const& record, Principal const& caller, SocialGraph const& social);
/// May the caller change the session without joining (properties, reservations)?
std::optional<Failure> CheckWrite(SessionRecord const& record, Principal const& caller, SocialGraph const& social);
/// A non-reserved join by a non-member: visibility, closed, joinRestriction (unless bypassed by a handle).
std::optional<Failure> CheckJoin(SessionRecord const& record, Principal const& caller, SocialGraph const& social,
                                 bool bypass_restrictions);
/// The effective join/read restriction ("none", "local", "followed").
std::string EffectiveRestriction(SessionRecord const& record, char const* field);
std::string Visibility(SessionRecord const& record);

}  // namespace xbl::emulator
