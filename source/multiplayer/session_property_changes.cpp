// The session's properties (`properties.system` and `properties.custom`).
#include "xbl/multiplayer/multiplayer_session.h"
#include "multiplayer/pending_changes.h"
#include "multiplayer/session_change_rules.h"
#include <set>

namespace xbl::multiplayer {

using change_rules::CheckText;
using change_rules::CheckValue;
using change_rules::InvalidArgument;
using change_rules::InvalidState;
using internal::ObjectChild;
using internal::PendingChanges;
using nlohmann::json;
using Json = PendingChanges::Json;

Result<void> MultiplayerSession::SetCustomProperty(std::string const& name, json value) {
  if (name.empty()) return InvalidArgument("custom property name must not be empty");
  if (auto error = CheckText("custom property name", name)) return *error;
  if (auto error = CheckValue("custom property " + name, value)) return *error;
  ObjectChild(Pending().SectionObject(PendingChanges::Section::kProperties), "custom")[name] = Json(std::move(value));
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
  if (auto error = CheckText("keywords", keywords)) return *error;
  Pending().SystemProperties()["keywords"] = std::move(keywords);
  return {};
}

Result<void> MultiplayerSession::SetTurn(std::vector<std::uint32_t> member_indices) {
  if (constants_.capabilities.large) return InvalidState("turn is not available on large sessions");
  Pending().SystemProperties()["turn"] = std::move(member_indices);
  return {};
}

Result<void> MultiplayerSession::SetOwners(std::vector<std::uint32_t> member_indices) {
  if (from_service_ && !constants_.capabilities.has_owners) {
    return InvalidState("owners: the session lacks the hasOwners capability");
  }
  std::set<std::uint32_t> const distinct(member_indices.begin(), member_indices.end());
  if (distinct.size() != member_indices.size()) return InvalidArgument("owners: a member index is listed twice");
  Pending().SystemProperties()["owners"] = std::move(member_indices);
  return {};
}

Result<void> MultiplayerSession::SetJoinRestriction(SessionRestriction restriction) {
  if (restriction == SessionRestriction::kUnknown) return InvalidArgument("joinRestriction must be none, local or followed");
  if (constants_.capabilities.large && restriction != SessionRestriction::kNone) {
    return InvalidState("large sessions only allow joinRestriction none");
  }
  Pending().SystemProperties()["joinRestriction"] = ToString(restriction);
  return {};
}

Result<void> MultiplayerSession::SetReadRestriction(SessionRestriction restriction) {
  if (restriction == SessionRestriction::kUnknown) return InvalidArgument("readRestriction must be none, local or followed");
  Pending().SystemProperties()["readRestriction"] = ToString(restriction);
  return {};
}

Result<void> MultiplayerSession::SetHostDeviceToken(std::string device_token) {
  if (constants_.capabilities.large) return InvalidState("host is not available on large sessions");
  if (auto error = CheckText("host", device_token)) return *error;
  Pending().SystemProperties()["host"] = std::move(device_token);
  return {};
}

Result<void> MultiplayerSession::SetInitializationSucceeded(bool succeeded) {
  if (from_service_ && (!initializing_ || initializing_->stage != InitializationStage::kEvaluating)) {
    return InvalidState("initializationSucceeded can only be set while initializing.stage is evaluating");
  }
  Pending().SystemProperties()["initializationSucceeded"] = succeeded;
  return {};
}

Result<void> MultiplayerSession::SetServerConnectionStringCandidates(std::vector<std::string> candidates) {
  if (auto error = CheckText("serverConnectionStringCandidates", candidates)) return *error;
  Pending().SystemProperties()["serverConnectionStringCandidates"] = std::move(candidates);
  return {};
}

namespace {
// `properties.system.matchmaking` is one system field, replaced whole by MPSD, so every
// change to one of its parts sends the whole object: the service's copy plus the change.
Json& PendingMatchmaking(PendingChanges& pending, json const& document) {
  auto& system = pending.SystemProperties();
  if (auto const it = system.find("matchmaking"); it != system.end() && it->is_object()) return *it;
  Json current = Json::object();
  auto const props = document.find("properties");
  if (props != document.end() && props->is_object()) {
    auto const doc_system = props->find("system");
    if (doc_system != props->end() && doc_system->is_object()) {
      auto const mm = doc_system->find("matchmaking");
      if (mm != doc_system->end() && mm->is_object()) current = Json(*mm);
    }
  }
  auto& slot = system["matchmaking"];
  slot = std::move(current);
  return slot;
}
}  // namespace

Result<void> MultiplayerSession::SetMatchmakingClientResult(MatchmakingClientResult const& result) {
  if (from_service_ && !constants_.capabilities.client_matchmaking) {
    return InvalidState("matchmaking.clientResult requires the clientMatchmaking capability");
  }
  if (result.status == MatchmakingStatus::kUnknown) return InvalidArgument("matchmaking.clientResult: status must be set");
  if (auto error = CheckText("matchmaking.clientResult: statusDetails", result.status_details)) return *error;
  if (result.target_session_ref) {
    auto const& ref = *result.target_session_ref;
    for (auto const* text : {&ref.scid, &ref.template_name, &ref.name}) {
      if (auto error = CheckText("matchmaking.clientResult: targetSessionRef", *text)) return *error;
    }
  }
  Json client = {{"status", ToString(result.status)},
                 {"statusDetails", result.status_details},
                 {"typicalWait", result.typical_wait_seconds}};
  if (result.target_session_ref) client["targetSessionRef"] = json(*result.target_session_ref);
  PendingMatchmaking(Pending(), document_)["clientResult"] = std::move(client);
  return {};
}

Result<void> MultiplayerSession::SetMatchmakingTargetSessionConstants(json constants) {
  if (!constants.is_object()) return InvalidArgument("matchmaking.targetSessionConstants must be a JSON object");
  if (auto error = CheckValue("matchmaking.targetSessionConstants", constants)) return *error;
  PendingMatchmaking(Pending(), document_)["targetSessionConstants"] = Json(std::move(constants));
  return {};
}

Result<void> MultiplayerSession::SetMatchmakingServerConnectionString(std::string connection_string) {
  if (auto error = CheckText("matchmaking.serverConnectionString", connection_string)) return *error;
  PendingMatchmaking(Pending(), document_)["serverConnectionString"] = std::move(connection_string);
  return {};
}

Result<void> MultiplayerSession::SetMatchmakingResubmit(bool resubmit) {
  Pending().SystemProperties()["matchmakingResubmit"] = resubmit;
  return {};
}

Result<void> MultiplayerSession::SetClosed(bool closed) {
  Pending().SystemProperties()["closed"] = closed;
  return {};
}

Result<void> MultiplayerSession::SetLocked(bool locked) {
  Pending().SystemProperties()["locked"] = locked;
  return {};
}

Result<void> MultiplayerSession::SetAllocateCloudCompute(bool allocate) {
  Pending().SystemProperties()["allocateCloudCompute"] = allocate;
  return {};
}

}  // namespace xbl::multiplayer
