// QoS reads a session's requirements through the session model (one parser for the whole SDK):
// what MakeEvaluationInput hands the evaluator is what `constants/system` says, with MPSD's
// defaults for absent fields and no requirement for a `null` threshold.
#include "xbl/qos/qos_session.h"

#include "live/qos/qos_test_support.h"

#include <gtest/gtest.h>

namespace xbl::qos {
namespace {

using nlohmann::json;
namespace mp = xbl::multiplayer;

// The session model's view of a session with `requirements` merged into `constants/system`.
Result<mp::MultiplayerSession> ParseRequirements(json const& requirements) {
  auto document = testing::Document({{"0", testing::Member("100", "aaaa", "c2RhLWE=")}}, requirements);
  return mp::MultiplayerSession::Parse(document.dump(), "\"etag-1\"");
}

EvaluationInput InputFor(json const& requirements) {
  auto session = ParseRequirements(requirements);
  EXPECT_TRUE(session.ok()) << (session.ok() ? "" : session.error().ToString());
  return session.ok() ? MakeEvaluationInput(*session) : EvaluationInput{};
}

TEST(QosRequirementsTest, PeerToPeer_AbsentFieldsTakeMpsdDefaults) {
  auto input = InputFor({{"peerToPeerRequirements", json::object()}});
  ASSERT_TRUE(input.peer_to_peer.has_value());
  EXPECT_EQ(input.peer_to_peer->latency_maximum_ms, 250u);
  EXPECT_EQ(input.peer_to_peer->bandwidth_minimum_kbps, 10000u);
}

TEST(QosRequirementsTest, PeerToPeer_ReadsGivenValues) {
  auto input = InputFor(json::parse(R"({"peerToPeerRequirements": {"latencyMaximum": 80, "bandwidthMinimum": 512}})"));
  ASSERT_TRUE(input.peer_to_peer.has_value());
  EXPECT_EQ(input.peer_to_peer->latency_maximum_ms, 80u);
  EXPECT_EQ(input.peer_to_peer->bandwidth_minimum_kbps, 512u);
}

TEST(QosRequirementsTest, NullThresholdsAreEmptyMeaningNoRequirement) {
  auto p2p = InputFor(json::parse(R"({"peerToPeerRequirements": {"latencyMaximum": 80, "bandwidthMinimum": null}})"));
  ASSERT_TRUE(p2p.peer_to_peer.has_value());
  EXPECT_EQ(p2p.peer_to_peer->latency_maximum_ms, 80u);
  EXPECT_FALSE(p2p.peer_to_peer->bandwidth_minimum_kbps.has_value());
  auto p2h = InputFor(json::parse(R"({"peerToHostRequirements": {"latencyMaximum": null, "bandwidthUpMinimum": null}})"));
  ASSERT_TRUE(p2h.peer_to_host.has_value());
  EXPECT_FALSE(p2h.peer_to_host->latency_maximum_ms.has_value());
  EXPECT_EQ(p2h.peer_to_host->bandwidth_down_minimum_kbps, 100000u) << "absent keeps MPSD's default";
  EXPECT_FALSE(p2h.peer_to_host->bandwidth_up_minimum_kbps.has_value());
}

TEST(QosRequirementsTest, PeerToHost_DefaultsAndMetricInAnyCase) {
  auto defaults = InputFor({{"peerToHostRequirements", json::object()}});
  ASSERT_TRUE(defaults.peer_to_host.has_value());
  EXPECT_EQ(defaults.peer_to_host->latency_maximum_ms, 250u);
  EXPECT_EQ(defaults.peer_to_host->bandwidth_down_minimum_kbps, 100000u);
  EXPECT_EQ(defaults.peer_to_host->bandwidth_up_minimum_kbps, 1000u);
  EXPECT_EQ(defaults.peer_to_host->host_selection_metric, mp::HostSelectionMetric::kLatency);

  auto parsed = InputFor(json::parse(
      R"({"peerToHostRequirements": {"latencyMaximum": 100, "bandwidthDownMinimum": 300, "bandwidthUpMinimum": 200,
          "hostSelectionMetric": "BandwidthUp"}})"));
  ASSERT_TRUE(parsed.peer_to_host.has_value());
  EXPECT_EQ(parsed.peer_to_host->latency_maximum_ms, 100u);
  EXPECT_EQ(parsed.peer_to_host->bandwidth_down_minimum_kbps, 300u);
  EXPECT_EQ(parsed.peer_to_host->bandwidth_up_minimum_kbps, 200u);
  EXPECT_EQ(parsed.peer_to_host->host_selection_metric, mp::HostSelectionMetric::kBandwidthUp);
  EXPECT_EQ(mp::ToString(parsed.peer_to_host->host_selection_metric), "bandwidthup");
}

// The session model reports a bad requirement as malformed JSON at its path; the session is not read.
TEST(QosRequirementsTest, BadValues_FailTheSessionReadNamingTheField) {
  auto negative = ParseRequirements(json::parse(R"({"peerToPeerRequirements": {"latencyMaximum": -1}})"));
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().code, ErrorCode::kMalformedJson);
  EXPECT_NE(negative.error().message.find("peerToPeerRequirements/latencyMaximum"), std::string::npos)
      << negative.error().message;

  auto text = ParseRequirements(json::parse(R"({"peerToHostRequirements": {"bandwidthUpMinimum": "fast"}})"));
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.error().message.find("bandwidthUpMinimum"), std::string::npos);

  auto metric = ParseRequirements(json::parse(R"({"peerToHostRequirements": {"hostSelectionMetric": 5}})"));
  ASSERT_FALSE(metric.ok());
  EXPECT_NE(metric.error().message.find("hostSelectionMetric"), std::string::npos);

  EXPECT_FALSE(ParseRequirements({{"peerToPeerRequirements", json::array()}}).ok());
  EXPECT_FALSE(ParseRequirements({{"peerToHostRequirements", "fast"}}).ok());
}

// MPSD refuses other metric names when the session is written; one read anyway is never taken for
// a real metric, and the evaluator then ranks candidates by latency, MPSD's default.
TEST(QosRequirementsTest, UnknownHostSelectionMetric_IsUnknownAndCandidatesRankByLatency) {
  auto input = InputFor(json::parse(R"({"peerToHostRequirements": {"latencyMaximum": 100,
      "bandwidthDownMinimum": null, "bandwidthUpMinimum": null, "hostSelectionMetric": "jitter"}})"));
  ASSERT_TRUE(input.peer_to_host.has_value());
  EXPECT_EQ(input.peer_to_host->host_selection_metric, mp::HostSelectionMetric::kUnknown);

  EvaluationMember a;
  a.member_index = 0;
  a.device_token = "a";
  a.measurements = {{"b", 40, 9000, 9000, nullptr}};
  EvaluationMember b;
  b.member_index = 1;
  b.device_token = "b";
  b.measurements = {{"a", 20, 10, 10, nullptr}};
  input.members = {a, b};
  auto result = EvaluateInitialization(input);
  EXPECT_EQ(result.host_candidates, (std::vector<std::string>{"a", "b"}))
      << "b reaches a in 20 ms, a reaches b in 40; bandwidth would have put b first";
}

}  // namespace
}  // namespace xbl::qos
