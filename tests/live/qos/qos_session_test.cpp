#include "xbl/qos/qos_session.h"

#include "live/qos/qos_test_support.h"

#include <gtest/gtest.h>
#include <mutex>
#include <thread>

namespace xbl::qos {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using testing::Document;
using testing::Member;
using testing::ParseAs;
using testing::StartLoopbackResponder;
namespace mp = xbl::multiplayer;

std::vector<std::string> Keys(std::vector<QosTarget> const& targets, QosTargetKind kind) {
  std::vector<std::string> keys;
  for (auto const& t : targets) {
    if (t.kind == kind) keys.push_back(t.key);
  }
  return keys;
}

TEST(QosSessionTest, Targets_AreOtherDevicesAndMeasurementServers) {
  auto doc = Document({{"0", Member("100", "AAAA", "c2RhLWE=")},
                       {"1", Member("101", "BbBb", "c2RhLWI=")},
                       {"2", Member("102", "aaaa", "c2RhLWE=")},   // a second user on my device
                       {"3", Member("103", "cccc", "c2RhLWM=")},
                       {"4", Member("104", "", "")},               // no address uploaded yet
                       {"5", Member("105", "cccc", "c2RhLWM=")}},  // same device as member 3
                      {{"measurementServerAddresses", {{"east.example.net", {{"secureDeviceAddress", "ZWFzdA=="}}}}}});
  auto targets = MakeSessionTargets(ParseAs(doc, "100"));
  ASSERT_TRUE(targets.ok()) << targets.error().ToString();
  EXPECT_EQ(Keys(*targets, QosTargetKind::kPeer), (std::vector<std::string>{"bbbb", "cccc"}));
  EXPECT_EQ(Keys(*targets, QosTargetKind::kServer), (std::vector<std::string>{"east.example.net"}));
  EXPECT_EQ((*targets)[0].secure_device_address, "c2RhLWI=");
  EXPECT_EQ(targets->back().secure_device_address, "ZWFzdA==");
}

TEST(QosSessionTest, Targets_OnlyTheHostWithPeerToHostAndAHostSet) {
  auto doc = Document({{"0", Member("100", "aaaa", "c2RhLWE=")},
                       {"1", Member("101", "bbbb", "c2RhLWI=")},
                       {"2", Member("102", "cccc", "c2RhLWM=")}},
                      {{"peerToHostRequirements", {{"latencyMaximum", 100}}}}, {{"host", "cccc"}});
  auto targets = MakeSessionTargets(ParseAs(doc, "100"));
  ASSERT_TRUE(targets.ok());
  EXPECT_EQ(Keys(*targets, QosTargetKind::kPeer), (std::vector<std::string>{"cccc"}));
}

TEST(QosSessionTest, Targets_WithoutACurrentUserMember_AreInvalidState) {
  auto doc = Document({{"0", Member("100", "aaaa", "c2RhLWE=")}}, json::object());
  auto targets = MakeSessionTargets(ParseAs(doc, "999"));
  ASSERT_FALSE(targets.ok());
  EXPECT_EQ(targets.error().code, ErrorCode::kInvalidState);
}

TEST(QosSessionTest, Options_DeadlineDefaultsToMeasurementTimeout) {
  auto doc = Document({{"0", Member("100", "aaaa", "c2RhLWE=")}},
                      {{"memberInitialization", {{"measurementTimeout", 4500}}}});
  auto session = ParseAs(doc, "100");
  EXPECT_EQ(MakeSessionMeasurerOptions(session).deadline, std::optional<std::chrono::milliseconds>(4500ms));
  QosMeasurerOptions explicit_deadline;
  explicit_deadline.deadline = 900ms;
  EXPECT_EQ(MakeSessionMeasurerOptions(session, explicit_deadline).deadline,
            std::optional<std::chrono::milliseconds>(900ms));
  auto plain = ParseAs(Document({{"0", Member("100", "aaaa", "c2RhLWE=")}}, json::object()), "100");
  EXPECT_FALSE(MakeSessionMeasurerOptions(plain).deadline.has_value());
}

TEST(QosSessionTest, MeasureSessionAsync_SetsMeasurementsAndServerMeasurementsForTheWrite) {
  auto peer_b = StartLoopbackResponder();
  auto peer_c = StartLoopbackResponder();
  auto server = StartLoopbackResponder();
  QosEndpoint dead{"127.0.0.1", 9};  // discard port: nothing answers
  auto doc = Document(
      {{"0", Member("100", "AAAA", EncodeSecureDeviceAddress({"127.0.0.1", 1}))},
       {"1", Member("101", "BBBB", EncodeSecureDeviceAddress(peer_b->endpoint()))},
       {"2", Member("102", "cccc", EncodeSecureDeviceAddress(peer_c->endpoint()))}},
      {{"memberInitialization", {{"measurementTimeout", 3000}}},
       {"peerToPeerRequirements", {{"latencyMaximum", 100}, {"bandwidthMinimum", 100}}},
       {"measurementServerAddresses",
        {{"east.example.net", {{"secureDeviceAddress", EncodeSecureDeviceAddress(server->endpoint())}}},
         {"west.example.net", {{"secureDeviceAddress", EncodeSecureDeviceAddress(dead)}}}}}});
  QosMeasurerOptions options;
  options.probes_per_target = 4;
  options.probe_interval = 5ms;
  options.probe_timeout = 300ms;
  options.train_size = 8;

  auto measured = MeasureSessionAsync(ParseAs(doc, "100"), options).get();

  ASSERT_TRUE(measured.ok()) << measured.error().ToString();
  EXPECT_EQ(measured->run.targets.size(), 4u);
  json body = measured->session.RequestBody();
  auto const& system = body["members"]["me"]["properties"]["system"];
  ASSERT_TRUE(system.contains("measurements")) << body.dump();
  auto const& measurements = system["measurements"];
  EXPECT_EQ(measurements.size(), 2u);
  EXPECT_FALSE(measurements.contains("aaaa"));
  for (char const* token : {"bbbb", "cccc"}) {
    ASSERT_TRUE(measurements.contains(token)) << measurements.dump();
    EXPECT_TRUE(measurements[token].contains("latency"));
    EXPECT_TRUE(measurements[token].contains("bandwidthDown"));
    EXPECT_TRUE(measurements[token].contains("bandwidthUp"));
  }
  ASSERT_TRUE(system.contains("serverMeasurements"));
  EXPECT_TRUE(system["serverMeasurements"].contains("east.example.net"));
  EXPECT_FALSE(system["serverMeasurements"].contains("west.example.net")) << "an unanswered server is left out";
  EXPECT_LT(measured->run.elapsed, 3000ms);
}

TEST(QosSessionTest, Apply_WithNoServerCompleted_UploadsEmptyServerMeasurements) {
  auto doc = Document({{"0", Member("100", "aaaa", "c2RhLWE=")}},
                      {{"measurementServerAddresses", {{"east.example.net", {{"secureDeviceAddress", "ZWFzdA=="}}}}}});
  auto session = ParseAs(doc, "100");
  QosRunResult run;
  QosTargetResult east;
  east.target = QosTarget::Server("east.example.net", "ZWFzdA==");
  east.status = QosStatus::kTimeout;
  run.targets.push_back(east);
  ASSERT_TRUE(ApplyQosResults(session, run).ok());
  json body = session.RequestBody();
  auto const& system = body["members"]["me"]["properties"]["system"];
  EXPECT_EQ(system["serverMeasurements"], json::object());
  EXPECT_FALSE(system.contains("measurements")) << "no peers and no peer requirements: nothing to say";
}

TEST(QosSessionTest, EvaluationInput_TakesTheEpisodeMembersUploadsAndRequirements) {
  auto doc = Document(
      {{"0", Member("100", "aaaa", "c2RhLWE=", {{"measurements", {{"bbbb", {{"latency", 10}}}}}})},
       {"1", Member("101", "bbbb", "c2RhLWI=", {{"initializationGroup", {0}}})},
       {"2", Member("102", "cccc", "c2RhLWM=")}},
      {{"memberInitialization", {{"membersNeededToStart", 2}}},
       {"peerToHostRequirements", {{"latencyMaximum", 70}, {"hostSelectionMetric", "bandwidthdown"}}}},
      {{"host", "bbbb"}});
  doc["initializing"] = {{"stage", "measuring"}, {"episode", 1}};
  doc["members"]["0"]["initializationEpisode"] = 1;
  doc["members"]["1"]["initializationEpisode"] = 1;
  doc["members"]["2"]["initializationEpisode"] = 2;  // waits for the next episode

  auto input = MakeEvaluationInput(ParseAs(doc, "100"));

  ASSERT_EQ(input.members.size(), 2u);
  EXPECT_EQ(input.members[0].device_token, "aaaa");
  ASSERT_TRUE(input.members[0].measurements.has_value());
  ASSERT_EQ(input.members[0].measurements->size(), 1u);
  EXPECT_EQ(input.members[0].measurements->at(0).device_token, "bbbb");
  EXPECT_EQ(input.members[0].measurements->at(0).latency_ms, std::optional<std::uint32_t>(10));
  EXPECT_FALSE(input.members[1].measurements.has_value());
  EXPECT_EQ(input.members[1].initialization_group, std::vector<int>{0});
  ASSERT_TRUE(input.peer_to_host.has_value());
  EXPECT_EQ(input.peer_to_host->latency_maximum_ms, 70u);
  EXPECT_EQ(input.peer_to_host->host_selection_metric, mp::HostSelectionMetric::kBandwidthDown);
  EXPECT_FALSE(input.peer_to_peer.has_value());
  EXPECT_EQ(input.host, "bbbb");
  EXPECT_EQ(input.members_needed_to_start, std::optional<int>(2));
  EXPECT_EQ(input.other_member_indices, std::vector<int>{2}) << "in the session, outside the episode";
}

TEST(QosSessionTest, EvaluationInput_LeavesOutOtherMembersThatFailedAnEarlierEpisode) {
  auto doc = Document({{"0", Member("100", "aaaa", "c2RhLWE=")},
                       {"1", Member("101", "bbbb", "c2RhLWI=")},
                       {"2", Member("102", "cccc", "c2RhLWM=")}},
                      {{"memberInitialization", {{"membersNeededToStart", 1}}}}, json::object());
  doc["initializing"] = {{"stage", "measuring"}, {"episode", 2}};
  doc["members"]["0"]["initializationEpisode"] = 2;
  doc["members"]["1"]["initializationFailure"] = "latency";

  auto input = MakeEvaluationInput(ParseAs(doc, "100"));

  ASSERT_EQ(input.members.size(), 1u);
  EXPECT_EQ(input.other_member_indices, std::vector<int>{2}) << "member 1 failed: a group naming it fails";
}

/// Runs posted work when the test says so, on the test's thread.
class HeldExecutor final : public Executor {
 public:
  void Post(std::function<void()> work) override {
    std::lock_guard<std::mutex> lock(mutex);
    queue.push_back(std::move(work));
  }
  std::mutex mutex;
  std::vector<std::function<void()>> queue;
};

TEST(QosSessionTest, MeasureSessionAsyncOnAContext_PostsProgressToTheCallbackExecutor) {
  auto peer = StartLoopbackResponder();
  auto doc = Document({{"0", Member("100", "AAAA", EncodeSecureDeviceAddress({"127.0.0.1", 1}))},
                       {"1", Member("101", "BBBB", EncodeSecureDeviceAddress(peer->endpoint()))}},
                      {{"memberInitialization", {{"measurementTimeout", 3000}}},
                       {"peerToPeerRequirements", {{"latencyMaximum", 100}}}});
  ClientOptions client;
  auto executor = std::make_shared<HeldExecutor>();
  client.callback_executor = executor;
  auto context = ServiceContext::Create(nullptr, client);
  QosMeasurerOptions options;
  options.probes_per_target = 2;
  options.probe_interval = 5ms;
  options.probe_timeout = 300ms;
  options.train_size = 0;
  std::vector<std::string> seen;
  std::thread::id ran_on;
  options.progress = [&](QosTargetResult const& result) {
    seen.push_back(result.target.key);
    ran_on = std::this_thread::get_id();
  };

  auto measured = MeasureSessionAsync(context, ParseAs(doc, "100"), options).get();

  ASSERT_TRUE(measured.ok()) << measured.error().ToString();
  EXPECT_TRUE(seen.empty()) << "progress ran on the QoS thread instead of the executor";
  std::vector<std::function<void()>> queued;
  {
    std::lock_guard<std::mutex> lock(executor->mutex);
    queued.swap(executor->queue);
  }
  ASSERT_EQ(queued.size(), 1u);
  for (auto& work : queued) work();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_TRUE(seen[0] == "BBBB" || seen[0] == "bbbb") << seen[0];
  EXPECT_EQ(ran_on, std::this_thread::get_id());
}

}  // namespace
}  // namespace xbl::qos
