#pragma once
#include "xbl/multiplayer/session_enums.h"
#include "xbl/multiplayer/session_reference.h"
#include <nlohmann/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace xbl::multiplayer {

/// `properties/system/matchmaking/clientResult` (needs the clientMatchmaking capability).
struct MatchmakingClientResult {
  MatchmakingStatus status = MatchmakingStatus::kUnknown;
  std::string status_details;
  std::uint32_t typical_wait_seconds = 0;
  std::optional<SessionReference> target_session_ref;
};

/// `properties`: writable by members (anyone, on open sessions).
struct SessionProperties {
  std::vector<std::string> keywords;
  std::vector<std::uint32_t> turn;  ///< member indices
  SessionRestriction join_restriction = SessionRestriction::kNone;
  SessionRestriction read_restriction = SessionRestriction::kNone;
  std::string host_device_token;
  std::optional<bool> initialization_succeeded;
  std::vector<std::string> server_connection_string_candidates;
  std::optional<MatchmakingClientResult> matchmaking_client_result;
  nlohmann::json matchmaking_target_session_constants;  ///< null when absent
  std::string matchmaking_server_connection_string;
  std::optional<bool> matchmaking_resubmit;  ///< `matchmakingResubmit` or `matchmaking.resubmit`
  bool closed = false;
  bool locked = false;
  bool allocate_cloud_compute = false;
  std::vector<std::uint32_t> owners;  ///< member indices
  nlohmann::json custom = nlohmann::json::object();
};

}  // namespace xbl::multiplayer
