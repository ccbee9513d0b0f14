#pragma once
#include "xbl/multiplayer/session_enums.h"
#include <cstdint>
#include <string>
#include <vector>

namespace xbl::multiplayer {

/// `relatedInfo` of an activity or search handle (returned with `include=relatedInfo`).
struct HandleRelatedInfo {
  SessionVisibility visibility = SessionVisibility::kUnknown;
  SessionRestriction join_restriction = SessionRestriction::kUnknown;
  bool closed = false;
  std::uint32_t max_members_count = 0;
  std::uint32_t members_count = 0;
  std::vector<std::string> session_owners;  ///< xuids (search handles of hasOwners sessions)
};

}  // namespace xbl::multiplayer
