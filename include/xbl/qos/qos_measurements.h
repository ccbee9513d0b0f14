#pragma once
#include "xbl/multiplayer/member_measurement.h"
#include "xbl/qos/qos_result.h"
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace xbl::qos {

/// The current user's `measurements` from a run's peer results, one entry per lower-case device
/// token (a later result for the same device replaces an earlier one), for
/// `MultiplayerSession::SetCurrentUserMeasurements`. Only a target that reached `ok` has metrics;
/// the others get an entry without any. Never an entry for `own_device_token`; server results
/// are ignored. Latency is the median, rounded to whole milliseconds.
std::vector<multiplayer::MemberMeasurement> MakeMemberMeasurements(std::vector<QosTargetResult> const& results,
                                                                  std::string const& own_device_token);

/// The same as MPSD's `measurements` JSON: lower-case device token ->
/// `{"latency": ms, "bandwidthDown": kbps, "bandwidthUp": kbps}`, metrics not measured left out
/// (an unreachable peer gets `{}`).
nlohmann::json MakeMeasurementsJson(std::vector<QosTargetResult> const& results,
                                    std::string const& own_device_token);

/// MPSD's `serverMeasurements` member property: connection string -> `{"latency": ms}` for each
/// server with a measured latency; `{}` when none completed. Peer results are ignored.
nlohmann::json MakeServerMeasurementsJson(std::vector<QosTargetResult> const& results);

}  // namespace xbl::qos
