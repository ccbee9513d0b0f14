#pragma once
// Shared by the samples and the docs' examples that receive shoulder taps: joining a session so
// that MPSD taps this member on its service's RTA connection.
#include "xbl/multiplayer/multiplayer_service.h"
#include <string>

namespace xbl_samples {

/// Joins `ref` as `xuid`, active and subscribed to every change. MPSD taps a member only in a
/// session whose active members need a connection, so `create` makes the session with that
/// capability. The service's subscriptions must be enabled: the write then carries its connection id.
inline xbl::Result<xbl::multiplayer::SessionResult> JoinSubscribed(xbl::multiplayer::MultiplayerService const& service,
                                                                   xbl::multiplayer::SessionReference const& ref,
                                                                   std::string const& xuid, bool create) {
  namespace mp = xbl::multiplayer;
  mp::MultiplayerSession session(ref, xuid);
  if (create) {
    nlohmann::json const constants = {
        {"constants",
         {{"system", {{"maxMembersCount", 4}, {"capabilities", {{"connectionRequiredForActiveMembers", true}}}}}}}};
    if (auto merged = session.MergeRawChanges(constants); !merged) return merged.error();
  }
  if (auto joined = session.Join(); !joined) return joined.error();
  // The id is the title's own GUID: MPSD names it in each tap.
  if (auto subscribed = session.SetCurrentUserSubscription("6b2d3f40-5c6e-4d7f-8a91-a2b3c4d5e6f7", {"everything"});
      !subscribed) {
    return subscribed.error();
  }
  auto const mode = create ? mp::SessionWriteMode::kCreateNew : mp::SessionWriteMode::kUpdateExisting;
  return service.WriteSessionAsync(session, mode).get();
}

}  // namespace xbl_samples
