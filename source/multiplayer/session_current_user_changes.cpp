// The current user's own member properties, written through `members.me`.
#include "xbl/multiplayer/multiplayer_session.h"
#include "core/ascii_case.h"
#include "multiplayer/pending_changes.h"
#include "multiplayer/session_change_rules.h"
#include <algorithm>

namespace xbl::multiplayer {

using change_rules::CheckText;
using change_rules::CheckValue;
using change_rules::InvalidArgument;
using change_rules::InvalidState;
using internal::ObjectChild;
using internal::ToLower;
using nlohmann::json;
using Json = internal::PendingChanges::Json;

Result<void> MultiplayerSession::SetCurrentUserStatus(MemberStatus status) {
  if (auto ok = RequireCurrentUser("SetCurrentUserStatus"); !ok) return ok;
  if (status != MemberStatus::kActive && status != MemberStatus::kReady && status != MemberStatus::kInactive) {
    return InvalidArgument("SetCurrentUserStatus: only active, ready or inactive can be set");
  }
  auto& system = Pending().MeSystemProperties();
  // Both true is an error, so each status says which one holds.
  switch (status) {
    case MemberStatus::kActive:
      system["active"] = true;
      system["ready"] = false;
      break;
    case MemberStatus::kReady:
      system["ready"] = true;
      system["active"] = false;
      break;
    default:
      system["active"] = false;
      system["ready"] = false;
      break;
  }
  return {};
}

Result<void> MultiplayerSession::SetCurrentUserConnection(std::string connection_id) {
  if (auto ok = RequireCurrentUser("SetCurrentUserConnection"); !ok) return ok;
  if (auto error = CheckText("SetCurrentUserConnection", connection_id)) return *error;
  Pending().MeSystemProperties()["connection"] = std::move(connection_id);
  return {};
}

Result<void> MultiplayerSession::SetCurrentUserSecureDeviceAddress(std::string base64) {
  if (auto ok = RequireCurrentUser("SetCurrentUserSecureDeviceAddress"); !ok) return ok;
  if (auto error = CheckText("SetCurrentUserSecureDeviceAddress", base64)) return *error;
  Pending().MeSystemProperties()["secureDeviceAddress"] = std::move(base64);
  return {};
}

Result<void> MultiplayerSession::SetCurrentUserMeasurements(std::vector<MemberMeasurement> const& measurements) {
  json out = json::object();
  for (auto const& m : measurements) {
    if (m.device_token.empty()) return InvalidArgument("measurements: empty device token");
    auto key = ToLower(m.device_token);
    if (out.contains(key)) return InvalidArgument("measurements: device token " + key + " appears twice");
    json entry = json::object();
    if (m.latency_ms) entry["latency"] = *m.latency_ms;
    if (m.bandwidth_down_kbps) entry["bandwidthDown"] = *m.bandwidth_down_kbps;
    if (m.bandwidth_up_kbps) entry["bandwidthUp"] = *m.bandwidth_up_kbps;
    if (!m.custom.is_null()) entry["custom"] = m.custom;
    out[key] = std::move(entry);
  }
  return SetCurrentUserMeasurements(std::move(out));
}

Result<void> MultiplayerSession::SetCurrentUserMeasurements(json measurements) {
  if (auto ok = RequireCurrentUser("SetCurrentUserMeasurements"); !ok) return ok;
  if (!measurements.is_object()) return InvalidArgument("measurements must be a JSON object keyed by device token");
  if (auto error = CheckValue("measurements", measurements)) return *error;
  auto const* me = current_user();
  std::string const own = me != nullptr ? ToLower(me->device_token) : std::string();
  Json normalized = Json::object();
  for (auto& [token, entry] : measurements.items()) {
    if (!entry.is_object()) return InvalidArgument("measurements/" + token + " must be an object");
    auto key = ToLower(token);
    if (!own.empty() && key == own) {
      return InvalidArgument("measurements must not contain the member's own device token " + own);
    }
    normalized[key] = Json(std::move(entry));
  }
  Pending().MeSystemProperties()["measurements"] = std::move(normalized);
  return {};
}

Result<void> MultiplayerSession::SetCurrentUserServerMeasurements(json server_measurements) {
  if (auto ok = RequireCurrentUser("SetCurrentUserServerMeasurements"); !ok) return ok;
  if (!server_measurements.is_object()) {
    return InvalidArgument("serverMeasurements must be a JSON object keyed by connection string");
  }
  if (auto error = CheckValue("serverMeasurements", server_measurements)) return *error;
  Pending().MeSystemProperties()["serverMeasurements"] = Json(std::move(server_measurements));
  return {};
}

Result<void> MultiplayerSession::SetCurrentUserInitializationGroup(std::vector<std::uint32_t> member_indices) {
  if (auto ok = RequireCurrentUser("SetCurrentUserInitializationGroup"); !ok) return ok;
  if (constants_.capabilities.large) return InvalidState("initializationGroup is not allowed on large sessions");
  if (from_service_) {
    for (auto index : member_indices) {
      if (index >= members_info_.next) {
        return InvalidArgument("initializationGroup: index " + std::to_string(index) + " is not below membersInfo.next (" +
                               std::to_string(members_info_.next) + ")");
      }
    }
  }
  Pending().MeSystemProperties()["initializationGroup"] = std::move(member_indices);
  return {};
}

Result<void> MultiplayerSession::SetCurrentUserGroups(std::vector<std::string> groups) {
  if (auto ok = RequireCurrentUser("SetCurrentUserGroups"); !ok) return ok;
  if (auto error = CheckText("groups", groups)) return *error;
  Pending().MeSystemProperties()["groups"] = std::move(groups);
  return {};
}

Result<void> MultiplayerSession::SetCurrentUserEncounters(std::vector<std::string> encounters) {
  if (auto ok = RequireCurrentUser("SetCurrentUserEncounters"); !ok) return ok;
  if (auto error = CheckText("encounters", encounters)) return *error;
  Pending().MeSystemProperties()["encounters"] = std::move(encounters);
  return {};
}

Result<void> MultiplayerSession::SetCurrentUserRoles(std::map<std::string, std::string> roles) {
  if (auto ok = RequireCurrentUser("SetCurrentUserRoles"); !ok) return ok;
  for (auto const& [type, name] : roles) {
    if (type.empty() || name.empty()) return InvalidArgument("roles: empty role type or role name");
  }
  if (auto error = CheckText("roles", roles)) return *error;
  Pending().Me()["roles"] = std::move(roles);
  return {};
}

Result<void> MultiplayerSession::SetCurrentUserSubscription(std::string id, std::vector<std::string> change_types) {
  if (auto ok = RequireCurrentUser("SetCurrentUserSubscription"); !ok) return ok;
  if (constants_.capabilities.large) return InvalidState("subscriptions are not allowed on large sessions");
  if (auto error = CheckText("subscription id", id)) return *error;
  static constexpr char const* kChangeTypes[] = {  // as the service names them
      "everything",    "host",        "initialization", "matchmakingStatus",    "membersList",
      "membersStatus", "joinability", "customProperty", "membersCustomProperty"};
  for (auto& type : change_types) {
    auto const known = std::find_if(std::begin(kChangeTypes), std::end(kChangeTypes),
                                    [&](char const* name) { return internal::EqualsIgnoreCase(name, type); });
    if (known == std::end(kChangeTypes)) {
      if (auto error = CheckText("subscription: a change type", type)) return *error;
      return InvalidArgument("subscription: unknown change type \"" + type + "\"");
    }
    type = *known;  // sent as the service spells it
  }
  auto& system = Pending().MeSystemProperties();
  if (id.empty() || change_types.empty()) {
    system["subscription"] = nullptr;
  } else {
    system["subscription"] = {{"id", std::move(id)}, {"changeTypes", std::move(change_types)}};
  }
  return {};
}

Result<void> MultiplayerSession::SetCurrentUserCustomProperty(std::string const& name, json value) {
  if (name.empty()) return InvalidArgument("member custom property name must not be empty");
  if (auto ok = RequireCurrentUser("SetCurrentUserCustomProperty"); !ok) return ok;
  if (auto error = CheckText("member custom property name", name)) return *error;
  if (auto error = CheckValue("member custom property " + name, value)) return *error;
  ObjectChild(ObjectChild(Pending().Me(), "properties"), "custom")[name] = Json(std::move(value));
  return {};
}

Result<void> MultiplayerSession::DeleteCurrentUserCustomProperty(std::string const& name) {
  return SetCurrentUserCustomProperty(name, nullptr);
}

}  // namespace xbl::multiplayer
