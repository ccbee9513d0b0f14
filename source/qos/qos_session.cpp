#include "xbl/qos/qos_session.h"
#include "core/ascii_case.h"

#include "qos/qos_thread.h"
#include "xbl/qos/qos_measurements.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace xbl::qos {
namespace {

namespace mp = xbl::multiplayer;
using nlohmann::json;

using internal::ToLower;

json const* Find(json const& object, char const* key) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

json const* Path(json const& root, std::initializer_list<char const*> keys) {
  json const* at = &root;
  for (char const* key : keys) {
    at = Find(*at, key);
    if (at == nullptr) return nullptr;
  }
  return at;
}

// The raw member record, for what the typed model does not keep (`measurements` uploaded or absent).
json const* RawMember(mp::MultiplayerSession const& session, std::uint32_t index) {
  auto const* members = Find(session.ToJson(), "members");
  if (members == nullptr) return nullptr;
  return Find(*members, std::to_string(index).c_str());
}

bool HasMeasurementServers(mp::MultiplayerSession const& session) {
  return Path(session.ToJson(), {"constants", "system", "measurementServerAddresses"}) != nullptr;
}

bool NeedsPeerMeasurements(mp::MultiplayerSession const& session) {
  auto const& c = session.constants();
  return c.peer_to_peer_requirements || c.peer_to_host_requirements || c.metrics;
}

}  // namespace

Result<std::vector<QosTarget>> MakeSessionTargets(mp::MultiplayerSession const& session) {
  auto const* me = session.current_user();
  if (me == nullptr) return Error(ErrorCode::kInvalidState, "QoS: the session has no current user to measure for");
  auto own = ToLower(me->device_token);
  auto const& constants = session.constants();
  auto host = ToLower(session.properties().host_device_token);
  bool host_only = !host.empty() && constants.peer_to_host_requirements && !constants.peer_to_peer_requirements;

  std::vector<QosTarget> targets;
  std::set<std::string> seen;
  for (auto const& member : session.members()) {
    if (member.is_current_user || member.device_token.empty() || member.secure_device_address.empty()) continue;
    auto token = ToLower(member.device_token);
    if (token == own || (host_only && token != host) || !seen.insert(token).second) continue;
    targets.push_back(QosTarget::Peer(token, member.secure_device_address));
  }
  auto const& servers = constants.measurement_server_addresses;
  if (servers.is_object()) {
    for (auto it = servers.begin(); it != servers.end(); ++it) {
      auto const* address = Find(it.value(), "secureDeviceAddress");
      // A server entry without a usable address still gets a result (unreachable), not silence.
      std::string sda = address != nullptr && address->is_string() ? address->get<std::string>() : std::string();
      targets.push_back(QosTarget::Server(it.key(), sda));
    }
  }
  return targets;
}

QosMeasurerOptions MakeSessionMeasurerOptions(mp::MultiplayerSession const& session, QosMeasurerOptions options) {
  if (!options.deadline && session.constants().member_initialization) {
    auto timeout = session.constants().member_initialization->measurement_timeout;
    if (timeout.count() > 0) options.deadline = timeout;
  }
  return options;
}

Result<void> ApplyQosResults(mp::MultiplayerSession& session, QosRunResult const& run) {
  auto const* me = session.current_user();
  std::string own = me != nullptr ? me->device_token : std::string();
  bool any_peer = std::any_of(run.targets.begin(), run.targets.end(),
                              [](QosTargetResult const& t) { return t.target.kind == QosTargetKind::kPeer; });
  bool any_server = std::any_of(run.targets.begin(), run.targets.end(),
                                [](QosTargetResult const& t) { return t.target.kind == QosTargetKind::kServer; });
  if (any_peer || NeedsPeerMeasurements(session)) {
    if (auto set = session.SetCurrentUserMeasurements(MakeMemberMeasurements(run.targets, own)); !set) return set;
  }
  if (any_server || HasMeasurementServers(session)) {
    if (auto set = session.SetCurrentUserServerMeasurements(MakeServerMeasurementsJson(run.targets)); !set) {
      return set;
    }
  }
  return {};
}

pplx::task<Result<SessionQosResult>> MeasureSessionAsync(mp::MultiplayerSession session, QosMeasurerOptions options,
                                                         pplx::cancellation_token token) {
  auto executor = options.executor;
  auto diagnostics = options.diagnostics;
  return internal::RunOnQosThread<SessionQosResult>(
      executor, diagnostics, "QoS session measurement",
      [session = std::move(session), options = std::move(options), token]() -> Result<SessionQosResult> {
        auto measured = session;  // the work is called as const
        auto targets = MakeSessionTargets(measured);
        if (!targets) return targets.error();
        auto run = QosMeasurer(MakeSessionMeasurerOptions(measured, options)).Measure(*targets, token);
        if (!run) return run.error();
        if (auto applied = ApplyQosResults(measured, *run); !applied) return applied.error();
        return SessionQosResult{std::move(measured), std::move(*run)};
      });
}

pplx::task<Result<SessionQosResult>> MeasureSessionAsync(std::shared_ptr<ServiceContext const> context,
                                                         mp::MultiplayerSession session, QosMeasurerOptions options,
                                                         pplx::cancellation_token token) {
  if (!context) {
    return pplx::task_from_result(Result<SessionQosResult>(Error(ErrorCode::kInvalidArgument, "no ServiceContext")));
  }
  if (!options.diagnostics.log_handler) options.diagnostics = context->options().diagnostics;
  if (auto progress = std::move(options.progress)) {
    options.progress = [context, progress](QosTargetResult const& result) {
      context->PostCallback("the QoS progress handler", [progress, result] { progress(result); });
    };
  }
  return MeasureSessionAsync(std::move(session), std::move(options), std::move(token));
}

EvaluationInput MakeEvaluationInput(mp::MultiplayerSession const& session) {
  EvaluationInput input;
  auto const& constants = session.constants();
  input.peer_to_peer = constants.peer_to_peer_requirements;
  input.peer_to_host = constants.peer_to_host_requirements;
  input.host = session.properties().host_device_token;
  // As MPSD: an explicit `metrics` decides what is measured; without it, the requirements do.
  if (auto const& m = constants.metrics) input.requires_measurements = m->latency || m->bandwidth_down || m->bandwidth_up || m->custom;
  input.requires_server_measurements = HasMeasurementServers(session);
  auto const& initializing = session.initializing();
  if (initializing) input.episode = static_cast<int>(initializing->episode);
  if (initializing && initializing->episode == 1 && constants.member_initialization &&
      !constants.member_initialization->external_evaluation) {
    input.members_needed_to_start = static_cast<int>(constants.member_initialization->members_needed_to_start);
  }
  for (auto const& member : session.members()) {
    if (!member.index) continue;
    if (initializing && member.initialization_episode != initializing->episode) {
      // A member that failed an earlier episode fails groups naming it, as a removed one does.
      if (!member.initialization_failure) input.other_member_indices.push_back(static_cast<int>(*member.index));
      continue;
    }
    EvaluationMember m;
    m.member_index = static_cast<int>(*member.index);
    m.device_token = member.device_token;
    if (auto const* raw = RawMember(session, *member.index)) {
      if (auto const* v = Path(*raw, {"properties", "system", "measurements"}); v && !v->is_null()) {
        m.measurements = member.measurements;
      }
    }
    if (!member.server_measurements.is_null()) m.server_measurements = member.server_measurements;
    for (auto index : member.initialization_group) m.initialization_group.push_back(static_cast<int>(index));
    // While measuring, a failure is one the joining stage set; afterwards it is the outcome itself.
    bool const measuring = initializing && initializing->stage == mp::InitializationStage::kMeasuring;
    if (measuring && member.initialization_failure) m.failure = member.initialization_failure;
    input.members.push_back(std::move(m));
  }
  return input;
}

}  // namespace xbl::qos
