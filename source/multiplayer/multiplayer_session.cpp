#include "xbl/multiplayer/multiplayer_session.h"
#include "core/ascii_case.h"
#include <algorithm>
#include <set>

namespace xbl::multiplayer {
namespace {

using internal::ToLower;
using nlohmann::json;

Error InvalidArgument(std::string message) { return Error(ErrorCode::kInvalidArgument, std::move(message)); }
Error InvalidState(std::string message) { return Error(ErrorCode::kInvalidState, std::move(message)); }

// `null` for an infinite timeout, else milliseconds.
json TimeoutJson(RemovalTimeout const& timeout) {
  return timeout ? json(timeout->count()) : json(nullptr);
}

json& Child(json& parent, char const* key) {
  if (!parent.is_object()) parent = json::object();
  auto& child = parent[key];
  if (!child.is_object()) child = json::object();
  return child;
}

}  // namespace

MemberStatus SessionMember::status() const {
  if (reserved) return MemberStatus::kReserved;
  if (active) return MemberStatus::kActive;
  if (ready) return MemberStatus::kReady;
  return MemberStatus::kInactive;
}

MultiplayerSession::MultiplayerSession(SessionReference reference, std::string current_user_xuid)
    : reference_(std::move(reference)), current_user_xuid_(std::move(current_user_xuid)) {}

void MultiplayerSession::set_current_user_xuid(std::string xuid) { current_user_xuid_ = std::move(xuid); }

SessionMember const* MultiplayerSession::current_user() const {
  for (auto const& member : members_) {
    if (member.is_current_user) return &member;
    if (!current_user_xuid_.empty() && member.xuid == current_user_xuid_) return &member;
  }
  return nullptr;
}

SessionMember const* MultiplayerSession::member_by_index(std::uint32_t index) const {
  for (auto const& member : members_) {
    if (member.index == index) return &member;
  }
  return nullptr;
}

// --- pending-change plumbing -------------------------------------------------------------

Result<void> MultiplayerSession::RequireNew(char const* what) const {
  if (from_service_) {
    return InvalidState(std::string(what) + " is a constant: it can only be set before the session is first written");
  }
  return {};
}

Result<void> MultiplayerSession::RequireCurrentUser(char const* what) const {
  if (pending_leave_) return InvalidState(std::string(what) + ": the current user is leaving in this write");
  if (current_user_xuid_.empty() && !constants_.capabilities.large) {
    return InvalidState(std::string(what) + ": no current user (set current_user_xuid first)");
  }
  if (pending_me_.is_object() || current_user() != nullptr) return {};
  return InvalidState(std::string(what) + ": the current user is not a member of the session; Join first");
}

json& MultiplayerSession::PendingSystemConstants() { return Child(Child(pending_, "constants"), "system"); }
json& MultiplayerSession::PendingSystemProperties() { return Child(Child(pending_, "properties"), "system"); }
json& MultiplayerSession::PendingMe() {
  if (!pending_me_.is_object()) pending_me_ = json::object();
  return pending_me_;
}
json& MultiplayerSession::PendingMeSystemProperties() { return Child(Child(PendingMe(), "properties"), "system"); }

bool MultiplayerSession::has_pending_changes() const {
  return (pending_.is_object() && !pending_.empty()) || pending_me_.is_object() || pending_leave_ ||
         !pending_reservations_.empty() || !pending_removals_.empty() || pending_member_edits_.is_object();
}

void MultiplayerSession::ClearPendingChanges() {
  pending_ = nullptr;
  pending_me_ = nullptr;
  pending_leave_ = false;
  pending_reservations_.clear();
  pending_removals_.clear();
  pending_member_edits_ = nullptr;
}

namespace {
// Objects merge by key; anything else (null included: it deletes on the service) replaces.
void MergeInto(json& target, json const& change) {
  if (!change.is_object() || !target.is_object()) {
    target = change;
    return;
  }
  for (auto const& [key, value] : change.items()) MergeInto(target[key], value);
}
}  // namespace

Result<void> MultiplayerSession::MergeRawChanges(json const& delta) {
  if (!delta.is_object()) return InvalidArgument("a request delta must be a JSON object");
  for (auto const& [key, value] : delta.items()) {
    if (key != "constants" && key != "properties" && key != "members" && key != "servers" && key != "roleTypes") {
      return InvalidArgument("request delta: \"" + key + "\" is not allowed at the top level");
    }
    if (key != "members" && !value.is_object()) return InvalidArgument("request delta: " + key + " must be an object");
  }
  // Check the members first so that a refused delta changes nothing.
  std::size_t next_reservation = pending_reservations_.size();
  std::vector<std::pair<std::size_t, json const*>> reservations;
  if (auto const it = delta.find("members"); it != delta.end()) {
    if (!it->is_object()) return InvalidArgument("request delta: members must be an object");
    for (auto const& [key, value] : it->items()) {
      if (key == "me") {
        if (!value.is_null() && !value.is_object()) return InvalidArgument("request delta: members/me must be an object or null");
      } else if (key.rfind("reserve_", 0) == 0) {
        std::size_t number = 0;
        auto const digits = key.substr(8);
        if (digits.empty() || digits.size() > 6 || digits.find_first_not_of("0123456789") != std::string::npos) {
          return InvalidArgument("request delta: bad reservation key " + key);
        }
        number = std::stoul(digits);
        if (!value.is_object()) return InvalidArgument("request delta: members/" + key + " must be an object");
        reservations.emplace_back(number, &value);
      } else if (key.empty() || key.size() > 10 || key.find_first_not_of("0123456789") != std::string::npos) {
        return InvalidArgument("request delta: member keys are me, reserve_N or an index, not " + key);
      } else if (!value.is_null() && !value.is_object()) {
        return InvalidArgument("request delta: members/" + key + " must be an object or null");
      }
    }
    std::sort(reservations.begin(), reservations.end());
    for (auto const& [number, value] : reservations) {
      if (number != next_reservation++) {
        return InvalidArgument("request delta: reservations must be numbered reserve_" +
                               std::to_string(next_reservation - 1) + " next");
      }
    }
  }
  for (auto const& [key, value] : delta.items()) {
    if (key == "members") continue;
    if (!pending_.is_object()) pending_ = json::object();
    MergeInto(pending_[key], value);
  }
  if (auto const it = delta.find("members"); it != delta.end()) {
    for (auto const& [key, value] : it->items()) {
      if (key == "me") {
        if (value.is_null()) {
          pending_me_ = nullptr;
          pending_leave_ = true;
        } else {
          pending_leave_ = false;
          MergeInto(PendingMe(), value);
        }
      } else if (key.rfind("reserve_", 0) != 0) {
        if (!pending_member_edits_.is_object()) pending_member_edits_ = json::object();
        pending_member_edits_[key] = value;
      }
    }
    for (auto const& entry : reservations) pending_reservations_.push_back(*entry.second);
  }
  return {};
}

json MultiplayerSession::BuildMembersDelta() const {
  json members = json::object();
  if (pending_leave_) {
    members["me"] = nullptr;
  } else if (pending_me_.is_object()) {
    members["me"] = pending_me_;
  }
  for (std::size_t i = 0; i < pending_reservations_.size(); ++i) {
    members["reserve_" + std::to_string(i)] = pending_reservations_[i];
  }
  for (auto index : pending_removals_) members[std::to_string(index)] = nullptr;
  if (pending_member_edits_.is_object()) {
    for (auto const& [key, value] : pending_member_edits_.items()) members[key] = value;
  }
  return members;
}

json MultiplayerSession::RequestBody() const {
  json body = pending_.is_object() ? pending_ : json::object();
  json members = BuildMembersDelta();
  if (!members.empty()) body["members"] = std::move(members);
  return body;
}

std::string MultiplayerSession::RequestBodyText() const {
  // nlohmann::json orders keys alphabetically ("reserve_10" before "reserve_2"), but MPSD adds
  // members in the order they appear, so the members object is written by hand.
  std::string text = "{";
  bool first = true;
  auto field = [&](char const* key, std::string const& value) {
    if (!first) text += ',';
    first = false;
    text += '"';
    text += key;
    text += "\":";
    text += value;
  };
  if (pending_.is_object()) {
    for (char const* key : {"constants", "roleTypes", "properties", "servers"}) {
      if (auto it = pending_.find(key); it != pending_.end()) field(key, it->dump());
    }
  }
  std::string members;
  auto member = [&](std::string const& key, json const& value) {
    if (!members.empty()) members += ',';
    members += json(key).dump() + ":" + value.dump();
  };
  if (pending_leave_) {
    member("me", nullptr);
  } else if (pending_me_.is_object()) {
    member("me", pending_me_);
  }
  for (std::size_t i = 0; i < pending_reservations_.size(); ++i) {
    member("reserve_" + std::to_string(i), pending_reservations_[i]);
  }
  for (auto index : pending_removals_) member(std::to_string(index), nullptr);
  if (pending_member_edits_.is_object()) {
    for (auto const& [key, value] : pending_member_edits_.items()) member(key, value);
  }
  if (!members.empty()) field("members", "{" + members + "}");
  text += '}';
  return text;
}

// --- constants ---------------------------------------------------------------------------

Result<void> MultiplayerSession::SetMaxMembersCount(std::uint32_t count) {
  if (auto ok = RequireNew("maxMembersCount"); !ok) return ok;
  if (count == 0) return InvalidArgument("maxMembersCount must be at least 1");
  PendingSystemConstants()["maxMembersCount"] = count;
  return {};
}

Result<void> MultiplayerSession::SetVisibility(SessionVisibility visibility) {
  if (auto ok = RequireNew("visibility"); !ok) return ok;
  if (visibility != SessionVisibility::kPrivate && visibility != SessionVisibility::kVisible &&
      visibility != SessionVisibility::kOpen) {
    return InvalidArgument("visibility must be private, visible or open");
  }
  PendingSystemConstants()["visibility"] = ToString(visibility);
  return {};
}

Result<void> MultiplayerSession::SetInitiators(std::vector<std::string> xuids) {
  if (auto ok = RequireNew("initiators"); !ok) return ok;
  for (auto const& xuid : xuids) {
    if (xuid.empty()) return InvalidArgument("initiators: empty xuid");
  }
  PendingSystemConstants()["initiators"] = std::move(xuids);
  return {};
}

Result<void> MultiplayerSession::SetInviteProtocol(std::string protocol) {
  if (auto ok = RequireNew("inviteProtocol"); !ok) return ok;
  PendingSystemConstants()["inviteProtocol"] = std::move(protocol);
  return {};
}

Result<void> MultiplayerSession::SetTimeouts(RemovalTimeout reserved, RemovalTimeout inactive, RemovalTimeout ready,
                                             RemovalTimeout session_empty) {
  if (auto ok = RequireNew("the removal timeouts"); !ok) return ok;
  for (auto const& t : {reserved, inactive, ready, session_empty}) {
    if (t && t->count() < 0) return InvalidArgument("timeouts must not be negative");
  }
  auto& system = PendingSystemConstants();
  system["reservedRemovalTimeout"] = TimeoutJson(reserved);
  system["inactiveRemovalTimeout"] = TimeoutJson(inactive);
  system["readyRemovalTimeout"] = TimeoutJson(ready);
  system["sessionEmptyTimeout"] = TimeoutJson(session_empty);
  return {};
}

Result<void> MultiplayerSession::SetCapabilities(SessionCapabilities const& c) {
  if (auto ok = RequireNew("capabilities"); !ok) return ok;
  if (c.large && (c.connectivity || c.auto_populate_server_candidates || c.user_authorization_style || c.team ||
                  c.arbitration)) {
    return InvalidArgument(
        "capabilities: large cannot be combined with connectivity, autoPopulateServerCandidates, "
        "userAuthorizationStyle, team or arbitration");
  }
  if (c.broadcast && !c.large) return InvalidArgument("capabilities: broadcast requires large");
  json out = json::object();
  auto put = [&](char const* key, bool value) {
    if (value) out[key] = true;
  };
  put("connectivity", c.connectivity);
  put("suppressPresenceActivityCheck", c.suppress_presence_activity_check);
  put("gameplay", c.gameplay);
  put("large", c.large);
  put("connectionRequiredForActiveMembers", c.connection_required_for_active_members);
  put("clientMatchmaking", c.client_matchmaking);
  put("cloudCompute", c.cloud_compute);
  put("autoPopulateServerCandidates", c.auto_populate_server_candidates);
  put("userAuthorizationStyle", c.user_authorization_style);
  put("crossPlay", c.crossplay);
  put("broadcast", c.broadcast);
  put("team", c.team);
  put("arbitration", c.arbitration);
  put("hasOwners", c.has_owners);
  put("searchable", c.searchable);
  PendingSystemConstants()["capabilities"] = std::move(out);
  return {};
}

Result<void> MultiplayerSession::SetMetrics(SessionMetrics const& m) {
  if (auto ok = RequireNew("metrics"); !ok) return ok;
  PendingSystemConstants()["metrics"] = {
      {"latency", m.latency}, {"bandwidthDown", m.bandwidth_down}, {"bandwidthUp", m.bandwidth_up}, {"custom", m.custom}};
  return {};
}

Result<void> MultiplayerSession::SetMemberInitialization(MemberInitialization const& m) {
  if (auto ok = RequireNew("memberInitialization"); !ok) return ok;
  if (m.join_timeout.count() < 0 || m.measurement_timeout.count() < 0 || m.evaluation_timeout.count() < 0) {
    return InvalidArgument("memberInitialization timeouts must not be negative");
  }
  json out = {{"joinTimeout", m.join_timeout.count()},
              {"measurementTimeout", m.measurement_timeout.count()},
              {"externalEvaluation", m.external_evaluation},
              {"membersNeededToStart", m.members_needed_to_start}};
  // MPSD refuses evaluationTimeout unless the title evaluates.
  if (m.external_evaluation) out["evaluationTimeout"] = m.evaluation_timeout.count();
  PendingSystemConstants()["memberInitialization"] = std::move(out);
  return {};
}

namespace {
/// A QoS threshold on the wire: the number, or `null` for no requirement.
template <typename T>
nlohmann::json Threshold(std::optional<T> const& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}
}  // namespace

Result<void> MultiplayerSession::SetPeerToPeerRequirements(PeerToPeerRequirements const& r) {
  if (auto ok = RequireNew("peerToPeerRequirements"); !ok) return ok;
  PendingSystemConstants()["peerToPeerRequirements"] = {{"latencyMaximum", Threshold(r.latency_maximum_ms)},
                                                        {"bandwidthMinimum", Threshold(r.bandwidth_minimum_kbps)}};
  return {};
}

Result<void> MultiplayerSession::SetPeerToHostRequirements(PeerToHostRequirements const& r) {
  if (auto ok = RequireNew("peerToHostRequirements"); !ok) return ok;
  if (r.host_selection_metric == HostSelectionMetric::kUnknown) {
    return InvalidArgument("peerToHostRequirements: hostSelectionMetric must be set");
  }
  PendingSystemConstants()["peerToHostRequirements"] = {{"latencyMaximum", Threshold(r.latency_maximum_ms)},
                                                        {"bandwidthDownMinimum", Threshold(r.bandwidth_down_minimum_kbps)},
                                                        {"bandwidthUpMinimum", Threshold(r.bandwidth_up_minimum_kbps)},
                                                        {"hostSelectionMetric", ToString(r.host_selection_metric)}};
  return {};
}

Result<void> MultiplayerSession::SetMeasurementServerAddresses(std::map<std::string, std::string> const& addresses) {
  if (auto ok = RequireNew("measurementServerAddresses"); !ok) return ok;
  json out = json::object();
  for (auto const& [connection, address] : addresses) {
    if (connection.empty() || address.empty()) {
      return InvalidArgument("measurementServerAddresses: empty connection string or address");
    }
    out[ToLower(connection)] = {{"secureDeviceAddress", address}};
  }
  PendingSystemConstants()["measurementServerAddresses"] = std::move(out);
  return {};
}

Result<void> MultiplayerSession::SetOwnershipPolicies(OwnershipPolicies const& p) {
  if (auto ok = RequireNew("ownershipPolicies"); !ok) return ok;
  if (p.migration == OwnershipMigration::kUnknown) return InvalidArgument("ownershipPolicies: migration must be set");
  PendingSystemConstants()["ownershipPolicies"] = {
      {"migration", ToString(p.migration)},
      {"allowNonOwnerInviteHandles", p.allow_non_owner_invite_handles},
      {"nonOwnerModifiableSystemProperties", p.non_owner_modifiable_system_properties}};
  return {};
}

Result<void> MultiplayerSession::SetCustomConstant(std::string const& name, json value) {
  if (auto ok = RequireNew("a custom constant"); !ok) return ok;
  if (name.empty()) return InvalidArgument("custom constant name must not be empty");
  Child(Child(pending_, "constants"), "custom")[name] = std::move(value);
  return {};
}

Result<void> MultiplayerSession::SetRoleTypes(std::map<std::string, RoleType> const& role_types) {
  if (auto ok = RequireNew("roleTypes"); !ok) return ok;
  json out = json::object();
  for (auto const& [type_name, type] : role_types) {
    if (type_name.empty()) return InvalidArgument("roleTypes: empty role type name");
    json roles = json::object();
    for (auto const& [role_name, role] : type.roles) {
      if (role.max == 0 || role.target > role.max) {
        return InvalidArgument("roleTypes/" + type_name + "/" + role_name + ": need max > 0 and target <= max");
      }
      json r = {{"max", role.max}};
      if (role.target > 0) r["target"] = role.target;
      roles[role_name] = std::move(r);
    }
    json t = {{"roles", std::move(roles)}};
    if (type.owner_managed) t["ownerManaged"] = true;
    if (!type.mutable_role_settings.empty()) t["mutableRoleSettings"] = type.mutable_role_settings;
    out[type_name] = std::move(t);
  }
  pending_ = pending_.is_object() ? pending_ : json::object();
  pending_["roleTypes"] = std::move(out);
  return {};
}

json const* MultiplayerSession::PendingRoleSetting(std::string const& type, std::string const& role,
                                                  char const* setting) const {
  json const* node = &pending_;
  for (char const* key : {"roleTypes", type.c_str(), "roles", role.c_str(), setting}) {
    if (!node->is_object()) return nullptr;
    auto const it = node->find(key);
    if (it == node->end()) return nullptr;
    node = &*it;
  }
  return node->is_number_unsigned() ? node : nullptr;
}

Result<void> MultiplayerSession::SetMutableRoleSettings(std::map<std::string, RoleType> const& role_types) {
  if (!from_service_) {
    return InvalidState("SetMutableRoleSettings: only on a session read from the service; use SetRoleTypes to create");
  }
  if (role_types.empty()) return InvalidArgument("SetMutableRoleSettings: no role types given");
  json changes = json::object();
  for (auto const& [type_name, type] : role_types) {
    auto const current_type = role_types_.find(type_name);
    if (current_type == role_types_.end()) {
      return InvalidArgument("roleTypes/" + type_name + ": the session has no such role type");
    }
    auto const& mutable_settings = current_type->second.mutable_role_settings;
    auto const is_mutable = [&](char const* setting) {
      return std::any_of(mutable_settings.begin(), mutable_settings.end(),
                         [&](std::string const& s) { return internal::EqualsIgnoreCase(s, setting); });
    };
    if (type.roles.empty()) return InvalidArgument("roleTypes/" + type_name + ": no roles given");
    for (auto const& [role_name, role] : type.roles) {
      std::string const path = "roleTypes/" + type_name + "/" + role_name;
      auto const current_role = current_type->second.roles.find(role_name);
      if (current_role == current_type->second.roles.end()) {
        return InvalidArgument(path + ": the session has no such role");
      }
      if (role.max == 0 && role.target == 0) return InvalidArgument(path + ": neither max nor target given");
      if (role.max > 0 && !is_mutable("max")) return InvalidArgument(path + ": max is not in mutableRoleSettings");
      if (role.target > 0 && !is_mutable("target")) {
        return InvalidArgument(path + ": target is not in mutableRoleSettings");
      }
      // Checked against what this write will leave: an earlier call's recorded change counts.
      auto const recorded = [&](char const* setting, std::uint32_t read) -> std::uint32_t {
        auto const* value = PendingRoleSetting(type_name, role_name, setting);
        return value != nullptr ? value->get<std::uint32_t>() : read;
      };
      std::uint32_t const max = role.max > 0 ? role.max : recorded("max", current_role->second.max);
      std::uint32_t const target = role.target > 0 ? role.target : recorded("target", current_role->second.target);
      if (max == 0 || target > max) return InvalidArgument(path + ": need max > 0 and target <= max");
      json& out = changes[type_name]["roles"][role_name];
      if (role.max > 0) out["max"] = role.max;
      if (role.target > 0) out["target"] = role.target;
    }
  }
  pending_ = pending_.is_object() ? pending_ : json::object();
  pending_["roleTypes"].merge_patch(changes);
  return {};
}

// --- membership --------------------------------------------------------------------------

Result<void> MultiplayerSession::Join(JoinOptions const& options) {
  if (current_user_xuid_.empty()) return InvalidState("Join: no current user (set current_user_xuid first)");
  if (pending_leave_) return InvalidState("Join: Leave is already pending on this object");
  if (!options.custom_constants.is_null() && !options.custom_constants.is_object()) {
    return InvalidArgument("Join: custom constants must be a JSON object");
  }
  auto& me = PendingMe();
  auto& system_constants = Child(Child(me, "constants"), "system");
  system_constants["xuid"] = current_user_xuid_;
  if (options.initialize) system_constants["initialize"] = true;
  if (!options.custom_constants.is_null()) me["constants"]["custom"] = options.custom_constants;
  if (options.active) PendingMeSystemProperties()["active"] = true;
  return {};
}

Result<void> MultiplayerSession::Leave() {
  if (current_user_xuid_.empty() && !constants_.capabilities.large) {
    return InvalidState("Leave: no current user (set current_user_xuid first)");
  }
  if (pending_me_.is_object() && pending_me_.contains("constants")) {
    return InvalidState("Leave: Join is already pending on this object");
  }
  pending_me_ = nullptr;
  pending_leave_ = true;
  return {};
}

Result<void> MultiplayerSession::AddMemberReservation(std::string const& xuid, json custom_constants,
                                                      bool initialize) {
  if (xuid.empty()) return InvalidArgument("AddMemberReservation: empty xuid");
  if (constants_.capabilities.large) return InvalidState("AddMemberReservation: large sessions take no reservations");
  if (!custom_constants.is_null() && !custom_constants.is_object()) {
    return InvalidArgument("AddMemberReservation: custom constants must be a JSON object");
  }
  json system = {{"xuid", xuid}};
  if (initialize) system["initialize"] = true;
  json entry = {{"constants", {{"system", std::move(system)}}}};
  if (!custom_constants.is_null()) entry["constants"]["custom"] = std::move(custom_constants);
  pending_reservations_.push_back(std::move(entry));
  return {};
}

Result<void> MultiplayerSession::RemoveMember(std::uint32_t index) {
  if (constants_.capabilities.large) return InvalidState("RemoveMember: not available on large sessions");
  if (std::find(pending_removals_.begin(), pending_removals_.end(), index) == pending_removals_.end()) {
    pending_removals_.push_back(index);
  }
  return {};
}

// --- current user ------------------------------------------------------------------------

Result<void> MultiplayerSession::SetCurrentUserStatus(MemberStatus status) {
  if (auto ok = RequireCurrentUser("SetCurrentUserStatus"); !ok) return ok;
  auto& system = PendingMeSystemProperties();
  switch (status) {
    case MemberStatus::kActive:
      system["active"] = true;
      system["ready"] = false;  // both true is an error, so say which one holds
      break;
    case MemberStatus::kReady:
      system["ready"] = true;
      system["active"] = false;
      break;
    case MemberStatus::kInactive:
      system["active"] = false;
      system["ready"] = false;
      break;
    default:
      return InvalidArgument("SetCurrentUserStatus: only active, ready or inactive can be set");
  }
  return {};
}

Result<void> MultiplayerSession::SetCurrentUserConnection(std::string connection_id) {
  if (auto ok = RequireCurrentUser("SetCurrentUserConnection"); !ok) return ok;
  PendingMeSystemProperties()["connection"] = std::move(connection_id);
  return {};
}

Result<void> MultiplayerSession::SetCurrentUserSecureDeviceAddress(std::string base64) {
  if (auto ok = RequireCurrentUser("SetCurrentUserSecureDeviceAddress"); !ok) return ok;
  PendingMeSystemProperties()["secureDeviceAddress"] = std::move(base64);
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
  auto const* me = current_user();
  std::string const own = me != nullptr ? ToLower(me->device_token) : std::string();
  json normalized = json::object();
  for (auto& [token, entry] : measurements.items()) {
    if (!entry.is_object()) return InvalidArgument("measurements/" + token + " must be an object");
    auto key = ToLower(token);
    if (!own.empty() && key == own) {
      return InvalidArgument("measurements must not contain the member's own device token " + own);
    }
    normalized[key] = std::move(entry);
  }
  PendingMeSystemProperties()["measurements"] = std::move(normalized);
  return {};
}

Result<void> MultiplayerSession::SetCurrentUserServerMeasurements(json server_measurements) {
  if (auto ok = RequireCurrentUser("SetCurrentUserServerMeasurements"); !ok) return ok;
  if (!server_measurements.is_object()) {
    return InvalidArgument("serverMeasurements must be a JSON object keyed by connection string");
  }
  PendingMeSystemProperties()["serverMeasurements"] = std::move(server_measurements);
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
  PendingMeSystemProperties()["initializationGroup"] = std::move(member_indices);
  return {};
}

Result<void> MultiplayerSession::SetCurrentUserGroups(std::vector<std::string> groups) {
  if (auto ok = RequireCurrentUser("SetCurrentUserGroups"); !ok) return ok;
  PendingMeSystemProperties()["groups"] = std::move(groups);
  return {};
}

Result<void> MultiplayerSession::SetCurrentUserEncounters(std::vector<std::string> encounters) {
  if (auto ok = RequireCurrentUser("SetCurrentUserEncounters"); !ok) return ok;
  PendingMeSystemProperties()["encounters"] = std::move(encounters);
  return {};
}

Result<void> MultiplayerSession::SetCurrentUserRoles(std::map<std::string, std::string> roles) {
  if (auto ok = RequireCurrentUser("SetCurrentUserRoles"); !ok) return ok;
  for (auto const& [type, name] : roles) {
    if (type.empty() || name.empty()) return InvalidArgument("roles: empty role type or role name");
  }
  PendingMe()["roles"] = std::move(roles);
  return {};
}

Result<void> MultiplayerSession::SetCurrentUserSubscription(std::string id, std::vector<std::string> change_types) {
  if (auto ok = RequireCurrentUser("SetCurrentUserSubscription"); !ok) return ok;
  if (constants_.capabilities.large) return InvalidState("subscriptions are not allowed on large sessions");
  static constexpr char const* kChangeTypes[] = {  // spec 2.7, as the service names them
      "everything",  "host",           "initialization",        "matchmakingStatus", "membersList",
      "membersStatus", "joinability", "customProperty", "membersCustomProperty"};
  for (auto& type : change_types) {
    auto const known = std::find_if(std::begin(kChangeTypes), std::end(kChangeTypes),
                                    [&](char const* name) { return internal::EqualsIgnoreCase(name, type); });
    if (known == std::end(kChangeTypes)) return InvalidArgument("subscription: unknown change type \"" + type + "\"");
    type = *known;  // sent as the service spells it
  }
  auto& system = PendingMeSystemProperties();
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
  Child(Child(PendingMe(), "properties"), "custom")[name] = std::move(value);
  return {};
}

Result<void> MultiplayerSession::DeleteCurrentUserCustomProperty(std::string const& name) {
  return SetCurrentUserCustomProperty(name, nullptr);
}

// --- session properties ------------------------------------------------------------------

Result<void> MultiplayerSession::SetCustomProperty(std::string const& name, json value) {
  if (name.empty()) return InvalidArgument("custom property name must not be empty");
  Child(Child(pending_, "properties"), "custom")[name] = std::move(value);
  return {};
}

Result<void> MultiplayerSession::DeleteCustomProperty(std::string const& name) {
  return SetCustomProperty(name, nullptr);
}

Result<void> MultiplayerSession::SetKeywords(std::vector<std::string> keywords) {
  if (from_service_ && constants_.visibility == SessionVisibility::kPrivate) {
    return InvalidState("keywords cannot be set on a private session");
  }
  for (auto const& keyword : keywords) {
    if (keyword.empty()) return InvalidArgument("keywords: empty keyword");
  }
  PendingSystemProperties()["keywords"] = std::move(keywords);
  return {};
}

Result<void> MultiplayerSession::SetTurn(std::vector<std::uint32_t> member_indices) {
  if (constants_.capabilities.large) return InvalidState("turn is not available on large sessions");
  PendingSystemProperties()["turn"] = std::move(member_indices);
  return {};
}

Result<void> MultiplayerSession::SetOwners(std::vector<std::uint32_t> member_indices) {
  if (from_service_ && !constants_.capabilities.has_owners) {
    return InvalidState("owners: the session lacks the hasOwners capability");
  }
  std::set<std::uint32_t> const distinct(member_indices.begin(), member_indices.end());
  if (distinct.size() != member_indices.size()) return InvalidArgument("owners: a member index is listed twice");
  PendingSystemProperties()["owners"] = std::move(member_indices);
  return {};
}

Result<void> MultiplayerSession::SetJoinRestriction(SessionRestriction restriction) {
  if (restriction == SessionRestriction::kUnknown) return InvalidArgument("joinRestriction must be none, local or followed");
  if (constants_.capabilities.large && restriction != SessionRestriction::kNone) {
    return InvalidState("large sessions only allow joinRestriction none");
  }
  PendingSystemProperties()["joinRestriction"] = ToString(restriction);
  return {};
}

Result<void> MultiplayerSession::SetReadRestriction(SessionRestriction restriction) {
  if (restriction == SessionRestriction::kUnknown) return InvalidArgument("readRestriction must be none, local or followed");
  PendingSystemProperties()["readRestriction"] = ToString(restriction);
  return {};
}

Result<void> MultiplayerSession::SetHostDeviceToken(std::string device_token) {
  if (constants_.capabilities.large) return InvalidState("host is not available on large sessions");
  PendingSystemProperties()["host"] = std::move(device_token);
  return {};
}

Result<void> MultiplayerSession::SetInitializationSucceeded(bool succeeded) {
  if (from_service_ && (!initializing_ || initializing_->stage != InitializationStage::kEvaluating)) {
    return InvalidState("initializationSucceeded can only be set while initializing.stage is evaluating");
  }
  PendingSystemProperties()["initializationSucceeded"] = succeeded;
  return {};
}

Result<void> MultiplayerSession::SetServerConnectionStringCandidates(std::vector<std::string> candidates) {
  PendingSystemProperties()["serverConnectionStringCandidates"] = std::move(candidates);
  return {};
}

namespace {
// `properties.system.matchmaking` is one system field, replaced whole by MPSD, so every
// change to one of its parts sends the whole object: the service's copy plus the change.
json& PendingMatchmaking(json& pending_system, json const& document) {
  if (!pending_system.contains("matchmaking")) {
    json current = json::object();
    auto const props = document.find("properties");
    if (props != document.end() && props->is_object()) {
      auto const system = props->find("system");
      if (system != props->end() && system->is_object()) {
        auto const mm = system->find("matchmaking");
        if (mm != system->end() && mm->is_object()) current = *mm;
      }
    }
    pending_system["matchmaking"] = std::move(current);
  }
  return pending_system["matchmaking"];
}
}  // namespace

Result<void> MultiplayerSession::SetMatchmakingClientResult(MatchmakingClientResult const& result) {
  if (from_service_ && !constants_.capabilities.client_matchmaking) {
    return InvalidState("matchmaking.clientResult requires the clientMatchmaking capability");
  }
  if (result.status == MatchmakingStatus::kUnknown) return InvalidArgument("matchmaking.clientResult: status must be set");
  json client = {{"status", ToString(result.status)},
                 {"statusDetails", result.status_details},
                 {"typicalWait", result.typical_wait_seconds}};
  if (result.target_session_ref) client["targetSessionRef"] = *result.target_session_ref;
  PendingMatchmaking(PendingSystemProperties(), document_)["clientResult"] = std::move(client);
  return {};
}

Result<void> MultiplayerSession::SetMatchmakingTargetSessionConstants(json constants) {
  if (!constants.is_object()) return InvalidArgument("matchmaking.targetSessionConstants must be a JSON object");
  PendingMatchmaking(PendingSystemProperties(), document_)["targetSessionConstants"] = std::move(constants);
  return {};
}

Result<void> MultiplayerSession::SetMatchmakingServerConnectionString(std::string connection_string) {
  PendingMatchmaking(PendingSystemProperties(), document_)["serverConnectionString"] = std::move(connection_string);
  return {};
}

Result<void> MultiplayerSession::SetMatchmakingResubmit(bool resubmit) {
  PendingSystemProperties()["matchmakingResubmit"] = resubmit;
  return {};
}

Result<void> MultiplayerSession::SetClosed(bool closed) {
  PendingSystemProperties()["closed"] = closed;
  return {};
}

Result<void> MultiplayerSession::SetLocked(bool locked) {
  PendingSystemProperties()["locked"] = locked;
  return {};
}

Result<void> MultiplayerSession::SetAllocateCloudCompute(bool allocate) {
  PendingSystemProperties()["allocateCloudCompute"] = allocate;
  return {};
}

// --- servers -----------------------------------------------------------------------------

Result<void> MultiplayerSession::SetServer(std::string const& name, json server) {
  if (name.empty()) return InvalidArgument("server name must not be empty");
  if (!server.is_object()) return InvalidArgument("servers/" + name + " must be a JSON object");
  for (auto const& [key, value] : server.items()) {
    if (key != "constants" && key != "properties") {
      return InvalidArgument("servers/" + name + " takes only constants and properties, not " + key);
    }
    if (!value.is_object()) return InvalidArgument("servers/" + name + "/" + key + " must be a JSON object");
  }
  Child(pending_, "servers")[name] = std::move(server);
  return {};
}

Result<void> MultiplayerSession::DeleteServer(std::string const& name) {
  if (name.empty()) return InvalidArgument("server name must not be empty");
  Child(pending_, "servers")[name] = nullptr;
  return {};
}

}  // namespace xbl::multiplayer
