#pragma once
#include "failure.h"
#include "json.h"

#include <optional>

namespace xbl::emulator {

/// Which measurements the measuring stage collects (protocol §2.2 `metrics`, §3.11).
struct QosMetrics {
  bool latency = false;
  bool bandwidth_down = false;
  bool bandwidth_up = false;
  bool custom = false;

  bool Any() const { return latency || bandwidth_down || bandwidth_up || custom; }
};

/// The metrics the QoS requirements of `/constants/system` need (protocol §2.4.2, §2.4.3). A threshold
/// that is absent takes its default and so is needed; an explicit `null` is not.
QosMetrics RequiredMetrics(Json const& system);
/// The `metrics` constant when it is set, else what the requirements need ("metrics default to
/// what the QoS requirements need", protocol §3.11).
QosMetrics EffectiveMetrics(Json const& system);
/// `metrics`, if set: an object of the booleans latency, bandwidthDown, bandwidthUp and custom
/// (other keys are refused) that is "sufficient to satisfy the QoS requirements" (400 otherwise).
std::optional<Failure> ValidateMetrics(Json const& system);

}  // namespace xbl::emulator
