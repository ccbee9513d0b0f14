// Protocol §4.6 (session properties) and §4.7 (servers).
#include "conformance_fixture.h"

namespace xbl::conformance {
namespace {

class SessionProperties : public ConformanceTest {
 protected:
  Response SetSystem(char const* who, std::string const& path, Json system) {
    return Put(who, path, Json{{"properties", {{"system", system}}}});
  }
};

TEST_F(SessionProperties, Conformance_4_6_60_KeywordsOnPrivateSessionReturns400) {
  Create(kA, "1001", "priv", "p1");
  EXPECT_EQ(SetSystem(kA, SessionPath("priv", "p1"), {{"keywords", {"k"}}}).status, 400);
  EXPECT_FALSE(Get(kA, SessionPath("priv", "p1")).JsonBody()["properties"]["system"].contains("keywords"));
}

TEST_F(SessionProperties, Conformance_4_6_62_TurnMarksOnlyListedMembers) {
  Create(kA, "1001", "open", "s1");
  Put(kB, SessionPath("open", "s1"), JoinBody("1002"));
  auto r = SetSystem(kA, SessionPath("open", "s1"), {{"turn", {0}}});
  ASSERT_EQ(r.status, 200);
  Json s = r.JsonBody();
  EXPECT_EQ(s["members"]["0"]["turn"], true);
  EXPECT_FALSE(s["members"]["1"].contains("turn"));
}

TEST_F(SessionProperties, Conformance_4_6_64_HostMatchingDeviceTokenPersists) {
  Create(kA, "1001", "open", "s1");
  auto sda = Put(kA, SessionPath("open", "s1"),
                 Json{{"members", {{"me", {{"properties", {{"system", {{"secureDeviceAddress", "ryY="}}}}}}}}}});
  std::string token = sda.JsonBody()["members"]["0"]["deviceToken"];
  auto r = SetSystem(kA, SessionPath("open", "s1"), {{"host", token}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.JsonBody()["properties"]["system"]["host"], token);
  EXPECT_FALSE(r.JsonBody().contains("hostCandidates"));
  // A host that matches no member's device token is silently deleted.
  auto bad = SetSystem(kA, SessionPath("open", "s1"), {{"host", "nosuchtoken"}});
  ASSERT_EQ(bad.status, 200);
  EXPECT_FALSE(bad.JsonBody()["properties"]["system"].contains("host"));
}

TEST_F(SessionProperties, Conformance_4_6_66_ClientResultWithoutClientMatchmakingReturns400) {
  Create(kA, "1001", "open", "s1");
  auto r = SetSystem(kA, SessionPath("open", "s1"), {{"matchmaking", {{"clientResult", {{"status", "searching"}}}}}});
  EXPECT_EQ(r.status, 400);
}

TEST_F(SessionProperties, Conformance_4_6_67_InitializationSucceededOutsideEvaluatingReturns400) {
  Create(kA, "1001", "open", "s1");
  EXPECT_EQ(SetSystem(kA, SessionPath("open", "s1"), {{"initializationSucceeded", true}}).status, 400);
  EXPECT_FALSE(
      Get(kA, SessionPath("open", "s1")).JsonBody()["properties"]["system"].contains("initializationSucceeded"));
}

TEST_F(SessionProperties, Conformance_4_6_68_PropertiesSubresourceReturnsWholeSession) {
  Create(kA, "1001", "open", "s1");
  auto r = Put(kA, SessionPath("open", "s1") + "/properties", Json{{"system", Json::object()}, {"custom", {{"z", 1}}}});
  ASSERT_EQ(r.status, 200);
  Json s = r.JsonBody();
  EXPECT_EQ(s["properties"]["custom"]["z"], 1);
  EXPECT_TRUE(s.contains("members"));
  EXPECT_TRUE(s.contains("constants"));
  EXPECT_FALSE(r.Header("etag").empty());
}

TEST_F(SessionProperties, PropertiesSubresourceOnMissingSessionReturns404) {
  EXPECT_EQ(Put(kA, SessionPath("open", "none") + "/properties", Json{{"custom", {{"z", 1}}}}).status, 404);
}

TEST_F(SessionProperties, CustomFieldsReplaceWholeAndNullDeletes) {
  Create(kA, "1001", "open", "s1");
  Put(kA, SessionPath("open", "s1"), Json{{"properties", {{"custom", {{"a", {{"b", 1}, {"c", 2}}}, {"d", 1}}}}}});
  auto r = Put(kA, SessionPath("open", "s1"), Json{{"properties", {{"custom", {{"a", {{"b", 5}}}, {"d", nullptr}}}}}});
  Json custom = r.JsonBody()["properties"]["custom"];
  EXPECT_EQ(custom["a"], (Json{{"b", 5}}));
  EXPECT_FALSE(custom.contains("d"));
}

TEST_F(SessionProperties, ReadRestrictionLessAccessibleThanJoinRestrictionReturns400) {
  Create(kA, "1001", "open", "s1");
  EXPECT_EQ(SetSystem(kA, SessionPath("open", "s1"), {{"joinRestriction", "followed"}, {"readRestriction", "local"}}).status,
            400);
  EXPECT_EQ(SetSystem(kA, SessionPath("open", "s1"), {{"joinRestriction", "local"}, {"readRestriction", "followed"}}).status,
            200);
}

class Servers : public ConformanceTest {};

TEST_F(Servers, Conformance_4_7_71_UserWritingServersReturns403) {
  Create(kA, "1001", "open", "s1");
  auto r = Put(kA, SessionPath("open", "s1"), Json{{"servers", {{"x", {{"properties", {{"custom", Json::object()}}}}}}}});
  EXPECT_EQ(r.status, 403);
}

TEST_F(Servers, Conformance_4_7_72_ServerWritesAndRemovesServerEntry) {
  Create(kA, "1001", "open", "s1");
  auto r = Put(kSrv, SessionPath("open", "s1"),
               Json{{"servers", {{"x", {{"properties", {{"custom", {{"ip", "1.2.3.4"}}}}}}}}}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.JsonBody()["servers"]["x"]["properties"]["custom"]["ip"], "1.2.3.4");
  auto removed = Put(kSrv, SessionPath("open", "s1"), Json{{"servers", {{"x", nullptr}}}});
  ASSERT_EQ(removed.status, 200);
  EXPECT_FALSE(removed.JsonBody().contains("servers") && removed.JsonBody()["servers"].contains("x"));
}

TEST_F(Servers, DeleteServerSubresource) {
  Create(kA, "1001", "open", "s1");
  Put(kSrv, SessionPath("open", "s1"), Json{{"servers", {{"x", {{"properties", {{"custom", {{"a", 1}}}}}}}}}});
  EXPECT_EQ(Delete(kA, SessionPath("open", "s1") + "/servers/x").status, 403);
  auto r = Delete(kSrv, SessionPath("open", "s1") + "/servers/x");
  ASSERT_EQ(r.status, 200);
  EXPECT_FALSE(r.JsonBody().contains("servers"));
  EXPECT_EQ(Delete(kSrv, SessionPath("open", "s1") + "/servers/x").status, 204);
  EXPECT_EQ(Delete(kSrv, SessionPath("open", "none") + "/servers/x").status, 404);
}

}  // namespace
}  // namespace xbl::conformance
