#pragma once
#include "xbl/error.h"
#include "xbl/multiplayer/session_reference.h"
#include <cstdint>
#include <functional>
#include <string>

namespace xbl::multiplayer {

/// A session this user is subscribed to changed (a shoulder tap, or a re-read after a new
/// connection that found a newer change): read it to see what changed. Delivered once per
/// (branch, change number) that is newer than anything this service has seen for the session.
struct SessionChangedEvent {
  /// The session; for a session this service made the user active in, spelled as the title
  /// spelled it, else as the tap named it.
  SessionReference reference;
  /// The session's branch (a GUID) and change number after the change.
  std::string branch;
  std::uint64_t change_number = 0;
};

/// Handlers of `MultiplayerService`'s subscriptions. Each runs on the context's callback
/// executor, never under a lock of the SDK and never on the socket's read path; what one throws is
/// caught and logged, and the others still run (docs/threading.md).
using SessionChangedHandler = std::function<void(SessionChangedEvent const& event)>;
/// The subscription is down: a refused Subscribe, an outage of `RtaSettings::lost_after` (the
/// SDK keeps retrying; the next connection resumes everything), or `DisableSubscriptionsAsync`
/// (`kCancelled`).
using SubscriptionLostHandler = std::function<void(Error const& error)>;
/// The RTA connection id changed (the first connection, and every reconnect after it).
using ConnectionIdChangedHandler = std::function<void(std::string const& connection_id)>;
/// The user is no longer a member of a session this service had made them active in: found when
/// the SDK rebinds the session to a new connection id, or re-reads it.
using MembershipLostHandler = std::function<void(SessionReference const& reference)>;

}  // namespace xbl::multiplayer
