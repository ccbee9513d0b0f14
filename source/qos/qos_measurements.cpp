#include "xbl/qos/qos_measurements.h"
#include "core/ascii_case.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>

namespace xbl::qos {
namespace {

using internal::ToLower;

long long WholeMillis(double ms) { return std::max(0LL, std::llround(ms)); }

}  // namespace

std::vector<multiplayer::MemberMeasurement> MakeMemberMeasurements(std::vector<QosTargetResult> const& results,
                                                                  std::string const& own_device_token) {
  auto own = ToLower(own_device_token);
  std::vector<multiplayer::MemberMeasurement> out;
  std::map<std::string, std::size_t> index;  // lower-case token -> position in `out`
  for (auto const& result : results) {
    if (result.target.kind != QosTargetKind::kPeer || result.target.key.empty()) continue;
    auto token = ToLower(result.target.key);
    if (token == own) continue;  // MPSD rejects an entry for the member's own device
    multiplayer::MemberMeasurement entry;
    entry.device_token = token;
    // Only a target that reached `ok` has trustworthy metrics; others are uploaded empty.
    if (result.status == QosStatus::kOk) {
      if (result.latency_ms) {
        entry.latency_ms = static_cast<std::uint32_t>(
            std::min<long long>(WholeMillis(*result.latency_ms), std::numeric_limits<std::uint32_t>::max()));
      }
      entry.bandwidth_down_kbps = result.bandwidth_down_kbps;
      entry.bandwidth_up_kbps = result.bandwidth_up_kbps;
    }
    auto [at, added] = index.emplace(token, out.size());
    if (added) {
      out.push_back(std::move(entry));
    } else {
      out[at->second] = std::move(entry);
    }
  }
  return out;
}

nlohmann::json MakeMeasurementsJson(std::vector<QosTargetResult> const& results,
                                    std::string const& own_device_token) {
  nlohmann::json out = nlohmann::json::object();
  for (auto const& m : MakeMemberMeasurements(results, own_device_token)) {
    nlohmann::json entry = nlohmann::json::object();
    if (m.latency_ms) entry["latency"] = *m.latency_ms;
    if (m.bandwidth_down_kbps) entry["bandwidthDown"] = *m.bandwidth_down_kbps;
    if (m.bandwidth_up_kbps) entry["bandwidthUp"] = *m.bandwidth_up_kbps;
    out[m.device_token] = std::move(entry);
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
