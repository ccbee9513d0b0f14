// Protocol §4.5: membership (me, reserve_N, indices, null, member properties).
#include "conformance_fixture.h"

namespace xbl::conformance {
namespace {

class Membership : public ConformanceTest {
 protected:
  Json Reserve(char const* who, std::string const& path, std::string const& xuid) {
    auto r = Put(who, path, Json{{"members", {{"reserve_0", {{"constants", {{"system", {{"xuid", xuid}}}}}}}}}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.JsonBody();
  }
  Json MeProps(Json system) { return Json{{"members", {{"me", {{"properties", {{"system", system}}}}}}}}; }
};

TEST_F(Membership, Conformance_4_5_35_ReserveAddsReservedMember) {
  Create(kA, "1001", "open", "s1");
  Json s = Reserve(kA, SessionPath("open", "s1"), "1002");
  Json const& m = s["members"]["1"];
  EXPECT_EQ(m["constants"]["system"]["xuid"], "1002");
  EXPECT_EQ(m["reserved"], true);
  EXPECT_TRUE(m.contains("joinTime"));
  EXPECT_FALSE(m.contains("gamertag"));
  EXPECT_EQ(s["membersInfo"]["count"], 2);
  EXPECT_EQ(s["membersInfo"]["accepted"], 1);
}

TEST_F(Membership, Conformance_4_5_36_ReservedUserJoinKeepsIndex) {
  Create(kA, "1001", "open", "s1");
  Reserve(kA, SessionPath("open", "s1"), "1002");
  auto r = Put(kB, SessionPath("open", "s1"), JoinBody("1002"));
  ASSERT_EQ(r.status, 200);
  Json s = r.JsonBody();
  EXPECT_FALSE(s["members"]["1"].contains("reserved"));
  EXPECT_EQ(s["members"]["1"]["gamertag"], "Bravo");
  EXPECT_EQ(s["membersInfo"]["accepted"], 2);
  EXPECT_EQ(s["membersInfo"]["count"], 2);
}

TEST_F(Membership, Conformance_4_5_38_ReserveWithoutZeroReturns400) {
  Create(kA, "1001", "open", "s1");
  auto r = Put(kA, SessionPath("open", "s1"),
               Json{{"members", {{"reserve_1", {{"constants", {{"system", {{"xuid", "1002"}}}}}}}}}});
  EXPECT_EQ(r.status, 400);
}

TEST_F(Membership, Conformance_4_5_40_MeNullRemovesCaller) {
  Create(kA, "1001", "open", "s1");
  Put(kB, SessionPath("open", "s1"), JoinBody("1002"));
  auto r = Put(kB, SessionPath("open", "s1"), Json{{"members", {{"me", nullptr}}}});
  ASSERT_EQ(r.status, 200);
  Json s = r.JsonBody();
  EXPECT_FALSE(s["members"].contains("1"));
  EXPECT_EQ(s["membersInfo"]["count"], 1);
}

TEST_F(Membership, Conformance_4_5_41_LastMemberLeavingDeletesSession) {
  Create(kA, "1001", "open", "s1");
  EXPECT_EQ(Put(kA, SessionPath("open", "s1"), Json{{"members", {{"me", nullptr}}}}).status, 204);
  EXPECT_EQ(Get(kA, SessionPath("open", "s1")).status, 204);
}

TEST_F(Membership, Conformance_4_5_42_LastMemberDeleteMeReturns204) {
  Create(kA, "1001", "open", "s1");
  EXPECT_EQ(Delete(kA, SessionPath("open", "s1") + "/members/me").status, 204);
  EXPECT_EQ(Get(kA, SessionPath("open", "s1")).status, 204);
}

TEST_F(Membership, Conformance_4_5_44_DeleteMeOnMissingSessionReturns404) {
  EXPECT_EQ(Delete(kA, SessionPath("open", "missing") + "/members/me").status, 404);
}

TEST_F(Membership, Conformance_4_5_46_ServerRemovesMemberByIndex) {
  Create(kA, "1001", "open", "s1");
  Put(kB, SessionPath("open", "s1"), JoinBody("1002"));
  auto r = Put(kSrv, SessionPath("open", "s1"), Json{{"members", {{"1", nullptr}}}});
  ASSERT_EQ(r.status, 200);
  EXPECT_FALSE(r.JsonBody()["members"].contains("1"));
}

TEST_F(Membership, Conformance_4_5_47_DeleteMemberIndexNeedsServer) {
  Create(kA, "1001", "open", "s1");
  Put(kB, SessionPath("open", "s1"), JoinBody("1002"));
  EXPECT_EQ(Delete(kA, SessionPath("open", "s1") + "/members/1").status, 403);
  auto r = Delete(kSrv, SessionPath("open", "s1") + "/members/1");
  ASSERT_EQ(r.status, 200);
  EXPECT_FALSE(r.JsonBody()["members"].contains("1"));
  EXPECT_EQ(Delete(kSrv, SessionPath("open", "s1") + "/members/1").status, 204);
}

TEST_F(Membership, Conformance_4_5_48_ReservationWithPropertiesReturns400) {
  Create(kA, "1001", "open", "s1");
  Json body = {{"members",
                {{"reserve_0",
                  {{"constants", {{"system", {{"xuid", "1002"}}}}}, {"properties", {{"custom", {{"a", 1}}}}}}}}}};
  EXPECT_EQ(Put(kA, SessionPath("open", "s1"), body).status, 400);
}

TEST_F(Membership, Conformance_4_5_49_ActiveSetsActiveTitleIdInactiveDoesNot) {
  auto inactive = Put(kA, SessionPath("open", "s1"), JoinBody("1001", false));
  ASSERT_EQ(inactive.status, 201);
  Json m = inactive.JsonBody()["members"]["0"];
  EXPECT_FALSE(m["properties"]["system"].contains("active"));
  EXPECT_FALSE(m.contains("activeTitleId"));
  auto active = Put(kA, SessionPath("open", "s2"), JoinBody("1001"));
  EXPECT_EQ(active.JsonBody()["members"]["0"]["activeTitleId"], "8397267");
}

TEST_F(Membership, Conformance_4_5_50_ReadyAndActiveTogetherReturns400) {
  Create(kA, "1001", "open", "s1");
  auto r = Put(kA, SessionPath("open", "s1"), MeProps({{"ready", true}, {"active", true}}));
  EXPECT_EQ(r.status, 400);
  Json s = Get(kA, SessionPath("open", "s1")).JsonBody();
  EXPECT_EQ(s["members"]["0"]["properties"]["system"]["active"], true);
  EXPECT_FALSE(s["members"]["0"]["properties"]["system"].contains("ready"));
}

TEST_F(Membership, Conformance_4_5_51_SecureDeviceAddressNeedsConnectivity) {
  Create(kA, "1001", "dyn", "d1");
  EXPECT_EQ(Put(kA, SessionPath("dyn", "d1"), MeProps({{"secureDeviceAddress", "ryY="}})).status, 400);
  Create(kA, "1001", "open", "s1");
  auto r = Put(kA, SessionPath("open", "s1"), MeProps({{"secureDeviceAddress", "ryY="}}));
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(r.JsonBody()["members"]["0"].contains("deviceToken"));
}

TEST_F(Membership, Conformance_4_5_53_MeasurementsForOwnTokenReturns400) {
  Create(kA, "1001", "open", "s1");
  auto r = Put(kA, SessionPath("open", "s1"), MeProps({{"secureDeviceAddress", "ryY="}}));
  std::string token = r.JsonBody()["members"]["0"]["deviceToken"];
  EXPECT_EQ(Put(kA, SessionPath("open", "s1"), MeProps({{"measurements", {{token, {{"latency", 5}}}}}})).status, 400);
}

TEST_F(Membership, Conformance_4_5_54_InitializationGroupOutOfRangeReturns400) {
  Create(kA, "1001", "open", "s1");
  Put(kB, SessionPath("open", "s1"), JoinBody("1002"));
  Put(kC, SessionPath("open", "s1"), JoinBody("1003"));
  EXPECT_EQ(Put(kA, SessionPath("open", "s1"), MeProps({{"initializationGroup", {7}}})).status, 400);
  auto ok = Put(kA, SessionPath("open", "s1"), MeProps({{"initializationGroup", {1}}}));
  ASSERT_EQ(ok.status, 200);
  EXPECT_EQ(ok.JsonBody()["members"]["0"]["properties"]["system"]["initializationGroup"], (Json{1, 0}));
}

TEST_F(Membership, Conformance_4_5_56_GroupsPersistAndEmptyListClears) {
  Create(kA, "1001", "open", "s1");
  ASSERT_EQ(Put(kA, SessionPath("open", "s1"), MeProps({{"groups", {"g1"}}})).status, 200);
  EXPECT_EQ(Get(kA, SessionPath("open", "s1")).JsonBody()["members"]["0"]["properties"]["system"]["groups"],
            (Json{"g1"}));
  EXPECT_EQ(Get(kA, SessionPath("open", "s1")).JsonBody()["members"]["0"]["properties"]["system"]["groups"],
            (Json{"g1"}));
  auto r = Put(kA, SessionPath("open", "s1"), MeProps({{"groups", Json::array()}}));
  EXPECT_FALSE(r.JsonBody()["members"]["0"]["properties"]["system"].contains("groups"));
}

TEST_F(Membership, Conformance_4_5_59_JoinBeyondMaxMembersReturns400) {
  Create(kA, "1001", "open", "s1");
  for (int i = 0; i < 7; ++i) {
    std::string xuid = std::to_string(2001 + i);
    std::string auth = "XBL3.0 x=" + xuid + ";device=d" + xuid;
    ASSERT_EQ(Put(auth.c_str(), SessionPath("open", "s1"), JoinBody(xuid)).status, 200);
  }
  auto r = Put("XBL3.0 x=2999;device=dZ", SessionPath("open", "s1"), JoinBody("2999"));
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Get(kA, SessionPath("open", "s1")).JsonBody()["membersInfo"]["count"], 8);
}

TEST_F(Membership, RepeatedJoinIsIdempotent) {
  Create(kA, "1001", "open", "s1");
  auto r = Put(kA, SessionPath("open", "s1"), JoinBody("1001"));
  EXPECT_EQ(r.JsonBody()["membersInfo"]["count"], 1);
}

TEST_F(Membership, MembersAreAddedInRequestOrderWithNextLinks) {
  Create(kA, "1001", "open", "s1");
  Json body = {{"members",
                {{"reserve_1", {{"constants", {{"system", {{"xuid", "3002"}}}}}}},
                 {"reserve_0", {{"constants", {{"system", {{"xuid", "3001"}}}}}}}}}};
  auto r = Put(kA, SessionPath("open", "s1"), body);
  ASSERT_EQ(r.status, 200);
  Json s = r.JsonBody();
  EXPECT_EQ(s["members"]["1"]["constants"]["system"]["xuid"], "3002");
  EXPECT_EQ(s["members"]["2"]["constants"]["system"]["xuid"], "3001");
  EXPECT_EQ(s["members"]["0"]["next"], 1);
  EXPECT_EQ(s["members"]["1"]["next"], 2);
  EXPECT_EQ(s["members"]["2"]["next"], 3);
  EXPECT_EQ(s["membersInfo"]["next"], 3);
}

TEST_F(Membership, IndicesAreNeverReused) {
  Create(kA, "1001", "open", "s1");
  Put(kB, SessionPath("open", "s1"), JoinBody("1002"));
  Put(kB, SessionPath("open", "s1"), Json{{"members", {{"me", nullptr}}}});
  auto r = Put(kC, SessionPath("open", "s1"), JoinBody("1003"));
  EXPECT_TRUE(r.JsonBody()["members"].contains("2"));
  EXPECT_EQ(r.JsonBody()["membersInfo"]["next"], 3);
}

TEST_F(Membership, ExistingMemberReferenceWithoutServerReturns403) {
  Create(kA, "1001", "open", "s1");
  auto r = Put(kA, SessionPath("open", "s1"), Json{{"members", {{"0", nullptr}}}});
  EXPECT_EQ(r.status, 403);
}

TEST_F(Membership, SubscriptionsMergePerEntry) {
  Create(kA, "1001", "open", "s1");
  Put(kA, SessionPath("open", "s1"), MeProps({{"subscriptions", {{"g1", {{"profile", "party"}}}}}}));
  Put(kA, SessionPath("open", "s1"), MeProps({{"subscriptions", {{"g2", {{"profile", "roster"}}}}}}));
  Json subs = Get(kA, SessionPath("open", "s1")).JsonBody()["members"]["0"]["properties"]["system"]["subscriptions"];
  EXPECT_TRUE(subs.contains("g1"));
  EXPECT_TRUE(subs.contains("g2"));
  auto r = Put(kA, SessionPath("open", "s1"), MeProps({{"subscriptions", {{"g1", nullptr}}}}));
  subs = r.JsonBody()["members"]["0"]["properties"]["system"]["subscriptions"];
  EXPECT_FALSE(subs.contains("g1"));
  EXPECT_TRUE(subs.contains("g2"));
}

TEST_F(Membership, OmittingActiveLeavesStatusUnchanged) {
  Create(kA, "1001", "open", "s1");
  auto r = Put(kA, SessionPath("open", "s1"), Json{{"members", {{"me", {{"properties", {{"custom", {{"k", 1}}}}}}}}}});
  EXPECT_EQ(r.JsonBody()["members"]["0"]["properties"]["system"]["active"], true);
  EXPECT_EQ(r.JsonBody()["members"]["0"]["properties"]["custom"]["k"], 1);
}

TEST_F(Membership, EncountersAreConsumed) {
  Create(kA, "1001", "open", "s1");
  auto r = Put(kA, SessionPath("open", "s1"), MeProps({{"encounters", {"x"}}}));
  ASSERT_EQ(r.status, 200);
  EXPECT_FALSE(r.JsonBody()["members"]["0"]["properties"]["system"].contains("encounters"));
}

TEST_F(Membership, DeleteMeByNonMemberReturns204) {
  Create(kA, "1001", "open", "s1");
  EXPECT_EQ(Delete(kB, SessionPath("open", "s1") + "/members/me").status, 204);
  EXPECT_EQ(Get(kA, SessionPath("open", "s1")).JsonBody()["membersInfo"]["count"], 1);
}

}  // namespace
}  // namespace xbl::conformance
