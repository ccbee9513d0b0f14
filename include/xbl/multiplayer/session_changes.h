#pragma once
#include "xbl/multiplayer/multiplayer_session.h"

namespace xbl::multiplayer {

/// What differs between two snapshots of one session, by the kinds a subscription's
/// `changeTypes` name. Without real-time subscriptions, a title polls with the ETag it
/// holds (`GetCurrentSessionAsync(ref, etag)`) and compares the new snapshot with the old.
struct SessionChanges {
  bool host = false;                     ///< `properties.system.host` (device tokens, any case)
  bool initialization = false;           ///< the initialization stage or episode
  bool matchmaking_status = false;       ///< the matchmaking server's or client result's status or target
  /// A member joined or left (members by index and xuid). A large session lists only `me`, so
  /// there this sees only the count (`membersInfo.count`) change.
  bool members_list = false;
  bool members_status = false;           ///< a staying member's status (reserved, inactive, ready, active)
  bool joinability = false;              ///< closed, locked, joinRestriction, or becoming full or not
  bool custom_property = false;          ///< the session's `properties.custom`
  bool members_custom_property = false;  ///< a staying member's `properties.custom`

  bool any() const {
    return host || initialization || matchmaking_status || members_list || members_status || joinability ||
           custom_property || members_custom_property;
  }
};

/// Compares `current` with `previous` (XSAPI's `compare_multiplayer_sessions`; custom JSON is
/// compared exactly, not case-insensitively as XSAPI does).
SessionChanges CompareSessions(MultiplayerSession const& current, MultiplayerSession const& previous);

}  // namespace xbl::multiplayer
