#pragma once
#include "auth.h"
#include "failure.h"
#include "json.h"
#include "session_record.h"
#include "session_store.h"

#include <optional>
#include <string>

namespace xbl::emulator {

struct ServiceState;

/// The most RTA sessions one ConnectionId may be bound in at a time.
constexpr int kMaxSessionsPerConnection = 10;

/// The connection rules of an RTA session for the caller's own member, checked on the result of
/// a write before it is committed (docs/rta-protocol.md ): a write that sets
/// `active: true`, or changes `connection` of an active member, must leave `connection` naming a
/// live ConnectionId of one of the caller's sockets, bound in at most 10 sessions; a
/// `subscription` must have a GUID id and known change types. `before` is null for a creation.
std::optional<Failure> CheckRtaBinding(ServiceState& state, SessionStore& store, std::string const& key,
                                       SessionRecord const* before, SessionRecord const& after, Json const& request,
                                       Principal const& caller);
/// True when `member` is active with `connection` equal to `connection_id` (any case).
bool BoundTo(Json const& member, std::string const& connection_id);
/// True for a GUID in the 8-4-4-4-12 form, hex digits in either case.
bool IsGuid(std::string const& text);

}  // namespace xbl::emulator
