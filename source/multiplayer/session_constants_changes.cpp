// Constants: set only on a session never written (MPSD fixes them at creation).
#include "xbl/multiplayer/multiplayer_session.h"
#include "core/ascii_case.h"
#include "multiplayer/pending_changes.h"
#include "multiplayer/session_change_rules.h"

namespace xbl::multiplayer {

using change_rules::CheckText;
using change_rules::CheckValue;
using change_rules::InvalidArgument;
using Json = internal::PendingChanges::Json;

namespace {

// `null` for an infinite timeout, else milliseconds.
Json TimeoutJson(RemovalTimeout const& timeout) { return timeout ? Json(timeout->count()) : Json(nullptr); }

/// A QoS threshold on the wire: the number, or `null` for no requirement.
template <typename T>
Json Threshold(std::optional<T> const& value) {
  return value ? Json(*value) : Json(nullptr);
}

}  // namespace

Result<void> MultiplayerSession::SetMaxMembersCount(std::uint32_t count) {
  if (auto ok = RequireNew("maxMembersCount"); !ok) return ok;
  if (count == 0) return InvalidArgument("maxMembersCount must be at least 1");
  Pending().SystemConstants()["maxMembersCount"] = count;
  return {};
}

Result<void> MultiplayerSession::SetVisibility(SessionVisibility visibility) {
  if (auto ok = RequireNew("visibility"); !ok) return ok;
  if (visibility != SessionVisibility::kPrivate && visibility != SessionVisibility::kVisible &&
      visibility != SessionVisibility::kOpen) {
    return InvalidArgument("visibility must be private, visible or open");
  }
  Pending().SystemConstants()["visibility"] = ToString(visibility);
  return {};
}

Result<void> MultiplayerSession::SetInitiators(std::vector<std::string> xuids) {
  if (auto ok = RequireNew("initiators"); !ok) return ok;
  for (auto const& xuid : xuids) {
    if (xuid.empty()) return InvalidArgument("initiators: empty xuid");
  }
  if (auto error = CheckText("initiators", xuids)) return *error;
  Pending().SystemConstants()["initiators"] = std::move(xuids);
  return {};
}

Result<void> MultiplayerSession::SetInviteProtocol(std::string protocol) {
  if (auto ok = RequireNew("inviteProtocol"); !ok) return ok;
  if (auto error = CheckText("inviteProtocol", protocol)) return *error;
  Pending().SystemConstants()["inviteProtocol"] = std::move(protocol);
  return {};
}

Result<void> MultiplayerSession::SetTimeouts(RemovalTimeout reserved, RemovalTimeout inactive, RemovalTimeout ready,
                                             RemovalTimeout session_empty) {
  if (auto ok = RequireNew("the removal timeouts"); !ok) return ok;
  for (auto const& t : {reserved, inactive, ready, session_empty}) {
    if (t && t->count() < 0) return InvalidArgument("timeouts must not be negative");
  }
  auto& system = Pending().SystemConstants();
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
  Json out = Json::object();
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
  Pending().SystemConstants()["capabilities"] = std::move(out);
  return {};
}

Result<void> MultiplayerSession::SetMetrics(SessionMetrics const& m) {
  if (auto ok = RequireNew("metrics"); !ok) return ok;
  Pending().SystemConstants()["metrics"] = {
      {"latency", m.latency}, {"bandwidthDown", m.bandwidth_down}, {"bandwidthUp", m.bandwidth_up}, {"custom", m.custom}};
  return {};
}

Result<void> MultiplayerSession::SetMemberInitialization(MemberInitialization const& m) {
  if (auto ok = RequireNew("memberInitialization"); !ok) return ok;
  if (m.join_timeout.count() < 0 || m.measurement_timeout.count() < 0 || m.evaluation_timeout.count() < 0) {
    return InvalidArgument("memberInitialization timeouts must not be negative");
  }
  Json out = {{"joinTimeout", m.join_timeout.count()},
              {"measurementTimeout", m.measurement_timeout.count()},
              {"externalEvaluation", m.external_evaluation},
              {"membersNeededToStart", m.members_needed_to_start}};
  // MPSD refuses evaluationTimeout unless the title evaluates.
  if (m.external_evaluation) out["evaluationTimeout"] = m.evaluation_timeout.count();
  Pending().SystemConstants()["memberInitialization"] = std::move(out);
  return {};
}

Result<void> MultiplayerSession::SetPeerToPeerRequirements(PeerToPeerRequirements const& r) {
  if (auto ok = RequireNew("peerToPeerRequirements"); !ok) return ok;
  Pending().SystemConstants()["peerToPeerRequirements"] = {{"latencyMaximum", Threshold(r.latency_maximum_ms)},
                                                           {"bandwidthMinimum", Threshold(r.bandwidth_minimum_kbps)}};
  return {};
}

Result<void> MultiplayerSession::SetPeerToHostRequirements(PeerToHostRequirements const& r) {
  if (auto ok = RequireNew("peerToHostRequirements"); !ok) return ok;
  if (r.host_selection_metric == HostSelectionMetric::kUnknown) {
    return InvalidArgument("peerToHostRequirements: hostSelectionMetric must be set");
  }
  Pending().SystemConstants()["peerToHostRequirements"] = {
      {"latencyMaximum", Threshold(r.latency_maximum_ms)},
      {"bandwidthDownMinimum", Threshold(r.bandwidth_down_minimum_kbps)},
      {"bandwidthUpMinimum", Threshold(r.bandwidth_up_minimum_kbps)},
      {"hostSelectionMetric", ToString(r.host_selection_metric)}};
  return {};
}

Result<void> MultiplayerSession::SetMeasurementServerAddresses(std::map<std::string, std::string> const& addresses) {
  if (auto ok = RequireNew("measurementServerAddresses"); !ok) return ok;
  if (auto error = CheckText("measurementServerAddresses", addresses)) return *error;
  Json out = Json::object();
  for (auto const& [connection, address] : addresses) {
    if (connection.empty() || address.empty()) {
      return InvalidArgument("measurementServerAddresses: empty connection string or address");
    }
    out[internal::ToLower(connection)] = {{"secureDeviceAddress", address}};
  }
  Pending().SystemConstants()["measurementServerAddresses"] = std::move(out);
  return {};
}

Result<void> MultiplayerSession::SetOwnershipPolicies(OwnershipPolicies const& p) {
  if (auto ok = RequireNew("ownershipPolicies"); !ok) return ok;
  if (p.migration == OwnershipMigration::kUnknown) return InvalidArgument("ownershipPolicies: migration must be set");
  if (auto error = CheckText("ownershipPolicies", p.non_owner_modifiable_system_properties)) return *error;
  Pending().SystemConstants()["ownershipPolicies"] = {
      {"migration", ToString(p.migration)},
      {"allowNonOwnerInviteHandles", p.allow_non_owner_invite_handles},
      {"nonOwnerModifiableSystemProperties", p.non_owner_modifiable_system_properties}};
  return {};
}

Result<void> MultiplayerSession::SetCustomConstant(std::string const& name, nlohmann::json value) {
  if (auto ok = RequireNew("a custom constant"); !ok) return ok;
  if (name.empty()) return InvalidArgument("custom constant name must not be empty");
  if (auto error = CheckText("custom constant name", name)) return *error;
  if (auto error = CheckValue("custom constant " + name, value)) return *error;
  internal::ObjectChild(Pending().SectionObject(internal::PendingChanges::Section::kConstants), "custom")[name] =
      Json(std::move(value));
  return {};
}

}  // namespace xbl::multiplayer
