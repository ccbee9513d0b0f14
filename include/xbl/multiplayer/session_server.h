#pragma once
#include "xbl/multiplayer/session_enums.h"
#include "xbl/multiplayer/session_reference.h"
#include <nlohmann/json.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace xbl::multiplayer {

/// `servers/{name}`: written by server principals only.
struct SessionServer {
  std::string name;
  nlohmann::json constants = nlohmann::json::object();
  nlohmann::json properties = nlohmann::json::object();
};

/// `servers/matchmaking/properties/system`, written by SmartMatch.
struct MatchmakingServer {
  std::string lock_id;
  MatchmakingStatus status = MatchmakingStatus::kUnknown;
  std::string status_details;
  std::uint32_t typical_wait_seconds = 0;
  std::optional<SessionReference> target_session_ref;
};

}  // namespace xbl::multiplayer
