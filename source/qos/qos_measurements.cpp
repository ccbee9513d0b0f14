#include "xbl/qos/qos_measurements.h"
#include "core/ascii_case.h"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace xbl::qos {
namespace {

using internal::ToLower;

long long WholeMillis(double ms) { return std::max(0LL, std::llround(ms)); }

}  // namespace

nlohmann::json MakeMeasurementsJson(std::vector<QosTargetResult> const& results,
                                    std::string const& own_device_token) {
  auto own = ToLower(own_device_token);
  nlohmann::json out = nlohmann::json::object();
  for (auto const& result : results) {
    if (result.target.kind != QosTargetKind::kPeer || result.target.key.empty()) continue;
    auto token = ToLower(result.target.key);
    if (token == own) continue;  // MPSD rejects an entry for the member's own device
    nlohmann::json entry = nlohmann::json::object();
    // Only a target that reached `ok` has trustworthy metrics; others are uploaded empty.
    if (result.status == QosStatus::kOk) {
      if (result.latency_ms) entry["latency"] = WholeMillis(*result.latency_ms);
      if (result.bandwidth_down_kbps) entry["bandwidthDown"] = *result.bandwidth_down_kbps;
      if (result.bandwidth_up_kbps) entry["bandwidthUp"] = *result.bandwidth_up_kbps;
    }
    out[token] = std::move(entry);
  }
  return out;
}

nlohmann::json MakeServerMeasurementsJson(std::vector<QosTargetResult> const& results) {
  nlohmann::json out = nlohmann::json::object();
  for (auto const& result : results) {
    if (result.target.kind != QosTargetKind::kServer || result.target.key.empty()) continue;
    if (result.status != QosStatus::kOk || !result.latency_ms) continue;
    out[result.target.key] = {{"latency", WholeMillis(*result.latency_ms)}};
  }
  return out;
}

}  // namespace xbl::qos
