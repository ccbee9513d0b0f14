#include "xbl/qos/qos_measurer.h"

#include "live/qos/qos_test_support.h"
#include "live/qos/udp_delay_relay.h"

#include <gtest/gtest.h>
#include <atomic>
#include <chrono>
#include <cmath>
#include <thread>
#include <algorithm>
#include <map>

namespace xbl::qos {
namespace {

using namespace std::chrono_literals;
using testing::RawUdpClient;
using testing::RelayLink;
using testing::StartLoopbackResponder;
using testing::UdpDelayRelay;

QosMeasurerOptions LatencyOnly(int probes, std::chrono::milliseconds interval) {
  QosMeasurerOptions options;
  options.probes_per_target = probes;
  options.probe_interval = interval;
  options.train_size = 0;
  options.deadline = 5s;
  return options;
}

RelayLink OneWay(std::chrono::microseconds delay, double loss = 0) {
  RelayLink link;
  link.delay = delay;
  link.loss = loss;
  return link;
}

QosRunResult MeasureOk(QosMeasurer const& measurer, std::vector<QosTarget> const& targets,
                       pplx::cancellation_token token = pplx::cancellation_token::none()) {
  auto result = measurer.Measure(targets, token);
  EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().ToString());
  return result.ok() ? std::move(*result) : QosRunResult{};
}

double Median(std::vector<double> values) {
  if (values.empty()) return -1;
  std::sort(values.begin(), values.end());
  auto mid = values.size() / 2;
  return values.size() % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}

double Millis(std::chrono::steady_clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// The round trip the relay really imposed on each latency probe (its hold time each way). It is
// the nominal delay plus whatever the relay's thread lost to a busy machine, so comparing the
// measurement with it keeps the 2 ms check meaningful on a loaded test host.
std::vector<double> ImposedRoundTripsMs(UdpDelayRelay const& relay) {
  std::map<std::uint32_t, double> up, down;
  for (auto const& r : relay.records()) {
    if (r.up && r.type == 1) up[r.sequence] = Millis(r.departure - r.arrival);
    if (!r.up && r.type == 2) down[r.sequence] = Millis(r.departure - r.arrival);
  }
  std::vector<double> out;
  for (auto const& [seq, held] : up) {
    if (auto it = down.find(seq); it != down.end()) out.push_back(held + it->second);
  }
  return out;
}

// The rate at which the relay really released a train of `type` packets, in kbps.
double ReleasedKbps(UdpDelayRelay const& relay, int type) {
  std::vector<testing::RelayRecord> train;
  for (auto const& r : relay.records()) {
    if (r.type == type) train.push_back(r);
  }
  if (train.size() < 2) return -1;
  auto first = train.front().departure, last = train.front().departure;
  for (auto const& r : train) {
    first = std::min(first, r.departure);
    last = std::max(last, r.departure);
  }
  double bits = static_cast<double>(train.size() - 1) * static_cast<double>(train.front().size) * 8.0;
  return bits / std::chrono::duration<double>(last - first).count() / 1000.0;
}

QosTarget PeerAt(std::string token, QosEndpoint endpoint) {
  return QosTarget::AtEndpoint(QosTargetKind::kPeer, std::move(token), std::move(endpoint));
}

class QosLatencyAccuracyTest : public ::testing::TestWithParam<int> {};

TEST_P(QosLatencyAccuracyTest, MedianLatency_IsWithin2msOfInjectedRoundTrip) {
  int round_trip_ms = GetParam();
  auto responder = StartLoopbackResponder();
  auto half = std::chrono::microseconds(round_trip_ms * 500);
  UdpDelayRelay relay(responder->endpoint(), OneWay(half), OneWay(half));
  // 25 probes over 240 ms: a brief stall of the loaded test machine cannot move the median.
  QosMeasurer measurer(LatencyOnly(25, 10ms));

  auto run = MeasureOk(measurer, {PeerAt("peer", relay.endpoint())});

  ASSERT_EQ(run.targets.size(), 1u);
  auto const& target = run.targets[0];
  ASSERT_EQ(target.status, QosStatus::kOk) << target.detail;
  ASSERT_TRUE(target.latency_ms.has_value());
  auto imposed = ImposedRoundTripsMs(relay);
  ASSERT_EQ(imposed.size(), 25u);
  EXPECT_GE(Median(imposed), round_trip_ms - 0.1) << "the relay never forwards early";
  EXPECT_NEAR(*target.latency_ms, Median(imposed), 2.0)
      << "nominal " << round_trip_ms << " ms; the relay imposed a median of " << Median(imposed) << " ms";
  ASSERT_TRUE(target.min_latency_ms.has_value());
  EXPECT_LE(*target.min_latency_ms, *target.latency_ms);
  EXPECT_GE(*target.min_latency_ms, round_trip_ms - 0.5) << "no reply can beat the injected delay";
  EXPECT_EQ(target.probes_sent, 25);
  EXPECT_EQ(target.replies_received, 25);
  EXPECT_DOUBLE_EQ(target.loss.value_or(-1), 0.0);
  EXPECT_TRUE(target.jitter_ms.has_value());
  EXPECT_FALSE(target.bandwidth_down_kbps.has_value()) << "train_size 0 measures no bandwidth";
}

INSTANTIATE_TEST_SUITE_P(RoundTrips, QosLatencyAccuracyTest, ::testing::Values(20, 50, 100));

TEST(QosMeasurerTest, Loss_IsWithin5PointsOfInjected10PercentSplitOverBothDirections) {
  auto responder = StartLoopbackResponder();
  double each_way = 1.0 - std::sqrt(0.9);  // 10% end to end
  UdpDelayRelay relay(responder->endpoint(), OneWay(500us, each_way), OneWay(500us, each_way), 11);
  auto options = LatencyOnly(200, 1ms);
  options.probe_timeout = 300ms;
  QosMeasurer measurer(options);

  auto run = MeasureOk(measurer, {PeerAt("peer", relay.endpoint())});

  auto const& target = run.targets.at(0);
  ASSERT_EQ(target.status, QosStatus::kOk);
  ASSERT_TRUE(target.loss.has_value());
  EXPECT_NEAR(*target.loss, 0.10, 0.05);
  auto stats = relay.stats();
  EXPECT_GT(stats.up_dropped, 0u);
  EXPECT_GT(stats.down_dropped, 0u);
  EXPECT_EQ(target.probes_sent - target.replies_received,
            static_cast<int>(stats.up_dropped + stats.down_dropped));
}

TEST(QosMeasurerTest, Loss_IsWithin5PointsOfInjected30PercentUpstream) {
  auto responder = StartLoopbackResponder();
  UdpDelayRelay relay(responder->endpoint(), OneWay(500us, 0.30), OneWay(500us), 23);
  auto options = LatencyOnly(200, 1ms);
  options.probe_timeout = 300ms;
  QosMeasurer measurer(options);

  auto run = MeasureOk(measurer, {PeerAt("peer", relay.endpoint())});

  auto const& target = run.targets.at(0);
  ASSERT_EQ(target.status, QosStatus::kOk);
  EXPECT_NEAR(target.loss.value_or(-1), 0.30, 0.05);
}

TEST(QosMeasurerTest, Bandwidth_IsWithin25PercentOfRelayRateCapEachWay) {
  auto responder = StartLoopbackResponder();
  RelayLink up = OneWay(2ms);
  up.rate_kbps = 2000;
  RelayLink down = OneWay(2ms);
  down.rate_kbps = 6000;
  UdpDelayRelay relay(responder->endpoint(), up, down);
  QosMeasurerOptions options = LatencyOnly(4, 5ms);
  options.train_size = 32;
  options.train_packet_bytes = 1000;

  auto run = MeasureOk(QosMeasurer(options), {PeerAt("peer", relay.endpoint())});

  auto const& target = run.targets.at(0);
  ASSERT_EQ(target.status, QosStatus::kOk) << target.detail;
  ASSERT_TRUE(target.bandwidth_down_kbps.has_value());
  ASSERT_TRUE(target.bandwidth_up_kbps.has_value());
  // Against the pace the relay really released each train at (its 6000 / 2000 kbps cap, unless a
  // busy machine delayed its thread), so the 25% check does not depend on the host's load.
  double down_released = ReleasedKbps(relay, 4);
  double up_released = ReleasedKbps(relay, 5);
  EXPECT_LT(down_released, 6000 * 3) << "the relay throttled the train";
  EXPECT_LT(up_released, 2000 * 3) << "the relay throttled the train";
  EXPECT_NEAR(static_cast<double>(*target.bandwidth_down_kbps), down_released, down_released * 0.25)
      << "cap 6000 kbps";
  EXPECT_NEAR(static_cast<double>(*target.bandwidth_up_kbps), up_released, up_released * 0.25) << "cap 2000 kbps";
}

TEST(QosMeasurerTest, SilentTarget_TimesOutWhileOthersCompleteByTheDeadline) {
  auto responder = StartLoopbackResponder();
  UdpDelayRelay fast(responder->endpoint(), OneWay(5ms), OneWay(5ms));
  RelayLink dead = OneWay(0us, 1.0);
  UdpDelayRelay silent(responder->endpoint(), dead, OneWay(0us));  // drops every probe
  auto options = LatencyOnly(5, 10ms);
  options.train_size = 8;
  options.probe_timeout = 5s;  // longer than the deadline: only the deadline can end the run
  options.deadline = 800ms;

  auto run = MeasureOk(QosMeasurer(options), {PeerAt("ok-1", fast.endpoint()), PeerAt("silent", silent.endpoint()),
                                              PeerAt("ok-2", responder->endpoint())});

  EXPECT_TRUE(run.deadline_reached);
  EXPECT_FALSE(run.cancelled);
  EXPECT_GE(run.elapsed, 780ms);
  EXPECT_LT(run.elapsed, 1100ms) << "the run ends at its deadline";
  ASSERT_EQ(run.targets.size(), 3u);
  EXPECT_EQ(run.targets[0].target.key, "ok-1");
  EXPECT_EQ(run.targets[0].status, QosStatus::kOk);
  EXPECT_TRUE(run.targets[0].bandwidth_down_kbps.has_value());
  EXPECT_TRUE(run.targets[0].bandwidth_up_kbps.has_value());
  EXPECT_EQ(run.targets[1].status, QosStatus::kTimeout);
  EXPECT_EQ(run.targets[1].replies_received, 0);
  EXPECT_FALSE(run.targets[1].latency_ms.has_value());
  EXPECT_EQ(run.targets[2].status, QosStatus::kOk);
}

TEST(QosMeasurerTest, SilentTarget_TimesOutAfterProbeTimeoutWithoutWaitingForDeadline) {
  RelayLink dead = OneWay(0us, 1.0);
  auto responder = StartLoopbackResponder();
  UdpDelayRelay silent(responder->endpoint(), dead, OneWay(0us));
  auto options = LatencyOnly(3, 10ms);
  options.probe_timeout = 200ms;
  options.deadline = 10s;

  auto run = MeasureOk(QosMeasurer(options), {PeerAt("silent", silent.endpoint())});

  EXPECT_FALSE(run.deadline_reached);
  EXPECT_LT(run.elapsed, 1s);
  EXPECT_EQ(run.targets.at(0).status, QosStatus::kTimeout);
  EXPECT_DOUBLE_EQ(run.targets.at(0).loss.value_or(-1), 1.0);
}

TEST(QosMeasurerTest, ClosedPort_IsUnreachable) {
  QosEndpoint closed;
  {
    auto responder = StartLoopbackResponder();
    closed = responder->endpoint();
  }  // stopped: the port now answers with ICMP port unreachable
  auto options = LatencyOnly(3, 10ms);
  options.deadline = 3s;
  auto run = MeasureOk(QosMeasurer(options), {PeerAt("gone", closed)});
  EXPECT_EQ(run.targets.at(0).status, QosStatus::kUnreachable);
  EXPECT_FALSE(run.targets.at(0).detail.empty());
  EXPECT_LT(run.elapsed, 1s) << "a refusal ends the target without waiting for timeouts";
}

TEST(QosMeasurerTest, UnresolvableAddress_IsUnreachableWithResolverMessage) {
  auto responder = StartLoopbackResponder();
  auto options = LatencyOnly(2, 5ms);
  QosMeasurer measurer(options);
  auto run = MeasureOk(measurer, {QosTarget::Peer("bad", "%%%not-base64%%%"),
                                  QosTarget::Peer("good", EncodeSecureDeviceAddress(responder->endpoint()))});
  EXPECT_EQ(run.targets[0].status, QosStatus::kUnreachable);
  EXPECT_NE(run.targets[0].detail.find("base64"), std::string::npos) << run.targets[0].detail;
  EXPECT_EQ(run.targets[1].status, QosStatus::kOk);
  ASSERT_TRUE(run.targets[1].endpoint.has_value());
  EXPECT_EQ(*run.targets[1].endpoint, responder->endpoint());
}

TEST(QosMeasurerTest, CustomResolver_IsUsedForSecureDeviceAddresses) {
  auto responder = StartLoopbackResponder();
  auto options = LatencyOnly(2, 5ms);
  std::atomic<int> calls{0};
  options.resolver = [&](std::string const& sda) -> Result<QosEndpoint> {
    ++calls;
    if (sda == "title-format:alpha") return responder->endpoint();
    return Error(ErrorCode::kInvalidArgument, "unknown device");
  };
  auto run = MeasureOk(QosMeasurer(options), {QosTarget::Peer("a", "title-format:alpha"), QosTarget::Peer("b", "x")});
  EXPECT_EQ(calls.load(), 2);
  EXPECT_EQ(run.targets[0].status, QosStatus::kOk);
  EXPECT_EQ(run.targets[1].status, QosStatus::kUnreachable);
  EXPECT_EQ(run.targets[1].detail, "unknown device");
}

TEST(QosMeasurerTest, ThirtyTwoTargets_AreMeasuredConcurrently) {
  std::vector<std::unique_ptr<QosResponder>> responders;
  std::vector<QosTarget> targets;
  for (int i = 0; i < 32; ++i) {
    responders.push_back(StartLoopbackResponder());
    targets.push_back(PeerAt("peer-" + std::to_string(i), responders.back()->endpoint()));
  }
  auto options = LatencyOnly(5, 25ms);  // >= 100 ms per target: 3.2 s if measured one by one
  options.train_size = 8;

  auto run = MeasureOk(QosMeasurer(options), targets);

  ASSERT_EQ(run.targets.size(), 32u);
  for (int i = 0; i < 32; ++i) {
    auto const& target = run.targets[static_cast<std::size_t>(i)];
    EXPECT_EQ(target.target.key, "peer-" + std::to_string(i));
    EXPECT_EQ(target.status, QosStatus::kOk) << target.target.key << ": " << target.detail;
    EXPECT_EQ(target.replies_received, 5) << target.target.key;
    EXPECT_TRUE(target.bandwidth_down_kbps.has_value()) << target.target.key;
    EXPECT_TRUE(target.bandwidth_up_kbps.has_value()) << target.target.key;
  }
  EXPECT_FALSE(run.deadline_reached);
  EXPECT_LT(run.elapsed, 1500ms);
}

TEST(QosMeasurerTest, ConcurrencyLimit_QueuesTheRest) {
  auto responder = StartLoopbackResponder();
  std::vector<QosTarget> targets;
  for (int i = 0; i < 6; ++i) targets.push_back(PeerAt("peer-" + std::to_string(i), responder->endpoint()));
  auto options = LatencyOnly(3, 50ms);  // >= 100 ms per target
  options.concurrency = 2;

  auto run = MeasureOk(QosMeasurer(options), targets);

  for (auto const& target : run.targets) EXPECT_EQ(target.status, QosStatus::kOk);
  EXPECT_GE(run.elapsed, 300ms) << "three waves of two";
}

TEST(QosMeasurerTest, QueuedTargetsNotStartedByTheDeadline_TimeOut) {
  auto responder = StartLoopbackResponder();
  UdpDelayRelay slow(responder->endpoint(), OneWay(0us, 1.0), OneWay(0us));
  auto options = LatencyOnly(2, 10ms);
  options.concurrency = 1;
  options.probe_timeout = 5s;
  options.deadline = 300ms;
  auto run = MeasureOk(QosMeasurer(options), {PeerAt("stuck", slow.endpoint()), PeerAt("queued", responder->endpoint())});
  EXPECT_TRUE(run.deadline_reached);
  EXPECT_EQ(run.targets[1].status, QosStatus::kTimeout);
  EXPECT_EQ(run.targets[1].probes_sent, 0);
  EXPECT_EQ(run.targets[1].detail, "not started before the deadline");
}

TEST(QosMeasurerTest, Deadline_ReturnsPartialResultsWithoutCountingInFlightProbesAsLost) {
  auto responder = StartLoopbackResponder();
  UdpDelayRelay relay(responder->endpoint(), OneWay(50ms), OneWay(50ms));
  auto options = LatencyOnly(20, 50ms);  // would take about 1.05 s
  options.deadline = 420ms;

  auto run = MeasureOk(QosMeasurer(options), {PeerAt("peer", relay.endpoint())});

  EXPECT_TRUE(run.deadline_reached);
  auto const& target = run.targets.at(0);
  EXPECT_EQ(target.status, QosStatus::kOk);
  EXPECT_LT(target.probes_sent, 20);
  EXPECT_GE(target.replies_received, 3);
  EXPECT_LT(target.replies_received, target.probes_sent) << "some probes were still in flight";
  EXPECT_DOUBLE_EQ(target.loss.value_or(-1), 0.0) << "in-flight probes are not losses";
  EXPECT_NEAR(target.latency_ms.value_or(0), 100, 10.0) << "the replies that came are real round trips";
}

TEST(QosMeasurerTest, Deadline_DuringADownloadTrain_KeepsThePaceOfWhatArrived) {
  auto responder = StartLoopbackResponder();
  RelayLink down = OneWay(0us);
  down.rate_kbps = 200;  // 20 packets of 1000 bytes take 800 ms
  UdpDelayRelay relay(responder->endpoint(), OneWay(0us), down);
  auto options = LatencyOnly(2, 5ms);
  options.train_size = 20;
  options.train_packet_bytes = 1000;
  options.deadline = 450ms;

  auto run = MeasureOk(QosMeasurer(options), {PeerAt("p", relay.endpoint())});

  EXPECT_TRUE(run.deadline_reached);
  auto const& target = run.targets.at(0);
  EXPECT_EQ(target.status, QosStatus::kOk);
  ASSERT_TRUE(target.bandwidth_down_kbps.has_value());
  double released = ReleasedKbps(relay, 4);
  EXPECT_NEAR(static_cast<double>(*target.bandwidth_down_kbps), released, released * 0.25) << "cap 200 kbps";
  EXPECT_FALSE(target.bandwidth_up_kbps.has_value()) << "the upload train never started";
}

TEST(QosMeasurerTest, Cancellation_EndsTheRunPromptly) {
  auto responder = StartLoopbackResponder();
  UdpDelayRelay silent(responder->endpoint(), OneWay(0us, 1.0), OneWay(0us));
  auto options = LatencyOnly(5, 10ms);
  options.probe_timeout = 20s;
  options.deadline = 20s;
  pplx::cancellation_token_source source;
  std::thread canceller([&] {
    std::this_thread::sleep_for(150ms);
    source.cancel();
  });

  auto begin = std::chrono::steady_clock::now();
  auto run = MeasureOk(QosMeasurer(options),
                       {PeerAt("silent", silent.endpoint()), PeerAt("fine", responder->endpoint())}, source.get_token());
  auto waited = std::chrono::steady_clock::now() - begin;
  canceller.join();

  EXPECT_LT(waited, 1s);
  EXPECT_TRUE(run.cancelled);
  EXPECT_FALSE(run.deadline_reached);
  EXPECT_EQ(run.targets[0].status, QosStatus::kCancelled);
  EXPECT_EQ(run.targets[1].status, QosStatus::kOk) << "a finished target keeps its result";
}

TEST(QosMeasurerTest, AlreadyCancelledToken_ReturnsAtOnceWithCancelledTargets) {
  auto responder = StartLoopbackResponder();
  pplx::cancellation_token_source source;
  source.cancel();
  auto run = MeasureOk(QosMeasurer(LatencyOnly(5, 10ms)), {PeerAt("p", responder->endpoint())}, source.get_token());
  EXPECT_TRUE(run.cancelled);
  EXPECT_EQ(run.targets.at(0).status, QosStatus::kCancelled);
  EXPECT_EQ(run.targets.at(0).probes_sent, 0);
  EXPECT_LT(run.elapsed, 100ms);
}

TEST(QosMeasurerTest, MalformedTrafficToTheResponderDuringARun_ChangesNothing) {
  auto responder = StartLoopbackResponder();
  std::atomic<bool> stop{false};
  std::thread noise([&] {
    RawUdpClient attacker;
    std::vector<unsigned char> garbage(64, 0x5A);
    for (int i = 0; i < 2000 && !stop; ++i) {
      attacker.SendTo(responder->endpoint(), garbage);
      if (i % 50 == 0) std::this_thread::sleep_for(1ms);
    }
  });
  auto run = MeasureOk(QosMeasurer(LatencyOnly(10, 10ms)), {PeerAt("p", responder->endpoint())});
  stop = true;
  noise.join();

  auto const& target = run.targets.at(0);
  EXPECT_EQ(target.status, QosStatus::kOk);
  EXPECT_EQ(target.replies_received, 10);
  EXPECT_DOUBLE_EQ(target.loss.value_or(-1), 0.0);
  EXPECT_GT(responder->stats().malformed, 0u);
}

TEST(QosMeasurerTest, EmptyTargetList_ReturnsImmediately) {
  auto run = MeasureOk(QosMeasurer(), {});
  EXPECT_TRUE(run.targets.empty());
  EXPECT_FALSE(run.deadline_reached);
  EXPECT_LT(run.elapsed, 100ms);
}

// A hand-made responder that holds each probe for `hold` and reports either the hold it really
// had (from reading the probe to answering it) or `claimed_hold_us` when given.
void SlowResponder(RawUdpClient& socket, int probes, std::chrono::milliseconds hold,
                   std::optional<std::uint32_t> claimed_hold_us = std::nullopt) {
  for (int i = 0; i < probes; ++i) {
    auto datagram = socket.ReceiveFrom();
    if (!datagram) return;
    auto read_at = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(hold);
    auto held = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - read_at);
    std::uint32_t report = claimed_hold_us.value_or(static_cast<std::uint32_t>(held.count()));
    auto& bytes = datagram->first;
    bytes[5] = 2;  // kLatencyReply
    for (int b = 0; b < 4; ++b) bytes[36 + b] = static_cast<unsigned char>(report >> (8 * (3 - b)));
    socket.SendTo(datagram->second, bytes);
  }
}

TEST(QosMeasurerTest, Latency_SubtractsTheHoldTimeTheResponderReports) {
  RawUdpClient responder(2s);
  std::thread serve([&] { SlowResponder(responder, 1, 80ms); });  // one probe: none waits unread
  auto run = MeasureOk(QosMeasurer(LatencyOnly(1, 5ms)), {PeerAt("p", responder.endpoint())});
  serve.join();
  auto const& target = run.targets.at(0);
  ASSERT_EQ(target.status, QosStatus::kOk);
  EXPECT_LT(target.latency_ms.value_or(99), 40.0) << "the 80 ms the responder held each probe is not network";
  EXPECT_GE(target.min_latency_ms.value_or(-1), 0.0);
}

TEST(QosMeasurerTest, Latency_IgnoresAHoldTimeLongerThanTheRoundTrip) {
  RawUdpClient responder(2s);
  std::thread serve([&] { SlowResponder(responder, 3, 30ms, 900000); });
  auto run = MeasureOk(QosMeasurer(LatencyOnly(3, 5ms)), {PeerAt("p", responder.endpoint())});
  serve.join();
  EXPECT_GE(run.targets.at(0).min_latency_ms.value_or(-1), 29.0) << "an impossible hold is not subtracted";
}

TEST(QosMeasurerTest, InvalidOptions_FailWithInvalidArgument) {
  auto expect_invalid = [](QosMeasurerOptions options, char const* what) {
    auto result = QosMeasurer(options).Measure({});
    ASSERT_FALSE(result.ok()) << what;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument) << what;
    EXPECT_NE(result.error().message.find(what), std::string::npos) << result.error().message;
  };
  QosMeasurerOptions o;
  o.probes_per_target = 0;
  expect_invalid(o, "probes_per_target");
  o = {};
  o.min_replies = 9;
  expect_invalid(o, "min_replies");
  o = {};
  o.train_size = 1;
  expect_invalid(o, "train_size");
  o = {};
  o.train_packet_bytes = 20;
  expect_invalid(o, "train_packet_bytes");
  o = {};
  o.concurrency = 0;
  expect_invalid(o, "concurrency");
  o = {};
  o.deadline = 0ms;
  expect_invalid(o, "deadline");
}

TEST(QosMeasurerTest, MeasureAsync_DeliversTheSameResultOnATask) {
  auto responder = StartLoopbackResponder();
  auto task = QosMeasurer(LatencyOnly(3, 5ms)).MeasureAsync({PeerAt("p", responder->endpoint())});
  auto result = task.get();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->targets.at(0).status, QosStatus::kOk);
  EXPECT_EQ(result->targets.at(0).replies_received, 3);
}

}  // namespace
}  // namespace xbl::qos
