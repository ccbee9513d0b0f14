#include "qos_metrics.h"

#include <string>

namespace xbl::emulator {
namespace {

constexpr char const* kMetricNames[] = {"latency", "bandwidthDown", "bandwidthUp", "custom"};

// A requirement object's threshold is in force unless explicitly null (defaults fill absent ones).
bool InForce(Json const& requirements, char const* threshold) {
  auto it = requirements.find(threshold);
  return it == requirements.end() || !it->is_null();
}

bool Flag(Json const& metrics, char const* name) {
  auto it = metrics.find(name);
  return it != metrics.end() && it->is_boolean() && it->get<bool>();
}

}  // namespace

QosMetrics RequiredMetrics(Json const& system) {
  QosMetrics need;
  if (auto p2p = system.find("peerToPeerRequirements"); p2p != system.end() && p2p->is_object()) {
    need.latency = need.latency || InForce(*p2p, "latencyMaximum");
    // One minimum for both directions of each pairwise connection.
    bool const bandwidth = InForce(*p2p, "bandwidthMinimum");
    need.bandwidth_down = need.bandwidth_down || bandwidth;
    need.bandwidth_up = need.bandwidth_up || bandwidth;
  }
  if (auto p2h = system.find("peerToHostRequirements"); p2h != system.end() && p2h->is_object()) {
    need.latency = need.latency || InForce(*p2h, "latencyMaximum");
    need.bandwidth_down = need.bandwidth_down || InForce(*p2h, "bandwidthDownMinimum");
    need.bandwidth_up = need.bandwidth_up || InForce(*p2h, "bandwidthUpMinimum");
  }
  return need;
}

QosMetrics EffectiveMetrics(Json const& system) {
  auto it = system.find("metrics");
  if (it == system.end() || !it->is_object()) return RequiredMetrics(system);
  QosMetrics set;
  set.latency = Flag(*it, "latency");
  set.bandwidth_down = Flag(*it, "bandwidthDown");
  set.bandwidth_up = Flag(*it, "bandwidthUp");
  set.custom = Flag(*it, "custom");
  return set;
}

std::optional<Failure> ValidateMetrics(Json const& system) {
  auto it = system.find("metrics");
  if (it == system.end() || it->is_null()) return std::nullopt;
  if (!it->is_object()) return BadRequest("metrics must be an object of booleans.");
  for (auto const& item : it->items()) {
    bool known = false;
    for (char const* name : kMetricNames) known = known || item.key() == name;
    if (!known) return BadRequest("metrics." + item.key() + " is not a metric (latency, bandwidthDown, bandwidthUp, custom).");
    if (!item.value().is_boolean()) return BadRequest("metrics." + item.key() + " must be a boolean.");
  }
  QosMetrics const need = RequiredMetrics(system);
  QosMetrics const have = EffectiveMetrics(system);
  auto missing = [](char const* name) {
    return BadRequest(std::string("metrics must be sufficient to satisfy the QoS requirements: metrics.") + name +
                      " is needed.");
  };
  if (need.latency && !have.latency) return missing("latency");
  if (need.bandwidth_down && !have.bandwidth_down) return missing("bandwidthDown");
  if (need.bandwidth_up && !have.bandwidth_up) return missing("bandwidthUp");
  return std::nullopt;
}

}  // namespace xbl::emulator
