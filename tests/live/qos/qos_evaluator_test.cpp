#include "xbl/qos/qos_evaluator.h"

#include "live/qos/qos_test_support.h"

#include <gtest/gtest.h>

namespace xbl::multiplayer {
void PrintTo(InitializationFailure failure, std::ostream* os) { *os << ToString(failure); }
}  // namespace xbl::multiplayer

namespace xbl::qos {
namespace {

using nlohmann::json;
namespace mp = xbl::multiplayer;
using F = mp::InitializationFailure;
using mp::HostSelectionMetric;
using mp::PeerToHostRequirements;
using mp::PeerToPeerRequirements;

// `measurements` as the session model reads them from an uploaded member record.
std::vector<mp::MemberMeasurement> ReadMeasurements(char const* measurements) {
  auto document = testing::Document(
      {{"0", testing::Member("1", "tok", "", {{"measurements", json::parse(measurements)}})}}, json::object());
  auto session = testing::ParseAs(document, "1");
  if (session.members().size() != 1) {
    ADD_FAILURE() << "the session model did not read " << measurements;
    return {};
  }
  return session.members()[0].measurements;
}

EvaluationMember Member(int index, std::string token, char const* measurements, std::vector<int> group = {}) {
  EvaluationMember m;
  m.member_index = index;
  m.device_token = std::move(token);
  if (measurements != nullptr) m.measurements = ReadMeasurements(measurements);
  m.initialization_group = std::move(group);
  return m;
}

std::optional<F> FailureOf(EvaluationResult const& result, int index) {
  for (auto const& m : result.members) {
    if (m.member_index == index) return m.failure;
  }
  ADD_FAILURE() << "no member " << index;
  return F::kUnknown;
}

PeerToPeerRequirements P2p(std::optional<std::uint32_t> latency, std::optional<std::uint64_t> bandwidth) {
  PeerToPeerRequirements r;
  r.latency_maximum_ms = latency;
  r.bandwidth_minimum_kbps = bandwidth;
  return r;
}

PeerToHostRequirements P2h(std::uint32_t latency, std::uint64_t down, std::uint64_t up,
                           HostSelectionMetric metric = HostSelectionMetric::kLatency) {
  PeerToHostRequirements r;
  r.latency_maximum_ms = latency;
  r.bandwidth_down_minimum_kbps = down;
  r.bandwidth_up_minimum_kbps = up;
  r.host_selection_metric = metric;
  return r;
}

TEST(QosEvaluatorTest, PeerToPeer_AllPairsWithinLimits_NobodyFails) {
  EvaluationInput in;
  in.peer_to_peer = P2p(100, 1000);
  in.members = {Member(0, "A", R"({"b": {"latency": 30, "bandwidthDown": 5000, "bandwidthUp": 5000}})"),
                Member(1, "B", R"({"A": {"latency": 35, "bandwidthDown": 5000, "bandwidthUp": 5000}})")};
  auto result = EvaluateInitialization(in);
  EXPECT_EQ(FailureOf(result, 0), std::nullopt);
  EXPECT_EQ(FailureOf(result, 1), std::nullopt);
  EXPECT_TRUE(result.host_candidates.empty());
  EXPECT_TRUE(result.episode_succeeded);
}

TEST(QosEvaluatorTest, PeerToPeer_ViolationsFailTheMeasuringMemberByPrecedence) {
  EvaluationInput in;
  in.peer_to_peer = P2p(100, 1000);
  in.members = {
      Member(0, "a", R"({"b": {"latency": 150, "bandwidthDown": 10}, "c": {"latency": 10}})"),  // latency beats down
      Member(1, "b", R"({"a": {"latency": 10, "bandwidthUp": 10}, "c": {"latency": 10}})"),    // up
      Member(2, "c", R"({"a": {"latency": 10}})"),                                            // b missing: network
      Member(3, "d", nullptr),                                                                // never uploaded
  };
  auto result = EvaluateInitialization(in);
  EXPECT_EQ(FailureOf(result, 0), F::kLatency);
  EXPECT_EQ(FailureOf(result, 1), F::kBandwidthUp) << "d timed out, so b needs no entry for d";
  EXPECT_EQ(FailureOf(result, 2), F::kNetwork);
  EXPECT_EQ(FailureOf(result, 3), F::kTimeout);
}

TEST(QosEvaluatorTest, PeerToPeer_MissingRequiredBandwidthIsNetwork) {
  EvaluationInput in;
  in.peer_to_peer = P2p(100, 1000);
  in.members = {Member(0, "a", R"({"b": {"latency": 20, "bandwidthUp": 500}})"),
                Member(1, "b", R"({"a": {"latency": 20}})")};
  auto result = EvaluateInitialization(in);
  EXPECT_EQ(FailureOf(result, 0), F::kBandwidthUp) << "bandwidthup outranks the network code of its missing down";
  EXPECT_EQ(FailureOf(result, 1), F::kNetwork);
}

TEST(QosEvaluatorTest, PeerToPeer_NullThresholdRequiresNothingOfThatMetric) {
  EvaluationInput in;
  in.peer_to_peer = P2p(100, std::nullopt);
  in.members = {Member(0, "a", R"({"b": {"latency": 20, "bandwidthUp": 5}})"),
                Member(1, "b", R"({"a": {"latency": 20}})")};
  auto result = EvaluateInitialization(in);
  EXPECT_EQ(FailureOf(result, 0), std::nullopt);
  EXPECT_EQ(FailureOf(result, 1), std::nullopt);
}

TEST(QosEvaluatorTest, PeerToHost_NullThresholdRequiresNothingOfThatMetric) {
  EvaluationInput in;
  PeerToHostRequirements r = P2h(100, 1000, 1000);
  r.bandwidth_down_minimum_kbps.reset();
  r.bandwidth_up_minimum_kbps.reset();
  in.peer_to_host = r;
  in.members = {Member(0, "a", R"({"b": {"latency": 20}})"), Member(1, "b", R"({"a": {"latency": 30}})")};
  auto result = EvaluateInitialization(in);
  EXPECT_EQ(FailureOf(result, 0), std::nullopt);
  EXPECT_EQ(FailureOf(result, 1), std::nullopt);
  EXPECT_EQ(result.host_candidates, (std::vector<std::string>{"b", "a"})) << "a reaches b in 20 ms, b reaches a in 30";
}

TEST(QosEvaluatorTest, PeerToPeer_PeerWithoutDeviceToken_IsNetworkForTheOthers) {
  EvaluationInput in;
  in.peer_to_peer = P2p(100, std::nullopt);
  in.members = {Member(0, "a", R"({})"), Member(1, "", R"({"a": {"latency": 5}})")};
  auto result = EvaluateInitialization(in);
  EXPECT_EQ(FailureOf(result, 0), F::kNetwork);
  EXPECT_EQ(FailureOf(result, 1), std::nullopt);
}

TEST(QosEvaluatorTest, RequiredServerMeasurements_MissingIsTimeout) {
  EvaluationInput in;
  in.requires_server_measurements = true;
  EvaluationMember m = Member(0, "a", nullptr);
  m.server_measurements = json::parse(R"({"east": {"latency": 20}})");
  in.members = {m, Member(1, "b", nullptr)};
  auto result = EvaluateInitialization(in);
  EXPECT_EQ(FailureOf(result, 0), std::nullopt);
  EXPECT_EQ(FailureOf(result, 1), F::kTimeout);
}

TEST(QosEvaluatorTest, Group_PropagatesUntilStable) {
  EvaluationInput in;
  in.peer_to_peer = P2p(100, std::nullopt);
  in.members = {Member(0, "a", R"({"b": {"latency": 500}, "c": {"latency": 5}})"),
                Member(1, "b", R"({"a": {"latency": 5}, "c": {"latency": 5}})", {0}),
                Member(2, "c", R"({"a": {"latency": 5}, "b": {"latency": 5}})", {1})};
  auto result = EvaluateInitialization(in);
  EXPECT_EQ(FailureOf(result, 0), F::kLatency);
  EXPECT_EQ(FailureOf(result, 1), F::kGroup);
  EXPECT_EQ(FailureOf(result, 2), F::kGroup) << "c's group holds b, which failed through its own group";
}

TEST(QosEvaluatorTest, Group_NamingARemovedMemberFails_NamingAnotherSessionMemberDoesNot) {
  EvaluationInput in;
  in.members = {Member(0, "a", nullptr, {0, 7}), Member(1, "b", nullptr, {1, 5}), Member(2, "c", nullptr, {2, 0})};
  in.other_member_indices = {5};  // in the session but not in this episode; 7 has left
  auto result = EvaluateInitialization(in);
  EXPECT_EQ(FailureOf(result, 0), F::kGroup) << "index 7 is no longer in the session";
  EXPECT_EQ(FailureOf(result, 1), std::nullopt) << "index 5 is a member outside the episode";
  EXPECT_EQ(FailureOf(result, 2), F::kGroup) << "c's group holds a, which failed through its own group";
}

TEST(QosEvaluatorTest, MemberThatFailedBeforeMeasuring_KeepsItsCodeAndIsNotMeasured) {
  EvaluationInput in;
  in.peer_to_peer = P2p(100, std::nullopt);
  EvaluationMember early = Member(0, "a", nullptr);  // failed at joining, so never uploaded
  early.failure = F::kGroup;
  in.members = {early, Member(1, "b", R"({"c": {"latency": 5}})"), Member(2, "c", R"({"b": {"latency": 5}})")};
  auto result = EvaluateInitialization(in);
  EXPECT_EQ(FailureOf(result, 0), F::kGroup) << "not timeout: it was not asked to measure";
  EXPECT_EQ(FailureOf(result, 1), std::nullopt) << "b needs no entry for a";
  EXPECT_EQ(FailureOf(result, 2), std::nullopt);
}

TEST(QosEvaluatorTest, RequirementsWithEveryThresholdNull_NeedNoUploads) {
  EvaluationInput in;
  in.peer_to_peer = P2p(std::nullopt, std::nullopt);
  in.members = {Member(0, "a", nullptr), Member(1, "b", nullptr)};
  auto result = EvaluateInitialization(in);
  EXPECT_EQ(FailureOf(result, 0), std::nullopt) << "nothing is in force, so nothing is measured";
  EXPECT_EQ(FailureOf(result, 1), std::nullopt);
}

TEST(QosEvaluatorTest, PeerToHost_MembersOnTheHostsDeviceAreNotJudgedAgainstIt) {
  EvaluationInput in;
  in.peer_to_host = P2h(100, 1000, 1000);
  json const fast = {{"latency", 10}, {"bandwidthDown", 5000}, {"bandwidthUp", 5000}};
  in.members = {Member(0, "d1", json{{"d2", fast}}.dump().c_str()), Member(1, "d1", json{{"d2", fast}}.dump().c_str()),
                Member(2, "d2", json{{"d1", fast}}.dump().c_str())};
  auto result = EvaluateInitialization(in);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(FailureOf(result, i), std::nullopt) << "member " << i;
  EXPECT_EQ(result.host_candidates, (std::vector<std::string>{"d1", "d2"})) << "each device once";
}

TEST(QosEvaluatorTest, PeerToHost_CandidatesAreListedInEpisodeOneOnly) {
  EvaluationInput in;
  in.peer_to_host = P2h(100, 1000, 1000);
  in.episode = 2;
  json const fast = {{"latency", 10}, {"bandwidthDown", 5000}, {"bandwidthUp", 5000}};
  in.members = {Member(0, "a", json{{"b", fast}}.dump().c_str()), Member(1, "b", json{{"a", fast}}.dump().c_str())};
  auto result = EvaluateInitialization(in);
  EXPECT_EQ(FailureOf(result, 0), std::nullopt);
  EXPECT_TRUE(result.host_candidates.empty());
}

TEST(QosEvaluatorTest, TooFewPassing_FailsTheEpisodeForTheRest) {
  EvaluationInput in;
  in.peer_to_peer = P2p(100, 1000);
  in.members_needed_to_start = 2;
  in.members = {Member(0, "a", R"({"b": {"latency": 100, "bandwidthDown": 20000, "bandwidthUp": 20000}})"),
                Member(1, "b", nullptr)};  // protocol §4 #94
  auto result = EvaluateInitialization(in);
  EXPECT_FALSE(result.episode_succeeded);
  EXPECT_EQ(FailureOf(result, 0), F::kEpisode);
  EXPECT_EQ(FailureOf(result, 1), F::kTimeout);
}

TEST(QosEvaluatorTest, PeerToHost_CandidatesAreEligibleDevicesByAscendingWorstLatency) {
  EvaluationInput in;
  in.peer_to_host = P2h(100, 1000, 500);
  char const* good = R"("bandwidthDown": 5000, "bandwidthUp": 5000)";
  auto entry = [&](int latency) { return "{\"latency\": " + std::to_string(latency) + ", " + good + "}"; };
  std::string a = "{\"b\": " + entry(40) + ", \"c\": " + entry(20) + ", \"d\": " + entry(150) + "}";
  std::string b = "{\"a\": " + entry(40) + ", \"c\": " + entry(30) + ", \"d\": " + entry(10) + "}";
  std::string c = "{\"a\": " + entry(20) + ", \"b\": " + entry(60) + ", \"d\": " + entry(10) + "}";
  std::string d = "{\"a\": " + entry(90) + ", \"b\": " + entry(10) + ", \"c\": " + entry(10) + "}";
  in.members = {Member(0, "A", a.c_str()), Member(1, "B", b.c_str()), Member(2, "C", c.c_str()),
                Member(3, "D", d.c_str())};
  auto result = EvaluateInitialization(in);
  // Worst latency to each host: A 90, B 60, C 30, D 150 (over the limit: not eligible).
  EXPECT_EQ(result.host_candidates, (std::vector<std::string>{"C", "B", "A"}));
  for (int i = 0; i < 4; ++i) EXPECT_EQ(FailureOf(result, i), std::nullopt) << i;
}

TEST(QosEvaluatorTest, PeerToHost_BandwidthMetricOrdersByDescendingWorstBandwidth) {
  EvaluationInput in;
  in.peer_to_host = P2h(250, 100, 100, HostSelectionMetric::kBandwidthDown);
  in.members = {
      Member(0, "a", R"({"b": {"latency": 10, "bandwidthDown": 900, "bandwidthUp": 900},
                         "c": {"latency": 10, "bandwidthDown": 3000, "bandwidthUp": 200}})"),
      Member(1, "b", R"({"a": {"latency": 10, "bandwidthDown": 500, "bandwidthUp": 900},
                         "c": {"latency": 10, "bandwidthDown": 2000, "bandwidthUp": 900}})"),
      Member(2, "c", R"({"a": {"latency": 10, "bandwidthDown": 700, "bandwidthUp": 900},
                         "b": {"latency": 10, "bandwidthDown": 800, "bandwidthUp": 900}})")};
  auto result = EvaluateInitialization(in);
  // Worst bandwidthDown to each host: a 500, b 800, c 2000.
  EXPECT_EQ(result.host_candidates, (std::vector<std::string>{"c", "b", "a"}));

  in.peer_to_host->host_selection_metric = HostSelectionMetric::kBandwidth;
  result = EvaluateInitialization(in);
  // Worst of min(down, up): a 500, b 800, c 200.
  EXPECT_EQ(result.host_candidates, (std::vector<std::string>{"b", "a", "c"}));
}

TEST(QosEvaluatorTest, PeerToHost_NoEligibleHost_FailsMembersThatFailEverywhere) {
  EvaluationInput in;
  in.peer_to_host = P2h(100, 1000, 1000);
  in.members = {
      Member(0, "a", R"({"b": {"latency": 500, "bandwidthDown": 5000, "bandwidthUp": 5000},
                         "c": {"latency": 50, "bandwidthDown": 10, "bandwidthUp": 5000}})"),
      Member(1, "b", R"({"a": {"latency": 50, "bandwidthDown": 5000, "bandwidthUp": 5000},
                         "c": {"latency": 50}})"),
      Member(2, "c", R"({"a": {"latency": 500, "bandwidthDown": 5000, "bandwidthUp": 5000},
                         "b": {"latency": 50, "bandwidthDown": 5000, "bandwidthUp": 5000}})")};
  auto result = EvaluateInitialization(in);
  EXPECT_TRUE(result.host_candidates.empty());
  EXPECT_EQ(FailureOf(result, 0), F::kBandwidthDown)
      << "fails to b (latency) and to c (bandwidthdown): the least severe of its per-device codes";
  EXPECT_EQ(FailureOf(result, 1), std::nullopt) << "passes against a";
  EXPECT_EQ(FailureOf(result, 2), std::nullopt) << "passes against b";
}

TEST(QosEvaluatorTest, PeerToHost_WithHostSet_JudgesOnlyConnectionsToThatHost) {
  EvaluationInput in;
  in.peer_to_host = P2h(100, 1000, 1000);
  in.host = "HOST";
  in.members = {Member(0, "host", R"({})"),
                Member(1, "b", R"({"host": {"latency": 20, "bandwidthDown": 5000, "bandwidthUp": 5000},
                                   "c": {"latency": 900}})"),
                Member(2, "c", R"({"host": {"latency": 20, "bandwidthDown": 5000, "bandwidthUp": 50}})"),
                Member(3, "d", R"({"b": {"latency": 1}})")};
  auto result = EvaluateInitialization(in);
  EXPECT_TRUE(result.host_candidates.empty());
  EXPECT_EQ(FailureOf(result, 0), std::nullopt);
  EXPECT_EQ(FailureOf(result, 1), std::nullopt);
  EXPECT_EQ(FailureOf(result, 2), F::kBandwidthUp);
  EXPECT_EQ(FailureOf(result, 3), F::kNetwork);
}

TEST(QosEvaluatorTest, NothingRequired_EveryMemberPassesTheUploadCheck) {
  EvaluationInput in;
  in.members = {Member(0, "a", nullptr), Member(1, "b", nullptr)};
  auto result = EvaluateInitialization(in);
  EXPECT_EQ(FailureOf(result, 0), std::nullopt);
  EXPECT_EQ(FailureOf(result, 1), std::nullopt);
  in.requires_measurements = true;
  result = EvaluateInitialization(in);
  EXPECT_EQ(FailureOf(result, 0), F::kTimeout);
}

TEST(QosEvaluatorTest, PeerToHost_HostNamingNoMember_JudgesNothingAndListsNoCandidates) {
  EvaluationInput in;
  in.peer_to_host = P2h(100, 1000, 1000);
  in.host = "ghost";
  in.members = {Member(0, "a", R"({"b": {"latency": 900}})"), Member(1, "b", R"({})")};
  auto result = EvaluateInitialization(in);
  EXPECT_TRUE(result.host_candidates.empty());
  EXPECT_EQ(FailureOf(result, 0), std::nullopt);
  EXPECT_EQ(FailureOf(result, 1), std::nullopt);
}

TEST(QosEvaluatorTest, FailureNames_MatchTheWire) {
  EXPECT_EQ(ToString(F::kTimeout), "timeout");
  EXPECT_EQ(ToString(F::kBandwidthDown), "bandwidthdown");
  EXPECT_EQ(ToString(F::kBandwidthUp), "bandwidthup");
  EXPECT_EQ(ToString(F::kNetwork), "network");
  EXPECT_EQ(ToString(F::kGroup), "group");
  EXPECT_EQ(ToString(F::kEpisode), "episode");
}

}  // namespace
}  // namespace xbl::qos
