// xblmp qos respond|measure
#include "command.h"
#include "readable.h"
#include "stop_signal.h"
#include "xbl/qos/qos_measurements.h"
#include "xbl/qos/qos_measurer.h"
#include "xbl/qos/qos_responder.h"
#include <pplx/pplxtasks.h>
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

int Respond(Invocation const& invocation) {
  auto const& line = invocation.line;
  qos::QosResponderOptions options;
  options.bind_address = line.value("--host", "127.0.0.1");
  try {
    auto const port = std::stoul(line.value("--port", "0"));
    if (port > 65535) return invocation.Usage("--port takes 0 to 65535");
    options.port = static_cast<std::uint16_t>(port);
  } catch (std::exception const&) {
    return invocation.Usage("--port takes a number");
  }
  StopSignal stop;  // before the listening line, so a signal sent once it is printed is caught
  qos::QosResponder responder(options);
  if (auto started = responder.Start(); !started) return invocation.Fail(started.error());
  auto const listening = "udp://" + responder.endpoint().ToString();
  invocation.out.PrintStreamItem({{"listening", listening}}, "listening on " + listening);
  stop.Wait();
  responder.Stop();
  auto const stats = responder.stats();
  std::cerr << "stopped: " << stats.answered << " requests answered, " << stats.malformed << " ignored\n";
  return kExitOk;
}

int Measure(Invocation const& invocation) {
  auto const& line = invocation.line;
  std::vector<qos::QosTarget> targets;
  for (auto const& [flag, kind] : {std::pair{"--peer", qos::QosTargetKind::kPeer}, std::pair{"--server", qos::QosTargetKind::kServer}}) {
    for (auto const& spec : line.values(flag)) {
      auto const equals = spec.find('=');
      auto endpoint = equals == std::string::npos ? std::nullopt : ParseEndpoint(spec.substr(equals + 1));
      if (equals == 0 || !endpoint) return invocation.Usage(std::string(flag) + " takes NAME=HOST:PORT, got " + spec);
      qos::QosTarget target;
      target.kind = kind;
      target.key = spec.substr(0, equals);
      target.endpoint = *endpoint;
      targets.push_back(std::move(target));
    }
  }
  if (targets.empty()) return invocation.Usage("give at least one --peer or --server");
  qos::QosMeasurerOptions options;
  try {
    options.probes_per_target = std::stoi(line.value("--probes", "8"));
    options.deadline = std::chrono::milliseconds(std::stol(line.value("--deadline-ms", "5000")));
  } catch (std::exception const&) {
    return invocation.Usage("--probes and --deadline-ms take numbers");
  }
  if (options.probes_per_target < 1 || options.probes_per_target > 1000 || options.deadline->count() < 1) {
    return invocation.Usage("--probes takes 1 to 1000 and --deadline-ms a positive number");
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
  if (!run) return invocation.Fail(run.error());
  nlohmann::json details = nlohmann::json::array();
  std::string text = std::to_string(run->targets.size()) + " target(s)\n";
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
    std::string fields = std::string(qos::ToString(result.status));  // first: it says whether the rest means anything
    for (auto const& [name, value] : entry.items()) {
      if (name != "key" && name != "kind" && name != "status") fields += ", " + name + " " + ReadableScalar(value);
    }
    text += "  " + EscapeControl(result.target.key) + " (" + entry["kind"].get<std::string>() + "): " + fields + "\n";
    details.push_back(std::move(entry));
  }
  invocation.out.Print({{"measurements", qos::MakeMeasurementsJson(run->targets, "")},
                        {"serverMeasurements", qos::MakeServerMeasurementsJson(run->targets)},
                        {"targets", details}},
                       text);
  return kExitOk;
}

}  // namespace

std::vector<Command> QosCommands() {
  return {
      {{"qos", "respond"},
       "",
       0,
       0,
       "answer QoS probes on a UDP port until SIGINT or SIGTERM",
       "  Prints `listening on udp://HOST:PORT` (with --json: {\"listening\": \"udp://HOST:PORT\"}) when ready;\n"
       "  the counts of answered and ignored probes go to stderr when it stops.",
       "UDP QoS responder",
       {{"--port", "N", "UDP port, 0 to 65535 (default 0: a free one)"},
        {"--host", "ADDRESS", "numeric address to listen on (default 127.0.0.1)"}},
       "xblmp qos respond --port 3075",
       false,
       false,
       Respond},
      {{"qos", "measure"},
       "",
       0,
       0,
       "measure latency, jitter and loss to peers and servers, as the measurements MPSD takes",
       "  Progress goes to stderr; the result has `measurements` (members' measurements by device token)\n"
       "  and `serverMeasurements` (by server name), ready for a session write.",
       "UDP QoS probes to each target",
       {{"--peer", "TOKEN=HOST:PORT", "a peer, keyed by its device token", true},
        {"--server", "NAME=HOST:PORT", "a measurement server, keyed by its name", true},
        {"--probes", "N", "probes per target, 1 to 1000 (default 8)"},
        {"--deadline-ms", "N", "stop waiting for replies after N ms (default 5000)"}},
       "xblmp --json qos measure --peer AbC=127.0.0.1:3075 --server east=127.0.0.1:3075",
       false,
       false,
       Measure},
  };
}

}  // namespace xblmp
