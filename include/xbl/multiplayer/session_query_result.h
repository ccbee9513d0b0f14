#pragma once
#include "xbl/multiplayer/session_enums.h"
#include "xbl/multiplayer/session_reference.h"
#include "xbl/result.h"
#include "xbl/timestamp.h"
#include <nlohmann/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace xbl::multiplayer {

/// One entry of a session query's `results` (protocol §2.11).
struct SessionQueryResult {
  SessionReference reference;            ///< `sessionRef`
  std::string xuid;                      ///< Only for xuid queries.
  std::optional<Timestamp> start_time;
  std::uint32_t accepted = 0;            ///< Approximate count of non-reserved members.
  MemberStatus status = MemberStatus::kUnknown;  ///< The xuid's state; only for xuid queries.
  SessionVisibility visibility = SessionVisibility::kUnknown;
  SessionRestriction join_restriction = SessionRestriction::kUnknown;  ///< kUnknown when absent.
  bool my_turn = false;
  std::vector<std::string> keywords;
  nlohmann::json document;               ///< The entry as received, unknown fields included.

  /// Reads one entry; `sessionRef` is required.
  static Result<SessionQueryResult> FromJson(nlohmann::json const& entry);
};

}  // namespace xbl::multiplayer
