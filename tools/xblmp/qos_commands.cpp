// xblmp qos respond|measure
#include "cli_context.h"
#include "xbl/qos/qos_measurements.h"
#include "xbl/qos/qos_measurer.h"
#include "xbl/qos/qos_responder.h"
#include <pplx/pplxtasks.h>
#include <csignal>
#include <iostream>
#include <thread>

namespace xblmp {
namespace {

namespace qos = xbl::qos;

// "host:port" or "[v6]:port".
std::optional<qos::QosEndpoint> ParseEndpoint(std::string const& text) {
  auto const colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= text.size()) return std::nullopt;
  std::string host = text.substr(0, colon);
  if (host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  try {
    std::size_t used = 0;
    auto const port = std::stoul(text.substr(colon + 1), &used);
    if (used != text.size() - colon - 1 || port == 0 || port > 65535) return std::nullopt;
    return qos::QosEndpoint{host, static_cast<std::uint16_t>(port)};
  } catch (std::exception const&) {
    return std::nullopt;
  }
}

int Respond(CommandLine const& line) {
  qos::QosResponderOptions options;
  options.bind_address = line.value("--host", "127.0.0.1");
  try {
    auto const port = std::stoul(line.value("--port", "0"));
    if (port > 65535) return UsageError("--port takes 0 to 65535");
    options.port = static_cast<std::uint16_t>(port);
  } catch (std::exception const&) {
    return UsageError("--port takes a number");
  }
  // Block the stop signals before the responder's thread starts, then wait for one.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  qos::QosResponder responder(options);
  if (auto started = responder.Start(); !started) return ReportError(started.error());
  std::cout << "listening on udp://" << responder.endpoint().ToString() << std::endl;
  int signal_number = 0;
  sigwait(&stop, &signal_number);
  responder.Stop();
  auto const stats = responder.stats();
  std::cerr << "stopped: " << stats.answered << " requests answered, " << stats.malformed << " ignored\n";
  return kExitOk;
}

int Measure(CommandLine const& line) {
  std::vector<qos::QosTarget> targets;
  for (auto const& [flag, kind] : {std::pair{"--peer", qos::QosTargetKind::kPeer}, std::pair{"--server", qos::QosTargetKind::kServer}}) {
    for (auto const& spec : line.values(flag)) {
      auto const equals = spec.find('=');
      auto endpoint = equals == std::string::npos ? std::nullopt : ParseEndpoint(spec.substr(equals + 1));
      if (equals == 0 || !endpoint) return UsageError(std::string(flag) + " takes NAME=HOST:PORT, got " + spec);
      qos::QosTarget target;
      target.kind = kind;
      target.key = spec.substr(0, equals);
      target.endpoint = *endpoint;
      targets.push_back(std::move(target));
    }
  }
  if (targets.empty()) return UsageError("qos measure [--peer TOKEN=HOST:PORT]... [--server NAME=HOST:PORT]... [--probes N] [--deadline-ms N]");
  qos::QosMeasurerOptions options;
  try {
    options.probes_per_target = std::stoi(line.value("--probes", "8"));
    options.deadline = std::chrono::milliseconds(std::stol(line.value("--deadline-ms", "5000")));
  } catch (std::exception const&) {
    return UsageError("--probes and --deadline-ms take numbers");
  }
  if (options.probes_per_target < 1 || options.probes_per_target > 1000 || options.deadline->count() < 1) {
    return UsageError("--probes takes 1 to 1000 and --deadline-ms a positive number");
  }
  std::cerr << "measuring " << targets.size() << " target(s), " << options.probes_per_target << " probes each, deadline "
            << options.deadline->count() << " ms" << std::flush;
  auto task = qos::QosMeasurer(options).MeasureAsync(targets);
  while (!task.is_done()) {
    std::cerr << "." << std::flush;
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  std::cerr << "\n";
  auto run = task.get();
  if (!run) return ReportError(run.error());
  nlohmann::json details = nlohmann::json::array();
  for (auto const& result : run->targets) {
    nlohmann::json entry = {{"key", result.target.key},
                            {"kind", result.target.kind == qos::QosTargetKind::kPeer ? "peer" : "server"},
                            {"status", qos::ToString(result.status)},
                            {"probesSent", result.probes_sent},
                            {"repliesReceived", result.replies_received}};
    if (result.latency_ms) entry["latencyMs"] = *result.latency_ms;
    if (result.min_latency_ms) entry["minLatencyMs"] = *result.min_latency_ms;
    if (result.jitter_ms) entry["jitterMs"] = *result.jitter_ms;
    if (result.loss) entry["loss"] = *result.loss;
    if (result.bandwidth_down_kbps) entry["bandwidthDownKbps"] = *result.bandwidth_down_kbps;
    if (result.bandwidth_up_kbps) entry["bandwidthUpKbps"] = *result.bandwidth_up_kbps;
    if (!result.detail.empty()) entry["detail"] = result.detail;
    std::cerr << "  " << result.target.key << ": " << qos::ToString(result.status) << "\n";
    details.push_back(std::move(entry));
  }
  PrintJson({{"measurements", qos::MakeMeasurementsJson(run->targets, "")},
             {"serverMeasurements", qos::MakeServerMeasurementsJson(run->targets)},
             {"targets", details}});
  return kExitOk;
}

}  // namespace

int RunQosCommand(std::vector<std::string> const& words) {
  std::string error;
  auto line = CommandLine::Parse(words, {"--port", "--host", "--peer", "--server", "--probes", "--deadline-ms"}, {}, error);
  if (!line) return UsageError(error);
  auto const& p = line->positional();
  if (p.size() == 1 && p[0] == "respond") return Respond(*line);
  if (p.size() == 1 && p[0] == "measure") return Measure(*line);
  return UsageError("qos respond [--port N] [--host ADDRESS] | qos measure ...");
}

}  // namespace xblmp
