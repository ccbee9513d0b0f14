#pragma once
#include "xbl/qos/qos_address.h"
#include "xbl/qos/qos_result.h"
#include "xbl/qos/qos_target.h"
#include "xbl/result.h"
#include <pplx/pplxtasks.h>
#include <chrono>
#include <cstddef>
#include <optional>
#include <vector>

namespace xbl::qos {

/// The run deadline when none is given: MPSD's default `measurementTimeout`.
inline constexpr std::chrono::milliseconds kDefaultQosDeadline{30000};

/// How a run probes. Defaults suit a session's `measurementTimeout` of a few seconds or more.
struct QosMeasurerOptions {
  int probes_per_target = 8;                              ///< Latency probes per target (1..1000).
  std::chrono::milliseconds probe_interval{10};           ///< Gap between a target's latency probes.
  std::chrono::milliseconds probe_timeout{1000};          ///< Wait after the last probe before counting the rest lost.
  int min_replies = 1;                                    ///< Replies needed for status ok.
  int train_size = 16;                                    ///< Packets per bandwidth train each way; 0 skips bandwidth.
  std::size_t train_packet_bytes = 1200;                  ///< UDP payload size of a train packet (64..1400).
  std::chrono::milliseconds train_timeout{1000};          ///< Longest wait for one train to arrive.
  std::size_t concurrency = 32;                           ///< Targets measured at once; the rest queue.
  /// The whole run ends by then and returns what it has. Empty: the session's
  /// `memberInitialization.measurementTimeout` when measuring a session (see qos_session.h),
  /// else `kDefaultQosDeadline`. Leave time for the upload.
  std::optional<std::chrono::milliseconds> deadline;
  AddressResolver resolver = DefaultAddressResolver;      ///< For targets given as secure device addresses.
};

/// Measures latency, loss and bandwidth to many UDP `QosResponder`s at once, within a deadline.
/// A run drives all its targets from one thread (the caller's for `Measure`), one socket per
/// target. Arrival times come from the kernel's receive stamps and the responder's reported hold
/// time is subtracted, so a busy measuring or responding host does not inflate the latency.
/// The object is immutable and may run several measurements concurrently.
class QosMeasurer {
 public:
  explicit QosMeasurer(QosMeasurerOptions options = {});

  QosMeasurerOptions const& options() const { return options_; }

  /// Probes every target and blocks until all are done, the deadline passes or `token` is cancelled.
  /// Fails only for invalid options; per-target trouble is a status in the result.
  Result<QosRunResult> Measure(std::vector<QosTarget> const& targets,
                               pplx::cancellation_token token = pplx::cancellation_token::none()) const;

  /// `Measure` on a pplx task; never throws through the task.
  pplx::task<Result<QosRunResult>> MeasureAsync(
      std::vector<QosTarget> targets,
      pplx::cancellation_token token = pplx::cancellation_token::none()) const;

 private:
  QosMeasurerOptions options_;
};

}  // namespace xbl::qos
