// Wall time to measure 1, 8 and 32 loopback responders with k latency probes, against the floor
// (k probes at the configured interval plus one round trip: (k - 1) * interval + RTT), and the
// measuring thread's CPU per probe. The run executes on the calling thread, so that thread's CPU
// clock is the measurer's cost; the responders run on their own threads and are not counted.
#include "xbl/qos/qos_measurer.h"
#include "xbl/qos/qos_responder.h"

#include <benchmark/benchmark.h>
#include <algorithm>
#include <chrono>
#include <ctime>
#include <memory>
#include <vector>

namespace {

using namespace std::chrono_literals;
using xbl::qos::QosMeasurer;
using xbl::qos::QosMeasurerOptions;
using xbl::qos::QosResponder;
using xbl::qos::QosResponderOptions;
using xbl::qos::QosStatus;
using xbl::qos::QosTarget;
using xbl::qos::QosTargetKind;

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

void BM_MeasureTargets(benchmark::State& state) {
  auto const target_count = static_cast<int>(state.range(0));
  auto const probes = static_cast<int>(state.range(1));
  auto const interval = std::chrono::milliseconds(state.range(2));

  std::vector<std::unique_ptr<QosResponder>> responders;
  std::vector<QosTarget> targets;
  for (int i = 0; i < target_count; ++i) {
    QosResponderOptions options;
    options.bind_address = "127.0.0.1";
    auto responder = std::make_unique<QosResponder>(options);
    if (!responder->Start().ok()) {
      state.SkipWithError("responder failed to start");
      return;
    }
    targets.push_back(QosTarget::AtEndpoint(QosTargetKind::kPeer, "peer" + std::to_string(i), responder->endpoint()));
    responders.push_back(std::move(responder));
  }
  QosMeasurerOptions options;
  options.probes_per_target = probes;
  options.probe_interval = interval;
  options.train_size = 0;
  options.deadline = 10s;
  QosMeasurer measurer(options);

  double wall_total = 0, floor_total = 0, cpu_total = 0;
  std::int64_t probes_total = 0;
  for (auto _ : state) {
    double cpu_before = ThreadCpuSeconds();
    auto begin = std::chrono::steady_clock::now();
    auto run = measurer.Measure(targets);
    double wall = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin).count();
    cpu_total += ThreadCpuSeconds() - cpu_before;
    if (!run.ok()) {
      state.SkipWithError("measure failed");
      return;
    }
    double rtt = 0;
    for (auto const& t : run->targets) {
      if (t.status != QosStatus::kOk || t.replies_received != probes) {
        state.SkipWithError("a target did not answer every probe");
        return;
      }
      rtt = std::max(rtt, t.min_latency_ms.value_or(0));
      probes_total += t.probes_sent;
    }
    wall_total += wall;
    floor_total += static_cast<double>((probes - 1) * interval.count()) + rtt;
    state.SetIterationTime(wall / 1000.0);
  }
  auto n = static_cast<double>(state.iterations());
  state.counters["wall_ms"] = wall_total / n;
  state.counters["floor_ms"] = floor_total / n;
  state.counters["wall_over_floor"] = wall_total / floor_total;
  state.counters["cpu_us_per_probe"] = cpu_total * 1e6 / static_cast<double>(probes_total);
}

// targets, probes k, interval ms; fixed iteration counts keep the run bounded (about 15 s).
BENCHMARK(BM_MeasureTargets)->Args({1, 8, 10})->Args({8, 8, 10})->Args({32, 8, 10})->Args({32, 16, 5})
    ->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(30);

}  // namespace

BENCHMARK_MAIN();
