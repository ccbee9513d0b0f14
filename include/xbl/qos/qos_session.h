#pragma once
#include "xbl/multiplayer/multiplayer_session.h"
#include "xbl/qos/qos_evaluator.h"
#include "xbl/qos/qos_measurer.h"
#include "xbl/result.h"
#include "xbl/service_context.h"
#include <memory>
#include <pplx/pplxtasks.h>
#include <vector>

namespace xbl::qos {

/// What the current user of a session should measure: every other member's device (its device
/// token and secure device address, once per device) and each `measurementServerAddresses` entry.
/// With `peerToHostRequirements`, no `peerToPeerRequirements` and `properties/system/host` set,
/// only the host is measured (protocol §3.11). kInvalidState when the session has no current user.
Result<std::vector<QosTarget>> MakeSessionTargets(multiplayer::MultiplayerSession const& session);

/// `options` with an empty deadline set to the session's `memberInitialization.measurementTimeout`.
QosMeasurerOptions MakeSessionMeasurerOptions(multiplayer::MultiplayerSession const& session,
                                              QosMeasurerOptions options = {});

/// Records the run as the current user's `measurements` (peers; never its own device token) and
/// `serverMeasurements` (servers; `{}` when none completed) through the session's mutators, ready
/// for `MultiplayerService::WriteSessionAsync`. Each is set when the run had such targets or the
/// session needs it (peer requirements or `metrics`; `measurementServerAddresses`).
/// @par HTTP
/// None; the write is `PUT /serviceconfigs/{scid}/sessiontemplates/{template}/sessions/{name}`.
Result<void> ApplyQosResults(multiplayer::MultiplayerSession& session, QosRunResult const& run);

/// A measured session: the input with the measurements pending, and what was measured.
struct SessionQosResult {
  multiplayer::MultiplayerSession session;
  QosRunResult run;
};

/// The one call a title makes: measures the session's peers and servers within the deadline
/// (default: the session's `measurementTimeout`) and returns the session with `measurements` and
/// `serverMeasurements` pending. Write it with `WriteSessionAsync`. Never throws through the task.
/// Runs on a QoS thread, as `QosMeasurer::MeasureAsync` does (same threads for `options.progress`
/// and for continuations: a title must not block in either).
pplx::task<Result<SessionQosResult>> MeasureSessionAsync(
    multiplayer::MultiplayerSession session, QosMeasurerOptions options = {},
    pplx::cancellation_token token = pplx::cancellation_token::none());

/// As above, on a `ServiceContext`: the run logs through the context's diagnostics (unless
/// `options.diagnostics` has a handler of its own), and `options.progress` is posted to the
/// context's callback executor instead of running on the QoS thread, so a slow handler cannot
/// delay the measurement.
pplx::task<Result<SessionQosResult>> MeasureSessionAsync(
    std::shared_ptr<ServiceContext const> context, multiplayer::MultiplayerSession session,
    QosMeasurerOptions options = {}, pplx::cancellation_token token = pplx::cancellation_token::none());

/// What the measuring stage of the session's running episode sees, for `EvaluateInitialization`:
/// the episode's members (all members when no episode runs) with their uploads, the requirements,
/// `host`, and `membersNeededToStart` for episode 1 under automatic evaluation.
EvaluationInput MakeEvaluationInput(multiplayer::MultiplayerSession const& session);

}  // namespace xbl::qos
