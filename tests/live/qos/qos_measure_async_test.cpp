// Where QoS runs: the async calls drive the run on a QoS thread (an injected executor's, else one
// of their own) and report progress from it; what a title's handlers or executor throw is logged
// at error level and never escapes.
#include "xbl/qos/qos_measurer.h"

#include "live/qos/qos_test_support.h"

#include <gtest/gtest.h>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace xbl::qos {
namespace {

using namespace std::chrono_literals;
using testing::StartLoopbackResponder;

QosMeasurerOptions FastLatencyOnly() {
  QosMeasurerOptions options;
  options.probes_per_target = 2;
  options.probe_interval = 1ms;
  options.probe_timeout = 300ms;
  options.train_size = 0;
  options.deadline = 5s;
  return options;
}

QosTarget PeerAt(std::string key, QosEndpoint endpoint) {
  return QosTarget::AtEndpoint(QosTargetKind::kPeer, std::move(key), std::move(endpoint));
}

// Error-level log lines, collected from whichever thread logs them.
struct ErrorLog {
  std::mutex mutex;
  std::vector<std::string> lines;
  DiagnosticsOptions Options() {
    DiagnosticsOptions options;
    options.trace_level = TraceLevel::kError;
    options.log_handler = [this](TraceLevel level, std::string_view, std::string_view message) {
      std::lock_guard<std::mutex> lock(mutex);
      if (level == TraceLevel::kError) lines.emplace_back(message);
    };
    return options;
  }
  bool Contains(std::string const& text) {
    std::lock_guard<std::mutex> lock(mutex);
    for (auto const& line : lines) {
      if (line.find(text) != std::string::npos) return true;
    }
    return false;
  }
};

TEST(QosMeasureAsyncTest, InjectedExecutor_RunsTheMeasurementAndItsProgressOnItsThread) {
  auto a = StartLoopbackResponder();
  auto b = StartLoopbackResponder();
  std::thread worker;
  std::thread::id worker_id;
  std::mutex mutex;
  std::vector<std::thread::id> progress_threads;
  std::vector<std::string> progress_keys;
  auto options = FastLatencyOnly();
  options.executor = [&](std::function<void()> job) {
    worker = std::thread(std::move(job));
    worker_id = worker.get_id();
  };
  options.progress = [&](QosTargetResult const& result) {
    std::lock_guard<std::mutex> lock(mutex);
    progress_threads.push_back(std::this_thread::get_id());
    progress_keys.push_back(result.target.key);
  };

  auto result = QosMeasurer(options).MeasureAsync({PeerAt("a", a->endpoint()), PeerAt("b", b->endpoint())}).get();
  worker.join();

  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(result->targets.at(0).status, QosStatus::kOk);
  std::lock_guard<std::mutex> lock(mutex);
  EXPECT_EQ(std::set<std::string>(progress_keys.begin(), progress_keys.end()), (std::set<std::string>{"a", "b"}));
  ASSERT_EQ(progress_threads.size(), 2u) << "once per target";
  for (auto const& id : progress_threads) EXPECT_EQ(id, worker_id) << "progress runs on the executor's thread";
}

TEST(QosMeasureAsyncTest, WithoutExecutor_TheRunIsOnAThreadOfItsOwn) {
  auto responder = StartLoopbackResponder();
  std::mutex mutex;
  std::thread::id progress_thread;
  auto options = FastLatencyOnly();
  options.progress = [&](QosTargetResult const&) {
    std::lock_guard<std::mutex> lock(mutex);
    progress_thread = std::this_thread::get_id();
  };
  auto result = QosMeasurer(options).MeasureAsync({PeerAt("p", responder->endpoint())}).get();
  ASSERT_TRUE(result.ok());
  std::lock_guard<std::mutex> lock(mutex);
  EXPECT_NE(progress_thread, std::thread::id());
  EXPECT_NE(progress_thread, std::this_thread::get_id());
}

TEST(QosMeasureAsyncTest, Measure_ReportsProgressOnTheCallersThreadOncePerTarget) {
  auto responder = StartLoopbackResponder();
  std::vector<std::thread::id> threads;
  std::vector<QosStatus> statuses;
  auto options = FastLatencyOnly();
  options.progress = [&](QosTargetResult const& result) {
    threads.push_back(std::this_thread::get_id());
    statuses.push_back(result.status);
  };
  auto result = QosMeasurer(options).Measure({PeerAt("p", responder->endpoint()), QosTarget::Peer("bad", "%%%")});
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(threads.size(), 2u);
  for (auto const& id : threads) EXPECT_EQ(id, std::this_thread::get_id());
  EXPECT_EQ(statuses.at(0), QosStatus::kUnreachable) << "the unresolvable target is known before probing";
  EXPECT_EQ(statuses.at(1), QosStatus::kOk);
}

TEST(QosMeasureAsyncTest, ThrowingProgressHandler_IsLoggedAtErrorLevelAndTheRunCompletes) {
  auto responder = StartLoopbackResponder();
  ErrorLog log;
  auto options = FastLatencyOnly();
  options.diagnostics = log.Options();
  options.progress = [](QosTargetResult const&) { throw 42; };
  auto result = QosMeasurer(options).MeasureAsync({PeerAt("p", responder->endpoint())}).get();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(result->targets.at(0).status, QosStatus::kOk);
  EXPECT_TRUE(log.Contains("progress handler threw"));
}

TEST(QosMeasureAsyncTest, ResolverThrowingANonStandardException_IsLoggedAndTheTargetUnreachable) {
  ErrorLog log;
  auto options = FastLatencyOnly();
  options.diagnostics = log.Options();
  options.resolver = [](std::string const&) -> Result<QosEndpoint> { throw 7; };
  auto result = QosMeasurer(options).Measure({QosTarget::Peer("p", "c2Rh")});
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->targets.at(0).status, QosStatus::kUnreachable);
  EXPECT_NE(result->targets.at(0).detail.find("resolver threw"), std::string::npos);
  EXPECT_TRUE(log.Contains("resolver threw"));
}

TEST(QosMeasureAsyncTest, ThrowingExecutor_FailsTheTaskWithALoggedError) {
  ErrorLog log;
  auto options = FastLatencyOnly();
  options.diagnostics = log.Options();
  options.executor = [](std::function<void()>) { throw std::runtime_error("no threads left"); };
  auto result = QosMeasurer(options).MeasureAsync({}).get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kUnknown);
  EXPECT_NE(result.error().message.find("no threads left"), std::string::npos);
  EXPECT_TRUE(log.Contains("cannot start a QoS measurement"));
}

}  // namespace
}  // namespace xbl::qos
