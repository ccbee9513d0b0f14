#include "xbl/qos/qos_requirements.h"

#include <gtest/gtest.h>

namespace xbl::qos {
namespace {

using nlohmann::json;

TEST(QosRequirementsTest, PeerToPeer_AbsentFieldsTakeMpsdDefaults) {
  auto parsed = ParsePeerToPeerRequirements(json::object());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->latency_maximum_ms, 250u);
  EXPECT_EQ(parsed->bandwidth_minimum_kbps, 10000u);
}

TEST(QosRequirementsTest, PeerToPeer_ReadsGivenValues) {
  auto parsed = ParsePeerToPeerRequirements(json::parse(R"({"latencyMaximum": 80, "bandwidthMinimum": 512})"));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->latency_maximum_ms, 80u);
  EXPECT_EQ(parsed->bandwidth_minimum_kbps, 512u);
}

TEST(QosRequirementsTest, NullThresholdsAreEmptyMeaningNoRequirement) {
  auto p2p = ParsePeerToPeerRequirements(json::parse(R"({"latencyMaximum": 80, "bandwidthMinimum": null})"));
  ASSERT_TRUE(p2p.ok());
  EXPECT_EQ(p2p->latency_maximum_ms, 80u);
  EXPECT_FALSE(p2p->bandwidth_minimum_kbps.has_value());
  auto p2h = ParsePeerToHostRequirements(json::parse(R"({"latencyMaximum": null, "bandwidthUpMinimum": null})"));
  ASSERT_TRUE(p2h.ok());
  EXPECT_FALSE(p2h->latency_maximum_ms.has_value());
  EXPECT_EQ(p2h->bandwidth_down_minimum_kbps, 100000u) << "absent keeps MPSD's default";
  EXPECT_FALSE(p2h->bandwidth_up_minimum_kbps.has_value());
}

TEST(QosRequirementsTest, PeerToHost_DefaultsAndMetricInAnyCase) {
  auto defaults = ParsePeerToHostRequirements(json::object());
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->latency_maximum_ms, 250u);
  EXPECT_EQ(defaults->bandwidth_down_minimum_kbps, 100000u);
  EXPECT_EQ(defaults->bandwidth_up_minimum_kbps, 1000u);
  EXPECT_EQ(defaults->host_selection_metric, HostSelectionMetric::kLatency);

  auto parsed = ParsePeerToHostRequirements(json::parse(
      R"({"latencyMaximum": 100, "bandwidthDownMinimum": 300, "bandwidthUpMinimum": 200,
          "hostSelectionMetric": "BandwidthUp"})"));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->latency_maximum_ms, 100u);
  EXPECT_EQ(parsed->bandwidth_down_minimum_kbps, 300u);
  EXPECT_EQ(parsed->bandwidth_up_minimum_kbps, 200u);
  EXPECT_EQ(parsed->host_selection_metric, HostSelectionMetric::kBandwidthUp);
  EXPECT_STREQ(ToString(parsed->host_selection_metric), "bandwidthup");
}

TEST(QosRequirementsTest, BadValues_AreInvalidArgumentNamingTheField) {
  auto negative = ParsePeerToPeerRequirements(json::parse(R"({"latencyMaximum": -1})"));
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(negative.error().message.find("latencyMaximum"), std::string::npos);

  auto text = ParsePeerToHostRequirements(json::parse(R"({"bandwidthUpMinimum": "fast"})"));
  ASSERT_FALSE(text.ok());
  EXPECT_NE(text.error().message.find("bandwidthUpMinimum"), std::string::npos);

  auto metric = ParsePeerToHostRequirements(json::parse(R"({"hostSelectionMetric": "jitter"})"));
  ASSERT_FALSE(metric.ok());
  EXPECT_NE(metric.error().message.find("hostSelectionMetric"), std::string::npos);

  EXPECT_FALSE(ParsePeerToPeerRequirements(json::array()).ok());
  EXPECT_FALSE(ParsePeerToHostRequirements(json()).ok());
}

}  // namespace
}  // namespace xbl::qos
