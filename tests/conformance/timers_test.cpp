// Protocol §4.9 and §3.9: timers, evaluated lazily on the manual clock.
#include "conformance_fixture.h"

namespace xbl::conformance {
namespace {

class Timers : public ConformanceTest {
 protected:
  Response Reserve(char const* who, std::string const& path, std::string const& xuid, Json extra = Json::object()) {
    Json system = {{"xuid", xuid}};
    for (auto const& e : extra.items()) system[e.key()] = e.value();
    return Put(who, path, Json{{"members", {{"reserve_0", {{"constants", {{"system", system}}}}}}}});
  }
};

TEST_F(Timers, Conformance_4_9_82_ReservationExpiresAtNextTimer) {
  Create(kA, "1001", "timers", "t1");
  auto r = Reserve(kA, SessionPath("timers", "t1"), "1002");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.JsonBody()["nextTimer"], "2026-01-01T00:00:01.0000000Z");
  EXPECT_EQ(r.Header("expires"), "Thu, 01 Jan 2026 00:00:01 GMT");
  Advance(1001);
  Json s = Get(kA, SessionPath("timers", "t1")).JsonBody();
  EXPECT_FALSE(s["members"].contains("1"));
  EXPECT_EQ(s["membersInfo"]["count"], 1);
  EXPECT_FALSE(s.contains("nextTimer"));
}

TEST_F(Timers, Conformance_4_9_83_TimersApplyLazilyOnTheNextRead) {
  Create(kA, "1001", "timers", "t1");
  auto reserved = Reserve(kA, SessionPath("timers", "t1"), "1002");
  std::string etag = reserved.Header("etag");
  Advance(5000);
  // The request log shows no request between t0 and t0+5000; the expiry happens on this GET,
  // which therefore commits a new change (new ETag).
  auto log = Admin("GET", "/requests?since=0").JsonBody()["requests"];
  std::size_t before = log.size();
  auto r = Get(kA, SessionPath("timers", "t1"));
  EXPECT_FALSE(r.JsonBody()["members"].contains("1"));
  EXPECT_NE(r.Header("etag"), etag);
  EXPECT_EQ(Admin("GET", "/requests?since=0").JsonBody()["requests"].size(), before + 1);
}

TEST_F(Timers, Conformance_4_9_87_NullTimeoutIsInfinite) {
  Json body = JoinBody("1001");
  body["constants"] = {{"system", {{"reservedRemovalTimeout", nullptr}}}};
  ASSERT_EQ(Put(kA, SessionPath("dyn", "n1"), body).status, 201);
  auto r = Reserve(kA, SessionPath("dyn", "n1"), "1002");
  EXPECT_FALSE(r.JsonBody().contains("nextTimer"));
  EXPECT_FALSE(r.HasHeader("expires"));
  Advance(3600 * 1000);
  EXPECT_TRUE(Get(kA, SessionPath("dyn", "n1")).JsonBody()["members"].contains("1"));
}

TEST_F(Timers, Conformance_4_9_89_JoinTimeoutOverridesReservedTimeoutForEpisodeMembers) {
  Json body = {{"constants",
                {{"system", {{"memberInitialization", {{"joinTimeout", 60000}, {"membersNeededToStart", 1}}}}}}},
               {"members", {{"reserve_0", {{"constants", {{"system", {{"xuid", "1001"}, {"initialize", true}}}}}}}}}};
  auto created = Put(kSrv, SessionPath("dyn", "j1"), body);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.JsonBody()["constants"]["system"]["reservedRemovalTimeout"], 30000);
  Advance(31000);
  auto r = Get(kSrv, SessionPath("dyn", "j1"));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.JsonBody()["members"]["0"]["reserved"], true);
  Advance(30000);  // past joinTimeout: the reservation that never joined is removed
  EXPECT_EQ(Get(kSrv, SessionPath("dyn", "j1")).status, 204);
}

TEST_F(Timers, ReadyExpiryRevertsToInactiveThenInactiveExpiryRemoves) {
  Create(kA, "1001", "timers", "t1");
  Json join = JoinBody("1002", false);
  join["members"]["me"]["properties"] = {{"system", {{"ready", true}}}};
  ASSERT_EQ(Put(kB, SessionPath("timers", "t1"), join).status, 200);
  Advance(1001);
  Json s = Get(kA, SessionPath("timers", "t1")).JsonBody();
  ASSERT_TRUE(s["members"].contains("1"));  // not stacked: only ready -> inactive on this request
  EXPECT_FALSE(s["members"]["1"]["properties"]["system"].contains("ready"));
  EXPECT_EQ(s["nextTimer"], "2026-01-01T00:00:02.0000000Z");
  Advance(1000);
  EXPECT_FALSE(Get(kA, SessionPath("timers", "t1")).JsonBody()["members"].contains("1"));
}

TEST_F(Timers, InactiveMemberRemovedAfterInactiveTimeout) {
  Create(kA, "1001", "timers", "t1");
  ASSERT_EQ(Put(kB, SessionPath("timers", "t1"), JoinBody("1002", false)).status, 200);
  Advance(999);
  EXPECT_TRUE(Get(kA, SessionPath("timers", "t1")).JsonBody()["members"].contains("1"));
  Advance(1);
  EXPECT_FALSE(Get(kA, SessionPath("timers", "t1")).JsonBody()["members"].contains("1"));
}

TEST_F(Timers, EmptySessionDeletedAfterSessionEmptyTimeout) {
  Create(kA, "1001", "timers", "t1");
  auto left = Put(kA, SessionPath("timers", "t1"), Json{{"members", {{"me", nullptr}}}});
  ASSERT_EQ(left.status, 200);
  EXPECT_EQ(left.JsonBody()["membersInfo"]["count"], 0);
  EXPECT_EQ(left.JsonBody()["nextTimer"], "2026-01-01T00:00:01.0000000Z");
  Advance(999);
  EXPECT_EQ(Get(kA, SessionPath("timers", "t1")).status, 200);
  Advance(1);
  EXPECT_EQ(Get(kA, SessionPath("timers", "t1")).status, 204);
}

TEST_F(Timers, DefaultInactiveTimeoutZeroRemovesInactiveMemberOnNextRequest) {
  Create(kA, "1001", "open", "s1");
  ASSERT_EQ(Put(kB, SessionPath("open", "s1"), JoinBody("1002", false)).status, 200);
  EXPECT_FALSE(Get(kA, SessionPath("open", "s1")).JsonBody()["members"].contains("1"));
}

TEST_F(Timers, PresenceLossMakesActiveMemberInactive) {
  Create(kA, "1001", "timers", "t1");
  Put(kB, SessionPath("timers", "t1"), JoinBody("1002"));
  ASSERT_EQ(Admin("POST", "/presence", Json{{"xuid", "1002"}, {"present", false}}).status, 200);
  Json s = Get(kA, SessionPath("timers", "t1")).JsonBody();
  EXPECT_FALSE(s["members"]["1"]["properties"]["system"].contains("active"));
  EXPECT_FALSE(s["members"]["1"].contains("activeTitleId"));
  Advance(1000);
  EXPECT_FALSE(Get(kA, SessionPath("timers", "t1")).JsonBody()["members"].contains("1"));
}

}  // namespace
}  // namespace xbl::conformance
