// Protocol §3 rules that §4 does not list.
#include "conformance_fixture.h"

#include <chrono>

namespace xbl::conformance {
namespace {

class Section3 : public ConformanceTest {};

TEST_F(Section3, ElementGetReturnsElementOr204) {
  Create(kA, "1001", "open", "s1");
  Put(kSrv, SessionPath("open", "s1"), Json{{"servers", {{"x", {{"properties", {{"custom", {{"a", 1}}}}}}}}}});
  auto me = Get(kA, SessionPath("open", "s1") + "/members/me");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(me.JsonBody()["constants"]["system"]["xuid"], "1001");
  EXPECT_EQ(Get(kA, SessionPath("open", "s1") + "/members/0").JsonBody()["constants"]["system"]["xuid"], "1001");
  EXPECT_EQ(Get(kA, SessionPath("open", "s1") + "/members/5").status, 204);
  EXPECT_EQ(Get(kB, SessionPath("open", "s1") + "/members/me").status, 204);
  EXPECT_EQ(Get(kA, SessionPath("open", "s1") + "/servers/x").JsonBody()["properties"]["custom"]["a"], 1);
  EXPECT_EQ(Get(kA, SessionPath("open", "s1") + "/servers/y").status, 204);
  EXPECT_TRUE(Get(kA, SessionPath("open", "s1") + "/properties").JsonBody().contains("custom"));
  EXPECT_EQ(Get(kA, SessionPath("open", "none") + "/properties").status, 404);
}

TEST_F(Section3, EmptySessionMembersInfoHasNoFirst) {
  auto r = Put(kA, SessionPath("keep", "k1"), Json::object());
  ASSERT_EQ(r.status, 201);
  EXPECT_EQ(r.JsonBody()["membersInfo"], (Json{{"next", 0}, {"count", 0}, {"accepted", 0}}));
}

TEST_F(Section3, ServerWritesAnotherMembersProperties) {
  Create(kA, "1001", "open", "s1");
  auto r = Put(kSrv, SessionPath("open", "s1"), Json{{"members", {{"0", {{"properties", {{"custom", {{"rank", 3}}}}}}}}}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.JsonBody()["members"]["0"]["properties"]["custom"]["rank"], 3);
  EXPECT_EQ(Put(kSrv, SessionPath("open", "s1"), Json{{"members", {{"0", {{"constants", {{"custom", {{"x", 1}}}}}}}}}}).status,
            409);  // member constants only at join
}

TEST_F(Section3, LargeSessionRejectsSubscriptionsAndBroadcastNeedsLarge) {
  Create(kA, "1001", "large", "l1");
  Json sub = {{"members", {{"me", {{"properties", {{"system", {{"subscriptions", {{"g", {{"profile", "party"}}}}}}}}}}}}}};
  EXPECT_EQ(Put(kA, SessionPath("large", "l1"), sub).status, 400);
  Json body = JoinBody("1001");
  body["constants"] = {{"system", {{"capabilities", {{"broadcast", true}}}}}};
  EXPECT_EQ(Put(kA, SessionPath("dyn", "b1"), body).status, 400);
}

TEST_F(Section3, QosRequirementsNeedConnectivity) {
  Json body = JoinBody("1001");
  body["constants"] = {{"system", {{"peerToPeerRequirements", {{"latencyMaximum", 100}}}}}};
  EXPECT_EQ(Put(kA, SessionPath("dyn", "q1"), body).status, 400);
}

TEST_F(Section3, ReadRestrictionLocalHidesOpenSessionFromOtherDevices) {
  Create(kA, "1001", "open", "s1");
  ASSERT_EQ(Put(kA, SessionPath("open", "s1"),
                Json{{"properties", {{"system", {{"joinRestriction", "local"}, {"readRestriction", "local"}}}}}})
                .status,
            200);
  EXPECT_EQ(Get(kC, SessionPath("open", "s1")).status, 403);
  EXPECT_EQ(Get(kA2, SessionPath("open", "s1")).status, 200);
}

TEST_F(Section3, QueryVersionFilter) {
  Json v2 = JoinBody("1001");
  v2["constants"] = {{"system", {{"version", 2}}}};
  ASSERT_EQ(Put(kA, SessionPath("nocaps", "v2"), v2).status, 201);
  Create(kA, "1001", "open", "v1");
  auto q = [&](std::string const& query) {
    return Get(kA, "/serviceconfigs/" + std::string(kScid) + "/sessions?" + query).JsonBody()["results"].size();
  };
  EXPECT_EQ(q("xuid=1001"), 2u);
  EXPECT_EQ(q("xuid=1001&version=1"), 1u);
}

TEST_F(Section3, WrongFieldTypesInHandleRequestsReturn400) {
  EXPECT_EQ(Post(kA, "/handles", Json{{"version", 1}, {"type", 5}}).status, 400);
  EXPECT_EQ(Post(kA, "/handles/query", Json{{"type", {1, 2}}}).status, 400);
  EXPECT_EQ(Post(kA, "/handles", Json::array()).status, 400);
}

TEST_F(Section3, Contract105IsAcceptedAnd104RendersGroup) {
  Create(kA, "1001", "open", "s1");
  EXPECT_EQ(Get(kA, SessionPath("open", "s1"), {{"X-Xbl-Contract-Version", "105"}}).JsonBody()["contractVersion"], 105);
  Put(kB, SessionPath("open", "s1"), JoinBody("1002"));
  auto r = Put(kA, SessionPath("open", "s1"),
               Json{{"members", {{"me", {{"properties", {{"system", {{"group", {1}}}}}}}}}}},
               {{"X-Xbl-Contract-Version", "104"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.JsonBody()["members"]["0"]["properties"]["system"]["group"], (Json{1, 0}));
  EXPECT_EQ(Get(kA, SessionPath("open", "s1")).JsonBody()["members"]["0"]["properties"]["system"]["initializationGroup"],
            (Json{1, 0}));
}

TEST_F(Section3, FaultDelayHoldsTheAnswer) {
  Json rules = {{"rules", {{{"path", "/sessions/slow$"}, {"status", 503}, {"delay_ms", 150}, {"times", 1}}}}};
  ASSERT_EQ(Admin("PUT", "/faults", rules).status, 200);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(Get(kA, SessionPath("open", "slow")).status, 503);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(150));
  EXPECT_EQ(Get(kA, SessionPath("open", "slow")).status, 204);
}

TEST_F(Section3, ExistingSessionPutByNonMemberOfPrivateSessionIs403Text) {
  Create(kA, "1001", "priv", "p1");
  auto r = Put(kC, SessionPath("priv", "p1"), Json{{"properties", {{"custom", {{"x", 1}}}}}});
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.Header("content-type").find("text/plain"), std::string::npos);
}

TEST_F(Section3, MeRequiresUserPrincipal) {
  Create(kA, "1001", "open", "s1");
  EXPECT_EQ(Put(kSrv, SessionPath("open", "s1"), JoinBody("1001")).status, 403);
  EXPECT_EQ(Put(kB, SessionPath("open", "s1"), JoinBody("1001")).status, 400);  // me.xuid must be the caller
}

}  // namespace
}  // namespace xbl::conformance

namespace xbl::conformance {
namespace {

class Section3More : public ConformanceTest {};

TEST_F(Section3More, LockedSessionAdmitsOnlyReturningMembers) {
  Create(kA, "1001", "open", "s1");
  Put(kB, SessionPath("open", "s1"), JoinBody("1002"));
  Put(kB, SessionPath("open", "s1"), Json{{"members", {{"me", nullptr}}}});
  ASSERT_EQ(Put(kA, SessionPath("open", "s1"), Json{{"properties", {{"system", {{"locked", true}}}}}}).status, 200);
  EXPECT_EQ(Put(kC, SessionPath("open", "s1"), JoinBody("1003")).status, 403);
  EXPECT_EQ(Put(kB, SessionPath("open", "s1"), JoinBody("1002")).status, 200);
}

TEST_F(Section3More, AutoPopulateServerCandidatesFromServerMeasurements) {
  Json constants = {{"capabilities", {{"connectivity", true}, {"autoPopulateServerCandidates", true}}},
                    {"memberInitialization", {{"membersNeededToStart", 1}}},
                    {"measurementServerAddresses", {{"east", {{"secureDeviceAddress", "r5Y="}}}, {"west", {{"secureDeviceAddress", "rwY="}}}}}};
  Json body = {{"constants", {{"system", constants}}},
               {"members", {{"reserve_0", {{"constants", {{"system", {{"xuid", "1001"}, {"initialize", true}}}}}}}}}};
  ASSERT_EQ(Put(kSrv, SessionPath("dyn", "m1"), body).status, 201);
  auto joined = Put(kA, SessionPath("dyn", "m1"), JoinBody("1001"));
  ASSERT_EQ(joined.JsonBody()["initializing"]["stage"], "measuring");
  Json measure = {{"members", {{"me", {{"properties", {{"system", {{"serverMeasurements", {{"east", {{"latency", 80}}}, {"west", {{"latency", 20}}}}}}}}}}}}}};
  auto r = Put(kA, SessionPath("dyn", "m1"), measure);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(r.JsonBody().contains("initializing"));
  EXPECT_EQ(r.JsonBody()["properties"]["system"]["serverConnectionStringCandidates"], (Json{"west", "east"}));
}

}  // namespace
}  // namespace xbl::conformance
