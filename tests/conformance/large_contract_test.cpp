// Protocol §4.11 (large sessions) and §4.15 (contract versions).
#include "conformance_fixture.h"

namespace xbl::conformance {
namespace {

class LargeSessions : public ConformanceTest {};

TEST_F(LargeSessions, Conformance_4_11_104_GetReturnsOnlyTheCallerAsMe) {
  Create(kA, "1001", "large", "l1");
  ASSERT_EQ(Put(kB, SessionPath("large", "l1"), JoinBody("1002")).status, 200);
  auto r = Get(kA, SessionPath("large", "l1"));
  ASSERT_EQ(r.status, 200);
  Json members = r.JsonBody()["members"];
  ASSERT_EQ(members.size(), 1u);
  ASSERT_TRUE(members.contains("me"));
  EXPECT_EQ(members["me"]["constants"]["system"]["xuid"], "1001");
  EXPECT_EQ(r.JsonBody()["membersInfo"]["count"], 2);
}

TEST_F(LargeSessions, Conformance_4_11_105_ReservationOnLargeSessionReturns409) {
  Create(kA, "1001", "large", "l1");
  auto r = Put(kA, SessionPath("large", "l1"),
               Json{{"members", {{"reserve_0", {{"constants", {{"system", {{"xuid", "1002"}}}}}}}}}});
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.Header("content-type").find("text/plain"), std::string::npos);
}

TEST_F(LargeSessions, Conformance_4_11_107_JoinRestrictionOtherThanNoneReturns400) {
  Create(kA, "1001", "large", "l1");
  EXPECT_EQ(Put(kA, SessionPath("large", "l1"), Json{{"properties", {{"system", {{"joinRestriction", "local"}}}}}}).status,
            400);
}

TEST_F(LargeSessions, Conformance_4_11_108_LargeWithConnectivityReturns400) {
  Json body = JoinBody("1001");
  body["constants"] = {{"system", {{"capabilities", {{"large", true}, {"connectivity", true}}}}}};
  EXPECT_EQ(Put(kA, SessionPath("dyn", "d1"), body).status, 400);
}

TEST_F(LargeSessions, TurnHostAndServerRemovalRules) {
  Create(kA, "1001", "large", "l1");
  Put(kB, SessionPath("large", "l1"), JoinBody("1002"));
  EXPECT_EQ(Put(kA, SessionPath("large", "l1"), Json{{"properties", {{"system", {{"turn", {0}}}}}}}).status, 400);
  EXPECT_EQ(Put(kSrv, SessionPath("large", "l1"), Json{{"members", {{"1", nullptr}}}}).status, 409);
  EXPECT_EQ(Delete(kSrv, SessionPath("large", "l1") + "/members/1").status, 409);
}

class ContractVersions : public ConformanceTest {};

TEST_F(ContractVersions, Conformance_4_15_145_Contract104DefaultsAndRendering) {
  Json body = {{"constants", {{"system", {{"managedInitialization", Json::object()}}}}},
               {"members",
                {{"reserve_0", {{"constants", {{"system", {{"xuid", "1001"}, {"initialize", true}}}}}}},
                 {"reserve_1", {{"constants", {{"system", {{"xuid", "1002"}, {"initialize", true}}}}}}}}}};
  auto r = Put(kSrv, SessionPath("dyn", "c104"), body, {{"X-Xbl-Contract-Version", "104"}});
  ASSERT_EQ(r.status, 201) << r.body;
  Json s = r.JsonBody();
  EXPECT_EQ(s["contractVersion"], 104);
  Json init = s["constants"]["system"]["managedInitialization"];
  EXPECT_EQ(init["membersNeededToStart"], 2);
  EXPECT_EQ(init["joinTimeout"], 5000);
  EXPECT_EQ(init["measurementTimeout"], 5000);
  EXPECT_EQ(init["autoEvaluate"], false);
  EXPECT_EQ(s["constants"]["system"]["timeouts"]["inactive"], 7200000);
  EXPECT_FALSE(s["constants"]["system"].contains("memberInitialization"));
  Put(kA, SessionPath("dyn", "c104"), JoinBody("1001"), {{"X-Xbl-Contract-Version", "104"}});
  auto joined = Put(kB, SessionPath("dyn", "c104"), JoinBody("1002"), {{"X-Xbl-Contract-Version", "104"}});
  EXPECT_EQ(joined.JsonBody()["initializing"]["stage"], "evaluating");
  // The same session read under 107 shows the 107 names.
  Json s107 = Get(kA, SessionPath("dyn", "c104")).JsonBody();
  EXPECT_EQ(s107["contractVersion"], 107);
  EXPECT_EQ(s107["constants"]["system"]["memberInitialization"]["externalEvaluation"], true);

  Json body107 = JoinBody("1001");
  body107["members"]["me"]["constants"]["system"]["initialize"] = true;
  body107["constants"] = {{"system", {{"memberInitialization", Json::object()}}}};
  auto r107 = Put(kA, SessionPath("dyn", "c107"), body107);
  ASSERT_EQ(r107.status, 201) << r107.body;
  Json init107 = r107.JsonBody()["constants"]["system"]["memberInitialization"];
  EXPECT_EQ(init107["membersNeededToStart"], 1);
  EXPECT_EQ(init107["joinTimeout"], 10000);
  EXPECT_EQ(init107["measurementTimeout"], 30000);
  EXPECT_FALSE(r107.JsonBody().contains("initializing"));  // evaluating skipped: done at once
}

}  // namespace
}  // namespace xbl::conformance
