#pragma once
#include <nlohmann/json.hpp>
#include <cstdint>
#include <optional>
#include <string>

namespace xbl::multiplayer {

/// One entry of a member's `measurements`: what this member measured to one peer.
/// Metrics that were not measured stay empty and are left out of the wire form.
struct MemberMeasurement {
  std::string device_token;  ///< the peer's device token (the key, lower-case on the wire)
  std::optional<std::uint32_t> latency_ms;
  std::optional<std::uint64_t> bandwidth_down_kbps;
  std::optional<std::uint64_t> bandwidth_up_kbps;
  nlohmann::json custom;  ///< null when absent
};

}  // namespace xbl::multiplayer
