#pragma once
#include "auth.h"
#include "failure.h"
#include "session_record.h"

#include <optional>
#include <string>

namespace xbl::emulator {

// Session owners (capability hasOwners, ownershipPolicies) and member roles (roleTypes), protocol
// §2.2, §2.4.8, §3.6, §3.9.

/// `roleTypes` at creation: names lower-case alphanumeric (<= 100), `max > 0`,
/// `0 < target <= max`, `ownerManaged` only with hasOwners.
std::optional<Failure> ValidateRoleTypes(Json const& role_types, bool has_owners);
/// A later `roleTypes` in a request: only the `max`/`target` settings listed in
/// `mutableRoleSettings` may change, and only by an owner or a server (else 409/403).
std::optional<Failure> ApplyRoleTypeChanges(SessionRecord& record, Json const& requested, Principal const& caller);
/// A member's `roles` request `{type: role|null}`: the type and role must exist (400), a full
/// role is rejected (409), ownerManaged types are set by owners only (403).
std::optional<Failure> ApplyMemberRoles(SessionRecord& record, std::string const& index, Json const& roles,
                                        Principal const& caller);
/// True when the caller is an owner of a hasOwners session (or a server); sessions without
/// owners, or whose owners list is empty, put no restriction on anyone.
bool IsOwnerOrUnrestricted(SessionRecord const& record, Principal const& caller);
/// A member listed in `properties/system/owners` of a hasOwners session (strict: an empty owners
/// list makes nobody an owner).
bool IsSessionOwner(SessionRecord const& record, Principal const& caller);
/// Removing another member: servers always; on hasOwners sessions also owners (protocol §3.6).
bool MayRemoveOtherMembers(SessionRecord const& record, Principal const& caller);
/// With hasOwners, a non-owner may change only `nonOwnerModifiableSystemProperties` (403).
std::optional<Failure> CheckSystemPropertyOwnership(SessionRecord const& record, Json const& changes,
                                                    Principal const& caller);
/// After members leave: drops departed owners; when the last owner is gone, applies the
/// migration policy ("oldest" promotes the longest-joined member, "endsession" removes everyone).
/// Also refreshes each role's read-only `count`/`memberXuids`.
void MaintainOwnersAndRoles(SessionRecord& record);

}  // namespace xbl::emulator
