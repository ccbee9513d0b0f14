// Turns a session document (contract 104, 105 or 107) into the typed model. The document
// itself is kept whole in `document_`; this only projects it, naming the path of anything
// that does not fit the contract.
#include "core/json_reader.h"
#include "xbl/multiplayer/multiplayer_session.h"
#include <algorithm>
#include <cctype>
#include <limits>

namespace xbl::multiplayer {

using internal::JsonErrors;
using internal::ObjectReader;

namespace {

constexpr int kMaxNesting = 64;

void ReadCapabilities(ObjectReader const& in, SessionCapabilities& out) {
  in.Bool("connectivity", out.connectivity);
  in.Bool("suppressPresenceActivityCheck", out.suppress_presence_activity_check);
  in.Bool("gameplay", out.gameplay);
  in.Bool("large", out.large);
  in.Bool("connectionRequiredForActiveMembers", out.connection_required_for_active_members);
  in.Bool("clientMatchmaking", out.client_matchmaking);
  in.Bool("cloudCompute", out.cloud_compute);
  in.Bool("autoPopulateServerCandidates", out.auto_populate_server_candidates);
  in.Bool("userAuthorizationStyle", out.user_authorization_style);
  in.Bool("crossPlay", out.crossplay);
  in.Bool("crossplay", out.crossplay);
  in.Bool("broadcast", out.broadcast);
  in.Bool("team", out.team);
  in.Bool("arbitration", out.arbitration);
  in.Bool("hasOwners", out.has_owners);
  in.Bool("searchable", out.searchable);
}

void ReadMemberInitialization(ObjectReader const& in, bool legacy, MemberInitialization& out) {
  if (legacy) {
    // 104/105 defaults differ, and the flag's polarity is inverted (autoEvaluate).
    out.join_timeout = std::chrono::milliseconds(5000);
    out.measurement_timeout = std::chrono::milliseconds(5000);
    out.members_needed_to_start = 2;
    std::optional<bool> auto_evaluate;
    in.OptBool("autoEvaluate", auto_evaluate);
    out.external_evaluation = !auto_evaluate.value_or(false);
  }
  in.Millis("joinTimeout", out.join_timeout);
  in.Millis("measurementTimeout", out.measurement_timeout);
  in.Millis("evaluationTimeout", out.evaluation_timeout);
  in.Bool("externalEvaluation", out.external_evaluation);
  in.UInt32("membersNeededToStart", out.members_needed_to_start);
}

void ReadConstants(ObjectReader const& constants, bool legacy, SessionConstants& out) {
  auto const system = constants.Child("system");
  if (legacy) out.inactive_removal_timeout = std::chrono::milliseconds(7'200'000);
  system.OptUInt32("version", out.version);
  system.UInt32("maxMembersCount", out.max_members_count);
  system.Enum("visibility", out.visibility, &ParseSessionVisibility);
  system.XuidArray("initiators", out.initiators);
  system.String("inviteProtocol", out.invite_protocol);
  if (auto const timeouts = system.Child("timeouts"); timeouts.exists()) {  // 104/105 nesting
    timeouts.Timeout("reserved", out.reserved_removal_timeout);
    timeouts.Timeout("inactive", out.inactive_removal_timeout);
    timeouts.Timeout("ready", out.ready_removal_timeout);
    timeouts.Timeout("sessionEmpty", out.session_empty_timeout);
  }
  system.Timeout("reservedRemovalTimeout", out.reserved_removal_timeout);
  system.Timeout("inactiveRemovalTimeout", out.inactive_removal_timeout);
  system.Timeout("readyRemovalTimeout", out.ready_removal_timeout);
  system.Timeout("sessionEmptyTimeout", out.session_empty_timeout);
  ReadCapabilities(system.Child("capabilities"), out.capabilities);
  if (auto const metrics = system.Child("metrics"); metrics.exists()) {
    SessionMetrics m;
    metrics.Bool("latency", m.latency);
    metrics.Bool("bandwidthDown", m.bandwidth_down);
    metrics.Bool("bandwidthUp", m.bandwidth_up);
    metrics.Bool("custom", m.custom);
    out.metrics = m;
  }
  if (auto const init = system.Child("memberInitialization"); init.exists()) {
    MemberInitialization m;
    ReadMemberInitialization(init, /*legacy=*/false, m);
    out.member_initialization = m;
  } else if (auto const managed = system.Child("managedInitialization"); managed.exists()) {
    MemberInitialization m;
    ReadMemberInitialization(managed, /*legacy=*/true, m);
    out.member_initialization = m;
  }
  if (auto const p2p = system.Child("peerToPeerRequirements"); p2p.exists()) {
    PeerToPeerRequirements r;
    p2p.NullableUInt32("latencyMaximum", r.latency_maximum_ms);
    p2p.NullableUInt64("bandwidthMinimum", r.bandwidth_minimum_kbps);
    out.peer_to_peer_requirements = r;
  }
  if (auto const p2h = system.Child("peerToHostRequirements"); p2h.exists()) {
    PeerToHostRequirements r;
    p2h.NullableUInt32("latencyMaximum", r.latency_maximum_ms);
    p2h.NullableUInt64("bandwidthDownMinimum", r.bandwidth_down_minimum_kbps);
    p2h.NullableUInt64("bandwidthUpMinimum", r.bandwidth_up_minimum_kbps);
    p2h.Enum("hostSelectionMetric", r.host_selection_metric, &ParseHostSelectionMetric);
    out.peer_to_host_requirements = r;
  }
  system.AnyObject("measurementServerAddresses", out.measurement_server_addresses);
  if (auto const policies = system.Child("ownershipPolicies"); policies.exists()) {
    OwnershipPolicies p;
    policies.Enum("migration", p.migration, &ParseOwnershipMigration);
    policies.Bool("allowNonOwnerInviteHandles", p.allow_non_owner_invite_handles);
    policies.StringArray("nonOwnerModifiableSystemProperties", p.non_owner_modifiable_system_properties);
    out.ownership_policies = p;
  }
  system.StringArray("broadcastViewerTitleIds", out.broadcast_viewer_title_ids);
  system.AnyObject("cloudComputePackage", out.cloud_compute_package);
  system.AnyObject("arbitration", out.arbitration);
  constants.Any("custom", out.custom);
}

void ReadSessionRef(ObjectReader const& in, std::optional<SessionReference>& out) {
  if (!in.exists()) return;
  SessionReference ref;
  in.String("scid", ref.scid);
  in.String("templateName", ref.template_name);
  in.String("name", ref.name);
  out = ref;
}

void ReadProperties(ObjectReader const& properties, SessionProperties& out) {
  auto const system = properties.Child("system");
  system.StringArray("keywords", out.keywords);
  system.UInt32Array("turn", out.turn);
  system.Enum("joinRestriction", out.join_restriction, &ParseSessionRestriction);
  system.Enum("readRestriction", out.read_restriction, &ParseSessionRestriction);
  system.String("host", out.host_device_token);
  system.OptBool("initializationSucceeded", out.initialization_succeeded);
  system.StringArray("serverConnectionStringCandidates", out.server_connection_string_candidates);
  if (auto const matchmaking = system.Child("matchmaking"); matchmaking.exists()) {
    if (auto const client = matchmaking.Child("clientResult"); client.exists()) {
      MatchmakingClientResult r;
      client.Enum("status", r.status, &ParseMatchmakingStatus);
      client.String("statusDetails", r.status_details);
      client.UInt32("typicalWait", r.typical_wait_seconds);
      ReadSessionRef(client.Child("targetSessionRef"), r.target_session_ref);
      out.matchmaking_client_result = r;
    }
    matchmaking.AnyObject("targetSessionConstants", out.matchmaking_target_session_constants);
    matchmaking.String("serverConnectionString", out.matchmaking_server_connection_string);
    matchmaking.OptBool("resubmit", out.matchmaking_resubmit);
  }
  system.OptBool("matchmakingResubmit", out.matchmaking_resubmit);
  system.Bool("closed", out.closed);
  system.Bool("locked", out.locked);
  system.Bool("allocateCloudCompute", out.allocate_cloud_compute);
  system.UInt32Array("owners", out.owners);
  properties.Any("custom", out.custom);
}

void ReadMeasurements(ObjectReader const& system, std::vector<MemberMeasurement>& out) {
  auto const* value = system.Find("measurements");
  if (value == nullptr || value->is_null()) return;
  if (!value->is_object()) {
    system.errors().Fail(system.PathOf("measurements"),
                         std::string("expected an object, got ") + internal::TypeName(*value));
    return;
  }
  auto const measurements = system.Entry("measurements", *value);
  out.reserve(value->size());
  for (auto const& [token, entry] : value->items()) {
    if (!entry.is_object()) {
      system.errors().Fail(measurements.PathOf(token.c_str()),
                           std::string("expected an object, got ") + internal::TypeName(entry));
      return;
    }
    auto const in = measurements.Entry(token.c_str(), entry);
    MemberMeasurement m;
    m.device_token = token;
    in.OptUInt32("latency", m.latency_ms);
    in.OptUInt64("bandwidthDown", m.bandwidth_down_kbps);
    in.OptUInt64("bandwidthUp", m.bandwidth_up_kbps);
    in.Any("custom", m.custom);
    out.push_back(std::move(m));
  }
}

void ReadMember(nlohmann::json const& value, std::string const& path, JsonErrors& errors, SessionMember& out) {
  if (!value.is_object()) {
    errors.Fail(path, std::string("expected a member object, got ") + internal::TypeName(value));
    return;
  }
  ObjectReader member(&value, path, errors);
  auto const constants = member.Child("constants");
  auto const csystem = constants.Child("system");
  csystem.Xuid("xuid", out.xuid);
  csystem.Bool("initialize", out.initialize_requested);
  csystem.AnyObject("matchmakingResult", out.matchmaking_result);
  csystem.String("team", out.team);
  constants.Any("custom", out.custom_constants);

  auto const properties = member.Child("properties");
  auto const system = properties.Child("system");
  system.Bool("ready", out.ready);
  system.Bool("active", out.active);
  system.String("connection", out.connection);
  system.String("secureDeviceAddress", out.secure_device_address);
  system.UInt32Array("group", out.initialization_group);  // 104/105 name
  system.UInt32Array("initializationGroup", out.initialization_group);
  system.StringArray("groups", out.groups);
  system.StringArray("encounters", out.encounters);
  system.Any("RolePreference", out.role_preference);
  ReadMeasurements(system, out.measurements);
  system.AnyObject("serverMeasurements", out.server_measurements);
  system.AnyObject("subscriptions", out.subscription);
  system.AnyObject("subscription", out.subscription);
  properties.Any("custom", out.custom_properties);

  member.String("gamertag", out.gamertag);
  member.String("deviceToken", out.device_token);
  member.Enum("nat", out.nat, &ParseNatSetting);
  member.Bool("reserved", out.reserved);
  member.Xuid("activeTitleId", out.active_title_id);
  member.Time("joinTime", out.join_time);
  member.Bool("turn", out.turn);
  if (auto const* failure = member.Find("initializationFailure"); failure != nullptr && !failure->is_null()) {
    std::string text;
    member.String("initializationFailure", text);
    out.initialization_failure = ParseInitializationFailure(text);
  }
  member.OptUInt32("initializationEpisode", out.initialization_episode);
  member.OptUInt32("next", out.next);
  if (auto const* roles = member.Find("roles"); roles != nullptr && !roles->is_null()) {
    if (!roles->is_object()) {
      errors.Fail(path + "/roles", std::string("expected an object, got ") + internal::TypeName(*roles));
      return;
    }
    for (auto const& [type, name] : roles->items()) {
      if (!name.is_string()) {
        errors.Fail(path + "/roles/" + type, std::string("expected a role name, got ") + internal::TypeName(name));
        return;
      }
      out.roles[type] = name.get<std::string>();
    }
  }
}

bool ParseIndex(std::string const& key, std::uint32_t& index) {
  if (key.empty() || key.size() > 10) return false;
  std::uint64_t v = 0;
  for (char c : key) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (v > std::numeric_limits<std::uint32_t>::max()) return false;
  index = static_cast<std::uint32_t>(v);
  return true;
}

void ReadRoleTypes(ObjectReader const& in, nlohmann::json const* value, std::map<std::string, RoleType>& out) {
  if (value == nullptr || value->is_null()) return;
  if (!value->is_object()) {
    in.errors().Fail(in.PathOf("roleTypes"), std::string("expected an object, got ") + internal::TypeName(*value));
    return;
  }
  for (auto const& [type_name, type_value] : value->items()) {
    auto const path = in.PathOf("roleTypes") + "/" + type_name;
    if (!type_value.is_object()) {
      in.errors().Fail(path, std::string("expected an object, got ") + internal::TypeName(type_value));
      return;
    }
    ObjectReader type_reader(&type_value, path, in.errors());
    RoleType type;
    type_reader.Bool("ownerManaged", type.owner_managed);
    type_reader.StringArray("mutableRoleSettings", type.mutable_role_settings);
    if (auto const* roles = type_reader.Find("roles"); roles != nullptr && roles->is_object()) {
      for (auto const& [role_name, role_value] : roles->items()) {
        ObjectReader role_reader(&role_value, path + "/roles/" + role_name, in.errors());
        if (!role_value.is_object()) {
          in.errors().Fail(path + "/roles/" + role_name, "expected an object");
          return;
        }
        Role role;
        role_reader.UInt32("max", role.max);
        role_reader.UInt32("target", role.target);
        role_reader.UInt32("count", role.count);
        role_reader.XuidArray("memberXuids", role.member_xuids);
        type.roles[role_name] = std::move(role);
      }
    } else {
      type_reader.Child("roles");  // reports a wrong type
    }
    out[type_name] = std::move(type);
  }
}

}  // namespace

/// Friend of MultiplayerSession: fills its server state from a parsed document.
struct SessionParser {
  static Result<void> Fill(MultiplayerSession& session) {
    JsonErrors errors;
    nlohmann::json const& doc = session.document_;
    if (!doc.is_object()) {
      return Error(ErrorCode::kMalformedJson,
                   std::string("at /: expected a session object, got ") + internal::TypeName(doc));
    }
    ObjectReader root(&doc, "", errors);
    root.OptUInt32("contractVersion", session.contract_version_);
    root.String("branch", session.branch_);
    root.UInt64("changeNumber", session.change_number_);
    root.String("correlationId", session.correlation_id_);
    root.String("searchHandle", session.search_handle_id_);
    root.Time("startTime", session.start_time_);
    root.Time("nextTimer", session.next_timer_);
    if (auto const init = root.Child("initializing"); init.exists()) {
      InitializationState state;
      init.Enum("stage", state.stage, &ParseInitializationStage);
      init.Time("stageStartTime", state.stage_start_time);
      init.UInt32("episode", state.episode);
      session.initializing_ = state;
    }
    root.StringArray("hostCandidates", session.host_candidates_);
    bool const legacy = session.contract_version_.has_value() && *session.contract_version_ < 107;
    ReadConstants(root.Child("constants"), legacy, session.constants_);
    ReadProperties(root.Child("properties"), session.properties_);

    if (auto const info = root.Child("membersInfo"); info.exists()) {
      info.OptUInt32("first", session.members_info_.first);
      info.UInt32("next", session.members_info_.next);
      info.UInt32("count", session.members_info_.count);
      info.UInt32("accepted", session.members_info_.accepted);
    }
    if (auto const* members = root.Find("members"); members != nullptr && !members->is_null()) {
      if (!members->is_object()) {
        errors.Fail("/members", std::string("expected an object, got ") + internal::TypeName(*members));
      } else {
        // Keys come in string order ("10" before "2"); order by index before building members.
        std::vector<std::pair<std::uint64_t, decltype(members->items().begin())>> order;
        order.reserve(members->size());
        for (auto it = members->items().begin(); it != members->items().end(); ++it) {
          std::uint32_t index = 0;
          if (it.key() == "me") {
            order.emplace_back(std::uint64_t{1} << 32, it);  // large sessions list only the caller, as "me"
          } else if (ParseIndex(it.key(), index)) {
            order.emplace_back(index, it);
          } else {
            errors.Fail("/members/" + it.key(), "member keys are indices or \"me\"");
            break;
          }
        }
        std::sort(order.begin(), order.end(), [](auto const& a, auto const& b) { return a.first < b.first; });
        session.members_.resize(errors.ok() ? order.size() : 0);
        for (std::size_t i = 0; i < session.members_.size(); ++i) {
          auto& member = session.members_[i];
          if (order[i].first > std::numeric_limits<std::uint32_t>::max()) {
            member.is_current_user = true;
          } else {
            member.index = static_cast<std::uint32_t>(order[i].first);
          }
          ReadMember(order[i].second.value(), "/members/" + order[i].second.key(), errors, member);
          if (!errors.ok()) break;
        }
      }
    }
    if (auto const* servers = root.Find("servers"); servers != nullptr && !servers->is_null()) {
      if (!servers->is_object()) {
        errors.Fail("/servers", std::string("expected an object, got ") + internal::TypeName(*servers));
      } else {
        for (auto const& [name, value] : servers->items()) {
          if (!value.is_object()) {
            errors.Fail("/servers/" + name, std::string("expected an object, got ") + internal::TypeName(value));
            break;
          }
          ObjectReader server_reader(&value, "/servers/" + name, errors);
          SessionServer server;
          server.name = name;
          server_reader.AnyObject("constants", server.constants);
          server_reader.AnyObject("properties", server.properties);
          if (name == "matchmaking") {
            auto const server_properties = server_reader.Child("properties");
            auto const system = server_properties.Child("system");
            MatchmakingServer mm;
            system.String("lockId", mm.lock_id);
            system.Enum("status", mm.status, &ParseMatchmakingStatus);
            system.String("statusDetails", mm.status_details);
            system.UInt32("typicalWait", mm.typical_wait_seconds);
            ReadSessionRef(system.Child("targetSessionRef"), mm.target_session_ref);
            session.matchmaking_server_ = mm;
          }
          session.servers_[name] = std::move(server);
        }
      }
    }
    ReadRoleTypes(root, root.Find("roleTypes"), session.role_types_);
    if (!errors.ok()) return errors.error();
    return {};
  }

  static Result<MultiplayerSession> FromDocument(nlohmann::json document, std::string_view etag) {
    MultiplayerSession session;
    session.document_ = std::move(document);
    session.etag_ = std::string(etag);
    session.from_service_ = true;
    if (auto filled = Fill(session); !filled) return std::move(filled).error();
    return session;
  }
};

Result<MultiplayerSession> MultiplayerSession::Parse(std::string_view json, std::string_view etag) {
  nlohmann::json document;
  if (auto const refused = internal::ParseBounded(json, kMaxNesting, document)) {
    switch (refused->kind) {
      case internal::ParseRefusal::Kind::kTooDeep:
        return Error(ErrorCode::kMalformedJson,
                     "at /: the document nests deeper than " + std::to_string(kMaxNesting) + " levels");
      case internal::ParseRefusal::Kind::kUnreadableValue:
        // A number past double's range (such as 1e400) is well-formed JSON the parser cannot hold.
        return Error(ErrorCode::kMalformedJson, "at /: a value cannot be read: " + refused->what);
      case internal::ParseRefusal::Kind::kNotJson:
        break;
    }
    return Error(ErrorCode::kMalformedJson, "at /: not valid JSON (byte " + std::to_string(refused->byte) + ")");
  }
  return SessionParser::FromDocument(std::move(document), etag);
}

Result<MultiplayerSession> MultiplayerSession::Parse(SessionReference reference, std::string_view json,
                                                     std::string_view etag) {
  auto session = Parse(json, etag);
  if (session) session->reference_ = std::move(reference);
  return session;
}

Result<MultiplayerSession> MultiplayerSession::FromJson(nlohmann::json document, std::string_view etag) {
  // A document built in memory skipped the parser's checks: bound its nesting and its text here,
  // so that nothing later (ToJson().dump(), a write that copies part of it) can throw or recurse.
  if (auto problem = internal::FindUnsendable(document, kMaxNesting)) {
    return Error(ErrorCode::kMalformedJson, *problem);
  }
  return SessionParser::FromDocument(std::move(document), etag);
}

}  // namespace xbl::multiplayer
