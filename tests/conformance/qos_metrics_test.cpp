// Protocol §2.2 `metrics` and §3.11: metrics need connectivity, must cover what the QoS requirements
// need, and decide whether the measuring stage runs.
#include "conformance_fixture.h"

namespace xbl::conformance {
namespace {

class QosMetrics : public ConformanceTest {
 protected:
  // A JOIN(A) creating `dyn/name` with these system constants (connectivity unless `caps` given).
  Response CreateDyn(std::string const& name, Json system, bool initialize = false) {
    if (!system.contains("capabilities")) system["capabilities"] = {{"connectivity", true}};
    Json body = JoinBody("1001");
    body["constants"] = {{"system", system}};
    if (initialize) body["members"]["me"]["constants"]["system"]["initialize"] = true;
    return Put(kA, SessionPath("dyn", name), body);
  }
  Json Metrics(bool latency, bool down, bool up) {
    return Json{{"latency", latency}, {"bandwidthDown", down}, {"bandwidthUp", up}};
  }
};

TEST_F(QosMetrics, MetricsNeedConnectivity) {
  Json system = {{"capabilities", Json::object()}, {"metrics", {{"latency", true}}}};
  EXPECT_EQ(CreateDyn("m0", system).status, 400);
}

TEST_F(QosMetrics, PeerToPeerDefaultsNeedLatencyAndBothBandwidths) {
  // bandwidthMinimum is absent, so its default (10000) applies and needs both directions.
  Json p2p = {{"latencyMaximum", 100}};
  EXPECT_EQ(CreateDyn("m1", {{"peerToPeerRequirements", p2p}, {"metrics", Metrics(true, false, false)}}).status, 400);
  EXPECT_EQ(CreateDyn("m1", {{"peerToPeerRequirements", p2p}, {"metrics", Metrics(true, true, false)}}).status, 400);
  auto ok = CreateDyn("m1", {{"peerToPeerRequirements", p2p}, {"metrics", Metrics(true, true, true)}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.JsonBody()["constants"]["system"]["metrics"], Metrics(true, true, true));
}

TEST_F(QosMetrics, ExplicitNullRequirementIsNotNeeded) {
  Json p2p = {{"latencyMaximum", 100}, {"bandwidthMinimum", nullptr}};
  EXPECT_EQ(CreateDyn("m2", {{"peerToPeerRequirements", p2p}, {"metrics", Metrics(true, false, false)}}).status, 201);
  Json none = {{"latencyMaximum", nullptr}, {"bandwidthMinimum", nullptr}};
  EXPECT_EQ(CreateDyn("m3", {{"peerToPeerRequirements", none}, {"metrics", Json::object()}}).status, 201);
}

TEST_F(QosMetrics, PeerToHostNeedsEachMetricItsThresholdsUse) {
  Json p2h = {{"latencyMaximum", 100}, {"bandwidthDownMinimum", nullptr}, {"bandwidthUpMinimum", 50}};
  EXPECT_EQ(CreateDyn("h1", {{"peerToHostRequirements", p2h}, {"metrics", Metrics(true, false, false)}}).status, 400);
  EXPECT_EQ(CreateDyn("h1", {{"peerToHostRequirements", p2h}, {"metrics", Metrics(false, false, true)}}).status, 400);
  EXPECT_EQ(CreateDyn("h1", {{"peerToHostRequirements", p2h}, {"metrics", Metrics(true, false, true)}}).status, 201);
}

TEST_F(QosMetrics, RequestMetricsAreCheckedAgainstTemplateRequirements) {
  // Post-merge: the p2h template fixes the requirements (350 / 1000 / 100); the request adds metrics.
  Json body = JoinBody("1001");
  body["constants"] = {{"system", {{"metrics", Metrics(true, false, false)}}}};
  body["members"]["me"]["constants"]["system"]["initialize"] = true;  // membersNeededToStart 1
  auto r = Put(kA, SessionPath("p2h", "t1"), body);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("bandwidthDown"), std::string::npos) << r.body;
  body["constants"]["system"]["metrics"] = Metrics(true, true, true);
  EXPECT_EQ(Put(kA, SessionPath("p2h", "t1"), body).status, 201);
}

TEST_F(QosMetrics, MetricsMustBeAnObjectOfKnownBooleans) {
  EXPECT_EQ(CreateDyn("b1", {{"metrics", {{"latency", "yes"}}}}).status, 400);
  EXPECT_EQ(CreateDyn("b1", {{"metrics", {{"jitter", true}}}}).status, 400);
  EXPECT_EQ(CreateDyn("b1", {{"metrics", Json::array({"latency"})}}).status, 400);
  EXPECT_EQ(CreateDyn("b1", {{"metrics", {{"latency", true}, {"custom", true}}}}).status, 201);
}

TEST_F(QosMetrics, MeasuringSkippedWhenRequirementsNeedNoMetric) {
  Json system = {{"memberInitialization", {{"membersNeededToStart", 1}}},
                 {"peerToPeerRequirements", {{"latencyMaximum", nullptr}, {"bandwidthMinimum", nullptr}}}};
  auto r = CreateDyn("s1", system, /*initialize=*/true);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_FALSE(r.JsonBody().contains("initializing")) << r.body;  // joining -> done, never measuring
  EXPECT_FALSE(r.JsonBody()["members"]["0"].contains("initializationEpisode"));
}

TEST_F(QosMetrics, ExplicitMetricsDecideWhetherMeasuringRuns) {
  // All metrics off: nothing to measure, so the episode completes after joining.
  Json off = {{"memberInitialization", {{"membersNeededToStart", 1}}}, {"metrics", Metrics(false, false, false)}};
  auto skipped = CreateDyn("s2", off, true);
  ASSERT_EQ(skipped.status, 201) << skipped.body;
  EXPECT_FALSE(skipped.JsonBody().contains("initializing"));
  // Custom metrics without requirements: measuring runs until the member uploads measurements.
  Json custom = {{"memberInitialization", {{"membersNeededToStart", 1}}}, {"metrics", {{"custom", true}}}};
  auto measuring = CreateDyn("s3", custom, true);
  ASSERT_EQ(measuring.status, 201) << measuring.body;
  EXPECT_EQ(measuring.JsonBody()["initializing"]["stage"], "measuring");
  Json upload = {{"members", {{"me", {{"properties", {{"system", {{"measurements", Json::object()}}}}}}}}}};
  auto done = Put(kA, SessionPath("dyn", "s3"), upload);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_FALSE(done.JsonBody().contains("initializing"));
}

}  // namespace
}  // namespace xbl::conformance
