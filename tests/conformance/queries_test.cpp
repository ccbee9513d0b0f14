// Protocol §4.12 and §3.12: session queries and batch queries.
#include "conformance_fixture.h"

namespace xbl::conformance {
namespace {

class Queries : public ConformanceTest {
 protected:
  std::string Sessions(std::string const& query) { return "/serviceconfigs/" + std::string(kScid) + "/sessions?" + query; }
  Json Results(char const* who, std::string const& query) {
    auto r = Get(who, Sessions(query));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.JsonBody()["results"];
  }
  void SetKeywords(char const* who, std::string const& path, Json keywords) {
    ASSERT_EQ(Put(who, path, Json{{"properties", {{"system", {{"keywords", keywords}}}}}}).status, 200);
  }
};

TEST_F(Queries, Conformance_4_12_109_QueryWithoutKeywordOrXuidReturns400) {
  EXPECT_EQ(Get(kA, "/serviceconfigs/" + std::string(kScid) + "/sessions").status, 400);
}

TEST_F(Queries, Conformance_4_12_110_XuidQueryReturnsActiveSession) {
  Create(kA, "1001", "open", "s1");
  SetKeywords(kA, SessionPath("open", "s1"), {"k"});
  Json results = Results(kA, "xuid=1001");
  ASSERT_EQ(results.size(), 1u);
  Json const& e = results[0];
  EXPECT_EQ(e["xuid"], "1001");
  EXPECT_EQ(e["status"], "active");
  EXPECT_EQ(e["sessionRef"], (Json{{"scid", kScid}, {"templateName", "open"}, {"name", "s1"}}));
  EXPECT_TRUE(e.contains("startTime"));
  EXPECT_EQ(e["accepted"], 1);
  EXPECT_EQ(e["visibility"], "open");
  EXPECT_EQ(e["keywords"], (Json{"k"}));
}

TEST_F(Queries, Conformance_4_12_111_InactiveMembersNeedInactiveTrue) {
  Create(kA, "1001", "open", "s2");
  ASSERT_EQ(Put(kB, SessionPath("open", "s2"), JoinBody("1002", false)).status, 200);
  EXPECT_EQ(Results(kB, "xuid=1002").size(), 0u);
  Json results = Results(kB, "xuid=1002&inactive=true");
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0]["status"], "inactive");
  // ready but not active counts as inactive
  Json ready = JoinBody("1003", false);
  ready["members"]["me"]["properties"] = {{"system", {{"ready", true}}}};
  ASSERT_EQ(Put(kC, SessionPath("open", "s3"), ready).status, 201);
  EXPECT_EQ(Results(kC, "xuid=1003").size(), 0u);
  EXPECT_EQ(Results(kC, "xuid=1003&inactive=true").size(), 1u);
}

TEST_F(Queries, ReservationsNeedReservationsTrueAndOwnXuidOrServer) {
  Create(kA, "1001", "open", "s1");
  Put(kA, SessionPath("open", "s1"), Json{{"members", {{"reserve_0", {{"constants", {{"system", {{"xuid", "1002"}}}}}}}}}});
  EXPECT_EQ(Results(kB, "xuid=1002").size(), 0u);
  Json results = Results(kB, "xuid=1002&reservations=true");
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0]["status"], "reserved");
  EXPECT_EQ(Get(kA, Sessions("xuid=1002&reservations=true")).status, 403);
  EXPECT_EQ(Results(kSrv, "xuid=1002&reservations=true").size(), 1u);
  EXPECT_EQ(Get(kA, Sessions("xuid=1002&reservations=yes")).status, 400);
}

TEST_F(Queries, Conformance_4_12_114_PrivateSessionsNeedPrivateTrue) {
  Create(kA, "1001", "priv", "p1");
  EXPECT_EQ(Results(kA, "xuid=1001").size(), 0u);
  EXPECT_EQ(Results(kA, "xuid=1001&private=true").size(), 1u);
  EXPECT_EQ(Get(kB, Sessions("xuid=1001&private=true")).status, 403);  // not the caller's xuid
}

TEST_F(Queries, Conformance_4_12_115_VisibilityFilter) {
  Create(kA, "1001", "open", "s1");
  Create(kA, "1001", "vis", "v1");
  EXPECT_EQ(Get(kA, Sessions("xuid=1001&visibility=private")).status, 400);
  Json open = Results(kA, "xuid=1001&visibility=open");
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0]["sessionRef"]["name"], "s1");
  EXPECT_EQ(Results(kA, "xuid=1001").size(), 2u);
}

TEST_F(Queries, Conformance_4_12_117_TemplateLevelQueryIsLimitedToTemplate) {
  Create(kA, "1001", "open", "s1");
  SetKeywords(kA, SessionPath("open", "s1"), {"k"});
  Create(kA, "1001", "vis", "v1");
  SetKeywords(kA, SessionPath("vis", "v1"), {"k"});
  EXPECT_EQ(Results(kA, "keyword=k").size(), 2u);
  auto r = Get(kA, "/serviceconfigs/" + std::string(kScid) + "/sessiontemplates/open/sessions?keyword=k");
  ASSERT_EQ(r.status, 200);
  Json results = r.JsonBody()["results"];
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0]["sessionRef"]["templateName"], "open");
}

TEST_F(Queries, Conformance_4_6_61_KeywordQueryIsCaseInsensitive) {
  Create(kA, "1001", "open", "s1");
  SetKeywords(kA, SessionPath("open", "s1"), {"Hello"});
  Json results = Results(kB, "keyword=hello");
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0]["sessionRef"]["name"], "s1");
}

TEST_F(Queries, Conformance_4_12_119_MyTurnOnlyForXuidMatches) {
  Create(kA, "1001", "open", "s1");
  Put(kB, SessionPath("open", "s1"), JoinBody("1002"));
  ASSERT_EQ(Put(kA, SessionPath("open", "s1"), Json{{"properties", {{"system", {{"turn", {0}}, {"keywords", {"k"}}}}}}}).status,
            200);
  EXPECT_EQ(Results(kA, "xuid=1001")[0]["myTurn"], true);
  EXPECT_FALSE(Results(kB, "xuid=1002")[0].contains("myTurn"));
  Json keyword = Results(kC, "keyword=k")[0];
  EXPECT_FALSE(keyword.contains("xuid"));
  EXPECT_FALSE(keyword.contains("status"));
  EXPECT_FALSE(keyword.contains("myTurn"));
}

TEST_F(Queries, TakeLimitsResultsAndIsValidated) {
  for (int i = 0; i < 3; ++i) Create(kA, "1001", "open", "t" + std::to_string(i));
  EXPECT_EQ(Results(kA, "xuid=1001&take=2").size(), 2u);
  EXPECT_EQ(Get(kA, Sessions("xuid=1001&take=101")).status, 400);
  EXPECT_EQ(Get(kA, Sessions("xuid=1001&take=-1")).status, 400);
}

TEST_F(Queries, JoinRestrictionShownOnlyWhenSet) {
  Create(kA, "1001", "open", "s1");
  EXPECT_FALSE(Results(kA, "xuid=1001")[0].contains("joinRestriction"));
  Put(kA, SessionPath("open", "s1"), Json{{"properties", {{"system", {{"joinRestriction", "local"}}}}}});
  EXPECT_EQ(Results(kA, "xuid=1001")[0]["joinRestriction"], "local");
}

TEST_F(Queries, BatchReturnsResultsInRequestXuidOrder) {
  Create(kA, "1001", "open", "s1");
  Put(kB, SessionPath("open", "s1"), JoinBody("1002"));
  Create(kB, "1002", "open", "s2");
  auto r = Post(kSrv, "/serviceconfigs/" + std::string(kScid) + "/batch", Json{{"xuids", {"1002", "1001"}}});
  ASSERT_EQ(r.status, 200) << r.body;
  Json results = r.JsonBody()["results"];
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0]["xuid"], "1002");
  EXPECT_EQ(results[1]["xuid"], "1002");
  EXPECT_EQ(results[2]["xuid"], "1001");
  EXPECT_EQ(results[2]["sessionRef"]["name"], "s1");  // s1 appears once per matching xuid
  auto tmpl = Post(kSrv, "/serviceconfigs/" + std::string(kScid) + "/sessiontemplates/vis/batch", Json{{"xuids", {"1001"}}});
  EXPECT_EQ(tmpl.JsonBody()["results"].size(), 0u);
  EXPECT_EQ(Post(kSrv, "/serviceconfigs/" + std::string(kScid) + "/batch", Json{{"nope", 1}}).status, 400);
  EXPECT_EQ(Post(kA, "/serviceconfigs/" + std::string(kScid) + "/batch?private=true", Json{{"xuids", {"1002"}}}).status, 403);
}

}  // namespace
}  // namespace xbl::conformance
