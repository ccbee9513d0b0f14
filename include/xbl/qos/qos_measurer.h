#pragma once
#include "xbl/qos/qos_address.h"
#include "xbl/qos/qos_result.h"
#include "xbl/qos/qos_target.h"
#include "xbl/diagnostics.h"
#include "xbl/result.h"
#include <pplx/pplxtasks.h>
#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

namespace xbl::qos {

/// The run deadline when none is given: MPSD's default `measurementTimeout`.
inline constexpr std::chrono::milliseconds kDefaultQosDeadline{30000};

/// Runs one measurement's blocking work (`job`, which returns when the run ends) on a thread the
/// title owns, for a title that keeps its own networking thread. It must run every job it accepts,
/// and never on a cpprestsdk pool thread: a run blocks its thread for up to its deadline.
using QosExecutor = std::function<void(std::function<void()> job)>;

/// Told each target's final result as soon as it is known (once per target, in finishing order).
/// Runs on the thread that drives the run: the caller's for `Measure`, the QoS thread for the
/// async calls. It must return quickly and must not block or wait for an SDK task: every other
/// target of the run waits meanwhile, and their round trips would include that wait.
using QosProgressHandler = std::function<void(QosTargetResult const& result)>;

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
  QosProgressHandler progress;                            ///< Empty: no progress reports.
  /// Where the async calls run. Empty: a new thread of the SDK's own per run, which ends with it.
  QosExecutor executor;
  /// Where failures the SDK cannot return are logged (a progress handler or resolver that throws).
  DiagnosticsOptions diagnostics;
};

/// Measures latency, loss and bandwidth to many UDP `QosResponder`s at once, within a deadline.
/// A run drives all its targets from one thread, one socket per target: the caller's for
/// `Measure`; for `MeasureAsync` a QoS thread (`QosMeasurerOptions::executor`, else one of its
/// own), never a cpprestsdk pool thread. Arrival times come from the kernel's receive stamps and the responder's reported hold
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

  /// `Measure` on a QoS thread; the task completes from that thread when the run ends, so no pool
  /// thread waits for the measurement. Continuations a title attaches with `then` run on a
  /// cpprestsdk pool thread, as for every SDK task: they must not block there. Never throws
  /// through the task.
  pplx::task<Result<QosRunResult>> MeasureAsync(
      std::vector<QosTarget> targets,
      pplx::cancellation_token token = pplx::cancellation_token::none()) const;

 private:
  QosMeasurerOptions options_;
};

}  // namespace xbl::qos
