// Who is in the session: joining and leaving as the current user, reserving for others,
// removing by index. Repeating one of these in a single write is refused, as XSAPI does,
// rather than merged into what is already pending.
#include "xbl/multiplayer/multiplayer_session.h"
#include "multiplayer/pending_changes.h"
#include "multiplayer/session_change_rules.h"
#include <algorithm>

namespace xbl::multiplayer {

using change_rules::CheckText;
using change_rules::CheckValue;
using change_rules::InvalidArgument;
using change_rules::InvalidState;
using internal::ObjectChild;
using Json = internal::PendingChanges::Json;

Result<void> MultiplayerSession::Join(JoinOptions const& options) {
  if (current_user_xuid_.empty()) return InvalidState("Join: no current user (set current_user_xuid first)");
  if (PendingLeave()) return InvalidState("Join: Leave is already pending on this object");
  if (PendingJoin()) {
    return InvalidArgument("Join: this session object already has a pending Join for " + current_user_xuid_ +
                           "; join once per write");
  }
  if (auto error = CheckText("Join: the current user's xuid", current_user_xuid_)) return *error;
  if (!options.custom_constants.is_null() && !options.custom_constants.is_object()) {
    return InvalidArgument("Join: custom constants must be a JSON object");
  }
  if (auto error = CheckValue("Join: custom constants", options.custom_constants)) return *error;
  auto& pending = Pending();
  auto& me = pending.Me();
  auto& system_constants = ObjectChild(ObjectChild(me, "constants"), "system");
  system_constants["xuid"] = current_user_xuid_;
  if (options.initialize) system_constants["initialize"] = true;
  if (!options.custom_constants.is_null()) me["constants"]["custom"] = Json(options.custom_constants);
  if (options.active) pending.MeSystemProperties()["active"] = true;
  return {};
}

Result<void> MultiplayerSession::Leave() {
  if (current_user_xuid_.empty() && !constants_.capabilities.large) {
    return InvalidState("Leave: no current user (set current_user_xuid first)");
  }
  if (PendingJoin()) return InvalidState("Leave: Join is already pending on this object");
  if (PendingLeave()) return InvalidArgument("Leave: this session object already has a pending Leave; leave once per write");
  Pending().Leave();
  return {};
}

Result<void> MultiplayerSession::AddMemberReservation(std::string const& xuid, nlohmann::json custom_constants,
                                                      bool initialize) {
  if (xuid.empty()) return InvalidArgument("AddMemberReservation: empty xuid");
  if (constants_.capabilities.large) return InvalidState("AddMemberReservation: large sessions take no reservations");
  if (auto error = CheckText("AddMemberReservation: the xuid", xuid)) return *error;
  if (!custom_constants.is_null() && !custom_constants.is_object()) {
    return InvalidArgument("AddMemberReservation: custom constants must be a JSON object");
  }
  if (auto error = CheckValue("AddMemberReservation: custom constants", custom_constants)) return *error;
  Json system = {{"xuid", xuid}};
  if (initialize) system["initialize"] = true;
  Json entry = {{"constants", {{"system", std::move(system)}}}};
  if (!custom_constants.is_null()) entry["constants"]["custom"] = Json(std::move(custom_constants));
  Pending().AddReservation(std::move(entry));
  return {};
}

Result<void> MultiplayerSession::RemoveMember(std::uint32_t index) {
  if (constants_.capabilities.large) return InvalidState("RemoveMember: not available on large sessions");
  Pending().RemoveMember(index);
  return {};
}

}  // namespace xbl::multiplayer
