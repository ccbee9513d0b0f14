#include "xbl/qos/qos_measurements.h"

#include <gtest/gtest.h>

namespace xbl::qos {
namespace {

using nlohmann::json;

QosTargetResult Peer(std::string token, QosStatus status, std::optional<double> latency,
                     std::optional<std::uint64_t> down = {}, std::optional<std::uint64_t> up = {}) {
  QosTargetResult result;
  result.target = QosTarget::Peer(std::move(token), "");
  result.status = status;
  result.latency_ms = latency;
  result.bandwidth_down_kbps = down;
  result.bandwidth_up_kbps = up;
  return result;
}

QosTargetResult Server(std::string connection, QosStatus status, std::optional<double> latency) {
  QosTargetResult result;
  result.target = QosTarget::Server(std::move(connection), "");
  result.status = status;
  result.latency_ms = latency;
  return result;
}

TEST(QosMeasurementsTest, Measurements_KeyedByLowerCaseTokenWithMeasuredMetricsOnly) {
  auto out = MakeMeasurementsJson({Peer("ABCDEF", QosStatus::kOk, 42.4, 20000, 5000),
                                   Peer("b2", QosStatus::kOk, 17.6)},
                                  "own");
  EXPECT_EQ(out, json::parse(R"({"abcdef": {"latency": 42, "bandwidthDown": 20000, "bandwidthUp": 5000},
                                 "b2": {"latency": 18}})"));
}

TEST(QosMeasurementsTest, Measurements_NeverContainTheMembersOwnToken) {
  auto out = MakeMeasurementsJson({Peer("Mine", QosStatus::kOk, 1.0), Peer("other", QosStatus::kOk, 5.0)}, "mINE");
  EXPECT_FALSE(out.contains("mine"));
  EXPECT_FALSE(out.contains("Mine"));
  EXPECT_TRUE(out.contains("other"));
}

TEST(QosMeasurementsTest, Measurements_UnmeasuredPeerGetsAnEmptyEntry) {
  auto timed_out = Peer("late", QosStatus::kTimeout, 900.0);  // one stray reply is not a result
  auto out = MakeMeasurementsJson({timed_out, Peer("gone", QosStatus::kUnreachable, std::nullopt)}, "own");
  EXPECT_EQ(out, json::parse(R"({"late": {}, "gone": {}})"));
}

TEST(QosMeasurementsTest, Measurements_IgnoreServersAndServerMeasurementsIgnorePeers) {
  std::vector<QosTargetResult> results = {Peer("peer", QosStatus::kOk, 10.0),
                                          Server("Server-East", QosStatus::kOk, 31.5)};
  EXPECT_EQ(MakeMeasurementsJson(results, "own"), json::parse(R"({"peer": {"latency": 10}})"));
  EXPECT_EQ(MakeServerMeasurementsJson(results), json::parse(R"({"Server-East": {"latency": 32}})"));
}

TEST(QosMeasurementsTest, ServerMeasurements_AreEmptyObjectWhenNoneCompleted) {
  auto out = MakeServerMeasurementsJson({Server("a", QosStatus::kTimeout, std::nullopt),
                                         Server("b", QosStatus::kCancelled, std::nullopt)});
  EXPECT_TRUE(out.is_object());
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(MakeServerMeasurementsJson({}).dump(), "{}");
}

TEST(QosMeasurementsTest, MemberMeasurements_OnePerDeviceLaterResultWinsNeverTheOwnDevice) {
  auto out = MakeMemberMeasurements({Peer("AbC", QosStatus::kTimeout, std::nullopt), Peer("own", QosStatus::kOk, 3.0),
                                     Peer("abc", QosStatus::kOk, 41.5, 900, 800), Peer("d", QosStatus::kOk, 7.2)},
                                    "OWN");
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].device_token, "abc");
  EXPECT_EQ(out[0].latency_ms, std::optional<std::uint32_t>(42)) << "the later, measured result for the same device";
  EXPECT_EQ(out[0].bandwidth_down_kbps, std::optional<std::uint64_t>(900));
  EXPECT_EQ(out[0].bandwidth_up_kbps, std::optional<std::uint64_t>(800));
  EXPECT_EQ(out[1].device_token, "d");
  EXPECT_EQ(out[1].latency_ms, std::optional<std::uint32_t>(7));
  EXPECT_FALSE(out[1].bandwidth_down_kbps.has_value());
}

}  // namespace
}  // namespace xbl::qos
