#pragma once
#include "auth.h"
#include "failure.h"
#include "json.h"
#include "session_record.h"

#include <optional>

namespace xbl::emulator {

constexpr char kExistingMemberReferenceMessage[] =
    "The request body can't contain existing member references unless the authentication principal includes a "
    "server.";

/// Request shape (protocol §2.10, §3.4): allowed top-level members, types, `reserve_N` numbering,
/// no properties on reservations, server-only servers and member indices (a user's `"<index>": null`
/// passes: owners may remove members, which depends on the session). Session-independent.
std::optional<Failure> ValidateRequestShape(Json const& request, Principal const& caller);
/// `/constants/system` after the template merge (protocol §2.2-2.4, §3.14): types, ranges, capability
/// combinations, initialization settings. `created_members_to_initialize` feeds the
/// membersNeededToStart check of 3.2.
std::optional<Failure> ValidateSystemConstants(Json const& system, Principal const& caller);
/// Fills the 107 (or 104/105) defaults into `/constants/system` (protocol §3.2, §3.15).
void ApplyConstantDefaults(Json& system, int contract);
/// `/properties/system` after the merge (protocol §2.5, §3.14). `evaluating`: the initialization stage.
std::optional<Failure> ValidateSystemProperties(SessionRecord const& record, Json const& changes);

}  // namespace xbl::emulator
