#pragma once
#include "change_feed.h"
#include "rta_hub.h"

namespace xbl::emulator {

/// The change-feed subscriber that turns a commit of an RTA session into shoulder taps: one for
/// each member that is active, bound to a live ConnectionId and subscribed to a change type the
/// commit matched (docs/rta-protocol.md ). Runs without the store lock.
void PublishTaps(RtaHub& hub, ChangeEntry const& entry);
/// True when the document has `connectionRequiredForActiveMembers`.
bool IsRtaSession(Json const& document);

}  // namespace xbl::emulator
