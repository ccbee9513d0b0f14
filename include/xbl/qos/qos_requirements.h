#pragma once
#include "xbl/result.h"
#include <nlohmann/json.hpp>
#include <cstdint>
#include <optional>

namespace xbl::qos {

/// `constants/system/peerToPeerRequirements`: applies to each pairwise connection.
/// An empty threshold (`null` on the wire) requires nothing of that metric.
struct PeerToPeerRequirements {
  std::optional<std::uint64_t> latency_maximum_ms = 250;
  std::optional<std::uint64_t> bandwidth_minimum_kbps = 10000;
};

/// How MPSD orders `hostCandidates`. `kUnknown` first: never a silent default.
enum class HostSelectionMetric { kUnknown = 0, kLatency, kBandwidthDown, kBandwidthUp, kBandwidth };

/// "latency", "bandwidthdown", "bandwidthup", "bandwidth", "unknown".
char const* ToString(HostSelectionMetric metric);

/// `constants/system/peerToHostRequirements`: applies to each connection from a host candidate.
struct PeerToHostRequirements {
  std::optional<std::uint64_t> latency_maximum_ms = 250;
  std::optional<std::uint64_t> bandwidth_down_minimum_kbps = 100000;  ///< host -> peer
  std::optional<std::uint64_t> bandwidth_up_minimum_kbps = 1000;      ///< peer -> host
  HostSelectionMetric host_selection_metric = HostSelectionMetric::kLatency;
};

/// Reads the wire object (absent fields take MPSD's defaults, `null` thresholds are empty; enum
/// strings in any case).
/// kInvalidArgument names the offending field when a value has the wrong type or range.
Result<PeerToPeerRequirements> ParsePeerToPeerRequirements(nlohmann::json const& json);
Result<PeerToHostRequirements> ParsePeerToHostRequirements(nlohmann::json const& json);

}  // namespace xbl::qos
