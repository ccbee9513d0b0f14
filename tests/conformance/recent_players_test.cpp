// Protocol §2.7 `groups` / `encounters` and §3.14 "Recent players: via groups and encounters", observed
// through the admin view GET /_emulator/recentplayers/{xuid}. Encounter expiry uses the manual clock.
#include "conformance_fixture.h"

namespace xbl::conformance {
namespace {

class RecentPlayers : public ConformanceTest {
 protected:
  Json Recent(std::string const& xuid) {
    auto r = Admin("GET", "/recentplayers/" + xuid);
    EXPECT_EQ(r.status, 200) << r.body;
    Json body = r.JsonBody();
    EXPECT_EQ(body["xuid"], xuid);
    return body["recentPlayers"];
  }
  // JOIN(xuid) with extra member system properties.
  Json JoinWith(std::string const& xuid, Json system) {
    Json body = JoinBody(xuid);
    for (auto const& item : system.items()) body["members"]["me"]["properties"]["system"][item.key()] = item.value();
    return body;
  }
  Json MeSystem(Json system) { return Json{{"members", {{"me", {{"properties", {{"system", system}}}}}}}}; }
  Json Ref(std::string const& tmpl, std::string const& name) {
    return Json{{"scid", kScid}, {"templateName", tmpl}, {"name", name}};
  }
};

TEST_F(RecentPlayers, PersistentGroupLinksMembersOfTheSameSession) {
  ASSERT_EQ(Put(kA, SessionPath("large", "l1"), JoinWith("1001", {{"groups", {"Raid1"}}})).status, 201);
  ASSERT_EQ(Put(kB, SessionPath("large", "l1"), JoinWith("1002", {{"groups", {"raid1"}}})).status, 200);
  ASSERT_EQ(Put(kC, SessionPath("large", "l1"), JoinWith("1003", {{"groups", {"other"}}})).status, 200);
  Json expected = Json::array({{{"xuid", "1002"}, {"sessionRef", Ref("large", "l1")},
                                {"groups", Json::array({{{"name", "raid1"}, {"expires", nullptr}}})}}});
  EXPECT_EQ(Recent("1001"), expected);  // group names compare case-insensitively
  EXPECT_TRUE(Recent("1003").empty());
  Advance(3600 * 1000);  // groups persist until changed
  EXPECT_EQ(Recent("1001"), expected);
  ASSERT_EQ(Put(kB, SessionPath("large", "l1"), MeSystem({{"groups", Json::array()}})).status, 200);
  EXPECT_TRUE(Recent("1001").empty());
}

TEST_F(RecentPlayers, EncounterLinksForThirtySeconds) {
  Create(kA, "1001", "large", "l2");
  Put(kB, SessionPath("large", "l2"), JoinBody("1002"));
  ASSERT_EQ(Put(kA, SessionPath("large", "l2"), MeSystem({{"encounters", {"match7"}}})).status, 200);
  EXPECT_TRUE(Recent("1001").empty());  // B has not met the group yet
  Advance(10000);
  ASSERT_EQ(Put(kB, SessionPath("large", "l2"), MeSystem({{"encounters", {"Match7"}}})).status, 200);
  Json linked = Recent("1002");
  ASSERT_EQ(linked.size(), 1u);
  EXPECT_EQ(linked[0]["xuid"], "1001");
  // The link lasts as long as both memberships: A's ends 30 s after A's write.
  EXPECT_EQ(linked[0]["groups"], Json::array({{{"name", "match7"}, {"expires", "2026-01-01T00:00:30.0000000Z"}}}));
  Advance(19999);
  EXPECT_EQ(Recent("1001").size(), 1u);
  Advance(1);
  EXPECT_TRUE(Recent("1001").empty());
  EXPECT_TRUE(Recent("1002").empty());
}

TEST_F(RecentPlayers, EncounterCountsAsMembershipOfAPersistentGroup) {
  ASSERT_EQ(Put(kA, SessionPath("large", "l3"), JoinWith("1001", {{"groups", {"lobby"}}})).status, 201);
  ASSERT_EQ(Put(kB, SessionPath("large", "l3"), JoinWith("1002", {{"encounters", {"LOBBY"}}})).status, 200);
  Json linked = Recent("1001");
  ASSERT_EQ(linked.size(), 1u);
  EXPECT_EQ(linked[0]["groups"][0]["expires"], "2026-01-01T00:00:30.0000000Z");
  Advance(30000);
  EXPECT_TRUE(Recent("1001").empty());
}

TEST_F(RecentPlayers, LeavingEndsTheMembersGroupMemberships) {
  Create(kA, "1001", "large", "l4");
  Put(kB, SessionPath("large", "l4"), JoinBody("1002"));
  Put(kA, SessionPath("large", "l4"), MeSystem({{"encounters", {"e"}}, {"groups", {"g"}}}));
  Put(kB, SessionPath("large", "l4"), MeSystem({{"encounters", {"e"}}, {"groups", {"g"}}}));
  ASSERT_EQ(Recent("1001").size(), 1u);
  ASSERT_EQ(Put(kB, SessionPath("large", "l4"), Json{{"members", {{"me", nullptr}}}}).status, 200);
  EXPECT_TRUE(Recent("1001").empty());
}

TEST_F(RecentPlayers, OnlyGameplaySessionsCountUnderContract107) {
  Create(kA, "1001", "open", "s1");  // no gameplay capability
  Put(kA, SessionPath("open", "s1"), MeSystem({{"groups", {"g"}}}));
  Put(kB, SessionPath("open", "s1"), JoinWith("1002", {{"groups", {"g"}}}));
  EXPECT_TRUE(Recent("1001").empty());

  Json game = JoinWith("1001", {{"groups", {"g"}}});
  game["constants"] = {{"system", {{"capabilities", {{"gameplay", true}}}}}};
  ASSERT_EQ(Put(kA, SessionPath("dyn", "g1"), game).status, 201);
  ASSERT_EQ(Put(kB, SessionPath("dyn", "g1"), JoinWith("1002", {{"groups", {"g"}}})).status, 200);
  Json linked = Recent("1001");
  ASSERT_EQ(linked.size(), 1u);
  EXPECT_EQ(linked[0]["sessionRef"], Ref("dyn", "g1"));

  // 104/105 sessions need no gameplay capability.
  std::map<std::string, std::string> v105 = {{"X-Xbl-Contract-Version", "105"}};
  ASSERT_EQ(Put(kA, SessionPath("open", "old"), JoinWith("1001", {{"groups", {"g"}}}), v105).status, 201);
  ASSERT_EQ(Put(kC, SessionPath("open", "old"), JoinWith("1003", {{"groups", {"g"}}}), v105).status, 200);
  EXPECT_EQ(Recent("1003").size(), 1u);
}

TEST_F(RecentPlayers, EncountersNeverAppearInResponses) {
  Json game = JoinWith("1001", {{"encounters", {"met-zebra"}}, {"groups", {"g1"}}});
  game["constants"] = {{"system", {{"capabilities", {{"gameplay", true}}}}}};
  auto created = Put(kA, SessionPath("dyn", "g2"), game);
  ASSERT_EQ(created.status, 201) << created.body;
  Json sys = created.JsonBody()["members"]["0"]["properties"]["system"];
  EXPECT_FALSE(sys.contains("encounters"));
  EXPECT_EQ(sys["groups"], (Json{"g1"}));
  EXPECT_EQ(created.body.find("met-zebra"), std::string::npos);
  EXPECT_EQ(Get(kA, SessionPath("dyn", "g2")).body.find("encounters"), std::string::npos);
  EXPECT_EQ(Get(kA, SessionPath("dyn", "g2") + "/members/me").body.find("encounters"), std::string::npos);
  auto large = Put(kA, SessionPath("large", "l5"), JoinWith("1001", {{"encounters", {"met-quokka"}}}));
  ASSERT_EQ(large.status, 201);
  EXPECT_EQ(large.body.find("encounters"), std::string::npos);
}

TEST_F(RecentPlayers, GroupAndEncounterNamesFollowSessionNameRules) {
  Create(kA, "1001", "large", "l6");
  for (Json bad : {Json("x"), Json::array({""}), Json::array({5}), Json::array({std::string(101, 'n')})}) {
    EXPECT_EQ(Put(kA, SessionPath("large", "l6"), MeSystem({{"encounters", bad}})).status, 400) << bad.dump();
    EXPECT_EQ(Put(kA, SessionPath("large", "l6"), MeSystem({{"groups", bad}})).status, 400) << bad.dump();
  }
  EXPECT_EQ(Put(kA, SessionPath("large", "l6"), MeSystem({{"encounters", {std::string(100, 'n')}}})).status, 200);
  EXPECT_EQ(Admin("GET", "/recentplayers/abc").status, 400);
}

}  // namespace
}  // namespace xbl::conformance
