// Protocol §4.4: ETag, If-Match, If-None-Match.
#include "conformance_fixture.h"

namespace xbl::conformance {
namespace {

class Concurrency : public ConformanceTest {};

TEST_F(Concurrency, Conformance_4_4_27_IfNoneMatchStarOnExistingReturns412) {
  Create(kA, "1001", "open", "s1");
  auto r = Put(kB, SessionPath("open", "s1"), JoinBody("1002"), {{"If-None-Match", "*"}});
  EXPECT_EQ(r.status, 412);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(Get(kA, SessionPath("open", "s1")).JsonBody()["membersInfo"]["count"], 1);
}

TEST_F(Concurrency, Conformance_4_4_28_IfNoneMatchStarCreates) {
  EXPECT_EQ(Put(kA, SessionPath("open", "new"), JoinBody("1001"), {{"If-None-Match", "*"}}).status, 201);
}

TEST_F(Concurrency, Conformance_4_4_30_StaleIfMatchReturns412WithSession) {
  auto created = Put(kA, SessionPath("open", "s1"), JoinBody("1001"));
  std::string stale = created.Header("etag");
  auto updated = Put(kA, SessionPath("open", "s1"), Json{{"properties", {{"custom", {{"x", 1}}}}}});
  ASSERT_EQ(updated.status, 200);
  auto r = Put(kA, SessionPath("open", "s1"), Json{{"properties", {{"custom", {{"x", 2}}}}}}, {{"If-Match", stale}});
  EXPECT_EQ(r.status, 412);
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_EQ(r.Header("etag"), updated.Header("etag"));
  Json body = r.JsonBody();
  EXPECT_EQ(body["properties"]["custom"]["x"], 1);
  EXPECT_EQ(body["members"]["0"]["constants"]["system"]["xuid"], "1001");
  EXPECT_EQ(body["membersInfo"]["count"], 1);
}

TEST_F(Concurrency, Conformance_4_4_31_CurrentIfMatchSucceedsWithNewEtag) {
  auto created = Put(kA, SessionPath("open", "s1"), JoinBody("1001"));
  auto r = Put(kA, SessionPath("open", "s1"), Json{{"properties", {{"custom", {{"x", 1}}}}}},
               {{"If-Match", created.Header("etag")}});
  EXPECT_EQ(r.status, 200);
  EXPECT_FALSE(r.Header("etag").empty());
  EXPECT_NE(r.Header("etag"), created.Header("etag"));
}

TEST_F(Concurrency, Conformance_4_4_34_DeleteMeWithStaleIfMatchReturns412WithSession) {
  auto created = Put(kA, SessionPath("open", "s1"), JoinBody("1001"));
  auto joined = Put(kB, SessionPath("open", "s1"), JoinBody("1002"));
  auto r = Delete(kB, SessionPath("open", "s1") + "/members/me", {{"If-Match", created.Header("etag")}});
  EXPECT_EQ(r.status, 412);
  EXPECT_EQ(r.Header("etag"), joined.Header("etag"));
  EXPECT_EQ(r.JsonBody()["membersInfo"]["count"], 2);
}

TEST_F(Concurrency, IfMatchOnMissingSessionReturns412WithoutBody) {
  auto r = Put(kA, SessionPath("open", "nope"), JoinBody("1001"), {{"If-Match", "*"}});
  EXPECT_EQ(r.status, 412);
  EXPECT_TRUE(r.body.empty());
}

TEST_F(Concurrency, IfMatchStarOnExistingSessionSucceeds) {
  Create(kA, "1001", "open", "s1");
  EXPECT_EQ(Put(kA, SessionPath("open", "s1"), Json::object(), {{"If-Match", "*"}}).status, 200);
}

TEST_F(Concurrency, GetWithMatchingIfNoneMatchReturns304) {
  auto created = Put(kA, SessionPath("open", "s1"), JoinBody("1001"));
  auto r = Get(kA, SessionPath("open", "s1"), {{"If-None-Match", created.Header("etag")}});
  EXPECT_EQ(r.status, 304);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(Get(kA, SessionPath("open", "s1"), {{"If-None-Match", "\"other\""}}).status, 200);
}

TEST_F(Concurrency, ChangeNumberIncreasesWithEachCommit) {
  Json a = Create(kA, "1001", "open", "s1");
  Json b = Put(kA, SessionPath("open", "s1"), Json{{"properties", {{"custom", {{"x", 1}}}}}}).JsonBody();
  EXPECT_EQ(b["changeNumber"].get<int>(), a["changeNumber"].get<int>() + 1);
  EXPECT_EQ(a["branch"], b["branch"]);
}

}  // namespace
}  // namespace xbl::conformance
