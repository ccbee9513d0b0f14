// Protocol §4.10 and §3.11: member initialization and QoS.
#include "conformance_fixture.h"

namespace xbl::conformance {
namespace {

class Initialization : public ConformanceTest {
 protected:
  Json TwoReservations() {
    return Json{{"members",
                 {{"reserve_0", {{"constants", {{"system", {{"xuid", "1001"}, {"initialize", true}}}}}}},
                  {"reserve_1", {{"constants", {{"system", {{"xuid", "1002"}, {"initialize", true}}}}}}}}}};
  }
  Json JoinWithAddress(std::string const& xuid, std::string const& sda) {
    Json body = JoinBody(xuid);
    body["members"]["me"]["properties"]["system"]["secureDeviceAddress"] = sda;
    return body;
  }
  Json Measurements(Json m) { return Json{{"members", {{"me", {{"properties", {{"system", {{"measurements", m}}}}}}}}}}; }
  // Creates `tmpl/name` with A and B reserved, both join with addresses; returns their device tokens.
  std::pair<std::string, std::string> StartMeasuring(std::string const& tmpl, std::string const& name) {
    auto created = Put(kSrv, SessionPath(tmpl, name), TwoReservations());
    EXPECT_EQ(created.status, 201) << created.body;
    auto a = Put(kA, SessionPath(tmpl, name), JoinWithAddress("1001", "AAAA"));
    auto b = Put(kB, SessionPath(tmpl, name), JoinWithAddress("1002", "BBBB"));
    EXPECT_EQ(b.status, 200) << b.body;
    Json s = b.JsonBody();
    return {s["members"]["0"]["deviceToken"], s["members"]["1"]["deviceToken"]};
  }
  Json Link(int latency, int down, int up) { return Json{{"latency", latency}, {"bandwidthDown", down}, {"bandwidthUp", up}}; }
};

TEST_F(Initialization, Conformance_4_10_90_CreateStartsEpisodeOneInJoining) {
  auto r = Put(kSrv, SessionPath("init", "i1"), TwoReservations());
  ASSERT_EQ(r.status, 201) << r.body;
  Json s = r.JsonBody();
  EXPECT_EQ(s["initializing"]["stage"], "joining");
  EXPECT_EQ(s["initializing"]["episode"], 1);
  EXPECT_TRUE(s["initializing"].contains("stageStartTime"));
  EXPECT_EQ(s["members"]["0"]["initializationEpisode"], 1);
  EXPECT_EQ(s["members"]["1"]["initializationEpisode"], 1);
}

TEST_F(Initialization, Conformance_4_10_91_TooFewInitializingMembersReturns400) {
  Json body = {{"members", {{"reserve_0", {{"constants", {{"system", {{"xuid", "1001"}, {"initialize", true}}}}}}}}}};
  auto r = Put(kSrv, SessionPath("init", "i1"), body);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, "This session is configured for managed initialization requiring at least 2 members to start.");
}

TEST_F(Initialization, Conformance_4_10_92_AllJoinedMovesToMeasuring) {
  StartMeasuring("init", "i1");
  EXPECT_EQ(Get(kA, SessionPath("init", "i1")).JsonBody()["initializing"]["stage"], "measuring");
}

TEST_F(Initialization, Conformance_4_10_94_MissingMeasurementsFailWithTimeout) {
  auto tokens = StartMeasuring("init", "i1");
  ASSERT_EQ(Put(kA, SessionPath("init", "i1"), Measurements({{tokens.second, Link(100, 20000, 20000)}})).status, 200);
  Advance(15000);
  Json s = Get(kA, SessionPath("init", "i1")).JsonBody();
  EXPECT_EQ(s["members"]["1"]["initializationFailure"], "timeout");
  EXPECT_EQ(s["members"]["0"]["initializationFailure"], "episode");
  EXPECT_EQ(s["initializing"]["stage"], "failed");
}

TEST_F(Initialization, Conformance_4_10_96_GoodMeasurementsCompleteTheEpisode) {
  auto tokens = StartMeasuring("init", "i1");
  Put(kA, SessionPath("init", "i1"), Measurements({{tokens.second, Link(100, 20000, 20000)}}));
  auto r = Put(kB, SessionPath("init", "i1"), Measurements({{tokens.first, Link(90, 20000, 20000)}}));
  ASSERT_EQ(r.status, 200);
  Json s = r.JsonBody();
  EXPECT_FALSE(s.contains("initializing"));
  EXPECT_FALSE(s["members"]["0"].contains("initializationEpisode"));
  EXPECT_FALSE(s["members"]["1"].contains("initializationEpisode"));
  EXPECT_FALSE(s["members"]["0"].contains("initializationFailure"));
}

TEST_F(Initialization, LatencyOverMaximumFailsWithLatency) {
  auto tokens = StartMeasuring("init", "i1");
  Put(kA, SessionPath("init", "i1"), Measurements({{tokens.second, Link(400, 20000, 20000)}}));
  Json s = Put(kB, SessionPath("init", "i1"), Measurements({{tokens.first, Link(90, 20000, 20000)}})).JsonBody();
  EXPECT_EQ(s["members"]["0"]["initializationFailure"], "latency");
  EXPECT_EQ(s["initializing"]["stage"], "failed");
}

TEST_F(Initialization, Conformance_4_10_97_ExternalEvaluationDecision) {
  auto tokens = StartMeasuring("initx", "x1");
  Put(kA, SessionPath("initx", "x1"), Measurements({{tokens.second, Link(100, 20000, 20000)}}));
  auto m = Put(kB, SessionPath("initx", "x1"), Measurements({{tokens.first, Link(90, 20000, 20000)}}));
  ASSERT_EQ(m.JsonBody()["initializing"]["stage"], "evaluating");
  auto r = Put(kA, SessionPath("initx", "x1"), Json{{"properties", {{"system", {{"initializationSucceeded", true}}}}}});
  ASSERT_EQ(r.status, 200);
  EXPECT_FALSE(r.JsonBody().contains("initializing"));
  EXPECT_FALSE(r.JsonBody()["properties"]["system"].contains("initializationSucceeded"));
}

TEST_F(Initialization, EvaluationTimeoutWithoutDecisionFails) {
  auto tokens = StartMeasuring("initx", "x1");
  Put(kA, SessionPath("initx", "x1"), Measurements({{tokens.second, Link(100, 20000, 20000)}}));
  Put(kB, SessionPath("initx", "x1"), Measurements({{tokens.first, Link(90, 20000, 20000)}}));
  Advance(5000);
  Json s = Get(kA, SessionPath("initx", "x1")).JsonBody();
  EXPECT_EQ(s["initializing"]["stage"], "failed");
  EXPECT_EQ(s["members"]["0"]["initializationFailure"], "episode");
}

TEST_F(Initialization, Conformance_4_10_99_EvaluationTimeoutNeedsExternalEvaluation) {
  auto with = [](bool external) {
    Json body = JoinBody("1001");
    body["members"]["me"]["constants"]["system"]["initialize"] = true;  // managed initialization needs one
    body["constants"] = {{"system", {{"memberInitialization", {{"externalEvaluation", external}, {"evaluationTimeout", 5000}}}}}};
    return body;
  };
  // The same body with externalEvaluation on is accepted, so the refusal below is this rule's.
  auto accepted = Put(kA, SessionPath("dyn", "d0"), with(true));
  EXPECT_EQ(accepted.status, 201) << accepted.body;
  auto refused = Put(kA, SessionPath("dyn", "d1"), with(false));
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("evaluationTimeout can only be set if externalEvaluation is true"), std::string::npos)
      << refused.body;
  EXPECT_EQ(Get(kA, SessionPath("dyn", "d1")).status, 204);
}

TEST_F(Initialization, Conformance_4_10_101_HostCandidatesOrderedByLatency) {
  auto tokens = StartMeasuring("p2h", "h1");
  Put(kA, SessionPath("p2h", "h1"), Measurements({{tokens.second, Link(50, 5000, 500)}}));
  auto r = Put(kB, SessionPath("p2h", "h1"), Measurements({{tokens.first, Link(100, 5000, 500)}}));
  Json s = r.JsonBody();
  EXPECT_FALSE(s.contains("initializing"));
  ASSERT_TRUE(s.contains("hostCandidates"));
  EXPECT_EQ(s["hostCandidates"], (Json{tokens.second, tokens.first}));
  auto host = Put(kA, SessionPath("p2h", "h1"), Json{{"properties", {{"system", {{"host", tokens.first}}}}}});
  EXPECT_EQ(host.JsonBody()["properties"]["system"]["host"], tokens.first);
  EXPECT_FALSE(host.JsonBody().contains("hostCandidates"));
}

TEST_F(Initialization, Conformance_4_10_103_NoRequirementsSkipsMeasuring) {
  Json body = {{"constants", {{"system", {{"memberInitialization", {{"membersNeededToStart", 1}}}}}}},
               {"members", {{"reserve_0", {{"constants", {{"system", {{"xuid", "1001"}, {"initialize", true}}}}}}}}}};
  auto created = Put(kSrv, SessionPath("dyn", "d1"), body);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.JsonBody()["initializing"]["stage"], "joining");
  auto joined = Put(kA, SessionPath("dyn", "d1"), JoinBody("1001"));
  ASSERT_EQ(joined.status, 200);
  EXPECT_FALSE(joined.JsonBody().contains("initializing"));
  EXPECT_FALSE(joined.JsonBody()["members"]["0"].contains("initializationEpisode"));
}

TEST_F(Initialization, GroupMemberFailurePropagates) {
  Json body = TwoReservations();
  body["members"]["reserve_2"] = {{"constants", {{"system", {{"xuid", "1003"}, {"initialize", true}}}}}};
  ASSERT_EQ(Put(kSrv, SessionPath("init", "g1"), body).status, 201);
  Json group = JoinWithAddress("1001", "AAAA");
  group["members"]["me"]["properties"]["system"]["initializationGroup"] = {2};
  ASSERT_EQ(Put(kA, SessionPath("init", "g1"), group).status, 200);
  ASSERT_EQ(Put(kB, SessionPath("init", "g1"), JoinWithAddress("1002", "BBBB")).status, 200);
  Advance(20000);  // C never joins: removed at the end of joining, so A fails with "group"
  Json s = Get(kSrv, SessionPath("init", "g1")).JsonBody();
  EXPECT_FALSE(s["members"].contains("2"));
  EXPECT_EQ(s["members"]["0"]["initializationFailure"], "group");
  EXPECT_EQ(s["initializing"]["stage"], "failed");  // only B passes: below membersNeededToStart 2
}

}  // namespace
}  // namespace xbl::conformance
