#pragma once
#include "xbl/multiplayer/session_enums.h"
#include "xbl/timestamp.h"
#include <cstdint>
#include <optional>

namespace xbl::multiplayer {

/// `membersInfo`: the member list's bookkeeping.
struct MembersInfo {
  std::optional<std::uint32_t> first;  ///< empty on an empty session
  std::uint32_t next = 0;
  std::uint32_t count = 0;
  std::uint32_t accepted = 0;
};

/// `initializing`: present only while member initialization runs.
struct InitializationState {
  InitializationStage stage = InitializationStage::kUnknown;
  std::optional<Timestamp> stage_start_time;
  std::uint32_t episode = 0;
};

}  // namespace xbl::multiplayer
