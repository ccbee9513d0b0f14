#pragma once
#include "xbl/qos/qos_target.h"
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace xbl::qos {

/// Typed outcome per target (no magic numbers).
enum class QosStatus {
  kUnknown = 0,
  kOk,           ///< At least `min_replies` latency replies arrived.
  kTimeout,      ///< Too few replies before the probe timeout or the run's deadline.
  kUnreachable,  ///< The address could not be resolved or the host refused (ICMP unreachable).
  kCancelled,    ///< The caller cancelled before the target had enough replies.
};

/// "ok", "timeout", "unreachable", "cancelled", "unknown".
char const* ToString(QosStatus status);

/// What was measured for one target. A metric that was not measured is empty.
struct QosTargetResult {
  QosTarget target;
  QosStatus status = QosStatus::kUnknown;
  std::optional<QosEndpoint> endpoint;         ///< The address probed, when resolved.
  std::optional<double> latency_ms;            ///< Median round trip of the replies.
  std::optional<double> min_latency_ms;        ///< Fastest round trip.
  std::optional<double> jitter_ms;             ///< Mean |difference| of consecutive round trips (2+ replies).
  std::optional<double> loss;                  ///< Fraction 0..1 of latency probes without a reply.
  std::optional<std::uint64_t> bandwidth_down_kbps;  ///< Target -> us, from a packet train.
  std::optional<std::uint64_t> bandwidth_up_kbps;    ///< Us -> target, from a packet train.
  int probes_sent = 0;
  int replies_received = 0;
  std::string detail;                          ///< Why a target is not ok (resolver or socket error).
};

/// The outcome of one run: one entry per target, in the order the targets were given.
struct QosRunResult {
  std::vector<QosTargetResult> targets;
  bool deadline_reached = false;   ///< The run was cut by its deadline; unfinished targets kept what they had.
  bool cancelled = false;          ///< The caller's token fired during the run.
  std::chrono::milliseconds elapsed{0};
};

}  // namespace xbl::qos
