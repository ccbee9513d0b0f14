#include "xbl/qos/qos_requirements.h"
#include "core/ascii_case.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

namespace xbl::qos {
namespace {

Error Invalid(std::string message) { return Error(ErrorCode::kInvalidArgument, std::move(message)); }

// Reads a threshold: a non-negative whole number; absent keeps the default, `null` empties it.
Result<void> ReadCount(nlohmann::json const& json, char const* name, char const* object,
                       std::optional<std::uint64_t>& value) {
  auto it = json.find(name);
  if (it == json.end()) return {};
  if (it->is_null()) {
    value.reset();
    return {};
  }
  if (it->is_number_unsigned()) {
    value = it->get<std::uint64_t>();
    return {};
  }
  if (it->is_number_integer() && it->get<std::int64_t>() >= 0) {
    value = static_cast<std::uint64_t>(it->get<std::int64_t>());
    return {};
  }
  if (it->is_number_float()) {
    double d = it->get<double>();
    if (d >= 0 && d <= 1.8e19 && std::floor(d) == d) {
      value = static_cast<std::uint64_t>(d);
      return {};
    }
  }
  return Invalid(std::string(object) + "." + name + " must be a non-negative whole number");
}

}  // namespace

char const* ToString(HostSelectionMetric metric) {
  switch (metric) {
    case HostSelectionMetric::kUnknown: return "unknown";
    case HostSelectionMetric::kLatency: return "latency";
    case HostSelectionMetric::kBandwidthDown: return "bandwidthdown";
    case HostSelectionMetric::kBandwidthUp: return "bandwidthup";
    case HostSelectionMetric::kBandwidth: return "bandwidth";
  }
  return "unknown";
}

Result<PeerToPeerRequirements> ParsePeerToPeerRequirements(nlohmann::json const& json) {
  if (!json.is_object()) return Invalid("peerToPeerRequirements must be an object");
  PeerToPeerRequirements out;
  char const* object = "peerToPeerRequirements";
  if (auto r = ReadCount(json, "latencyMaximum", object, out.latency_maximum_ms); !r) return r.error();
  if (auto r = ReadCount(json, "bandwidthMinimum", object, out.bandwidth_minimum_kbps); !r) return r.error();
  return out;
}

Result<PeerToHostRequirements> ParsePeerToHostRequirements(nlohmann::json const& json) {
  if (!json.is_object()) return Invalid("peerToHostRequirements must be an object");
  PeerToHostRequirements out;
  char const* object = "peerToHostRequirements";
  if (auto r = ReadCount(json, "latencyMaximum", object, out.latency_maximum_ms); !r) return r.error();
  if (auto r = ReadCount(json, "bandwidthDownMinimum", object, out.bandwidth_down_minimum_kbps); !r) {
    return r.error();
  }
  if (auto r = ReadCount(json, "bandwidthUpMinimum", object, out.bandwidth_up_minimum_kbps); !r) return r.error();
  auto metric = json.find("hostSelectionMetric");
  if (metric != json.end() && !metric->is_null()) {
    if (!metric->is_string()) return Invalid("peerToHostRequirements.hostSelectionMetric must be a string");
    std::string const text = internal::ToLower(metric->get<std::string>());
    if (text == "latency") {
      out.host_selection_metric = HostSelectionMetric::kLatency;
    } else if (text == "bandwidthdown") {
      out.host_selection_metric = HostSelectionMetric::kBandwidthDown;
    } else if (text == "bandwidthup") {
      out.host_selection_metric = HostSelectionMetric::kBandwidthUp;
    } else if (text == "bandwidth") {
      out.host_selection_metric = HostSelectionMetric::kBandwidth;
    } else {
      return Invalid("peerToHostRequirements.hostSelectionMetric is not one of latency, bandwidthdown, "
                     "bandwidthup, bandwidth: " + metric->get<std::string>());
    }
  }
  return out;
}

}  // namespace xbl::qos
