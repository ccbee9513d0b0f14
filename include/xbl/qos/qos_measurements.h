#pragma once
#include "xbl/qos/qos_result.h"
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace xbl::qos {

/// MPSD's `measurements` member property from a run's peer results: lower-case device token ->
/// `{"latency": ms, "bandwidthDown": kbps, "bandwidthUp": kbps}`. Metrics that were not measured
/// are left out (an unreachable peer gets `{}`); never an entry for `own_device_token`; server
/// results are ignored. Latency is the median, rounded to whole milliseconds.
nlohmann::json MakeMeasurementsJson(std::vector<QosTargetResult> const& results,
                                    std::string const& own_device_token);

/// MPSD's `serverMeasurements` member property: connection string -> `{"latency": ms}` for each
/// server with a measured latency; `{}` when none completed. Peer results are ignored.
nlohmann::json MakeServerMeasurementsJson(std::vector<QosTargetResult> const& results);

}  // namespace xbl::qos
