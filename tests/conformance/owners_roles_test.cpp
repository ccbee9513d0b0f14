// Protocol §2.4.8, §3.6 and §3.9: member roles, session owners and owner migration.
#include "conformance_fixture.h"

namespace xbl::conformance {
namespace {

class Roles : public ConformanceTest {
 protected:
  Json RoleTypes() {
    return Json{{"lfg", {{"mutableRoleSettings", {"max"}}, {"roles", {{"tank", {{"max", 1}}}, {"healer", {{"max", 2}, {"target", 1}}}}}}}};
  }
  Json JoinWithRole(std::string const& xuid, std::string const& role) {
    Json body = JoinBody(xuid);
    body["members"]["me"]["roles"] = {{"lfg", role}};
    return body;
  }
};

TEST_F(Roles, RoleCountsAndFullRoleRejected) {
  Json body = JoinWithRole("1001", "tank");
  body["roleTypes"] = RoleTypes();
  auto created = Put(kA, SessionPath("dyn", "r1"), body);
  ASSERT_EQ(created.status, 201) << created.body;
  Json tank = created.JsonBody()["roleTypes"]["lfg"]["roles"]["tank"];
  EXPECT_EQ(tank["count"], 1);
  EXPECT_EQ(tank["memberXuids"], (Json{"1001"}));
  EXPECT_EQ(created.JsonBody()["members"]["0"]["roles"], (Json{{"lfg", "tank"}}));
  EXPECT_EQ(Put(kB, SessionPath("dyn", "r1"), JoinWithRole("1002", "tank")).status, 409);
  EXPECT_EQ(Put(kB, SessionPath("dyn", "r1"), JoinWithRole("1002", "mage")).status, 400);
  auto healer = Put(kB, SessionPath("dyn", "r1"), JoinWithRole("1002", "healer"));
  ASSERT_EQ(healer.status, 200);
  EXPECT_EQ(healer.JsonBody()["roleTypes"]["lfg"]["roles"]["healer"]["count"], 1);
  // Leaving frees the role.
  Put(kA, SessionPath("dyn", "r1"), Json{{"members", {{"me", nullptr}}}});
  EXPECT_EQ(Get(kB, SessionPath("dyn", "r1")).JsonBody()["roleTypes"]["lfg"]["roles"]["tank"]["count"], 0);
}

TEST_F(Roles, InvalidRoleTypesReturn400) {
  for (Json bad : {Json{{"lfg", {{"roles", {{"tank", {{"max", 0}}}}}}}},
                   Json{{"lfg", {{"roles", {{"tank", {{"max", 2}, {"target", 3}}}}}}}},
                   Json{{"LFG", {{"roles", {{"tank", {{"max", 2}}}}}}}},
                   Json{{"lfg", {{"ownerManaged", true}, {"roles", {{"tank", {{"max", 2}}}}}}}}}) {
    Json body = JoinBody("1001");
    body["roleTypes"] = bad;
    EXPECT_EQ(Put(kA, SessionPath("dyn", "bad"), body).status, 400) << bad.dump();
  }
}

TEST_F(Roles, RoleSettingsChangeOnlyWhenMutableAndByServerOrOwner) {
  Json body = JoinBody("1001");
  body["roleTypes"] = RoleTypes();
  ASSERT_EQ(Put(kA, SessionPath("dyn", "r2"), body).status, 201);
  Json more = {{"roleTypes", {{"lfg", {{"roles", {{"tank", {{"max", 3}}}}}}}}}};
  EXPECT_EQ(Put(kA, SessionPath("dyn", "r2"), more).status, 403);  // no hasOwners: servers only
  auto r = Put(kSrv, SessionPath("dyn", "r2"), more);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.JsonBody()["roleTypes"]["lfg"]["roles"]["tank"]["max"], 3);
  Json target = {{"roleTypes", {{"lfg", {{"roles", {{"healer", {{"target", 2}}}}}}}}}};
  EXPECT_EQ(Put(kSrv, SessionPath("dyn", "r2"), target).status, 409);  // target is not mutable
}

class Owners : public ConformanceTest {
 protected:
  Response CreateOwned(std::string const& name, std::string const& migration) {
    Json body = JoinBody("1001");
    Json policies = {{"migration", migration}, {"nonOwnerModifiableSystemProperties", {"turn"}}};
    body["constants"]["system"]["capabilities"] = {{"hasOwners", true}};
    body["constants"]["system"]["ownershipPolicies"] = policies;
    body["properties"]["system"]["owners"] = Json::array({0});
    return Put(kA, SessionPath("dyn", name), body);
  }
};

TEST_F(Owners, NonOwnersChangeOnlyNonOwnerModifiableProperties) {
  ASSERT_EQ(CreateOwned("o1", "oldest").status, 201);
  ASSERT_EQ(Put(kB, SessionPath("dyn", "o1"), JoinBody("1002")).status, 200);
  EXPECT_EQ(Put(kB, SessionPath("dyn", "o1"), Json{{"properties", {{"system", {{"closed", true}}}}}}).status, 403);
  EXPECT_EQ(Put(kB, SessionPath("dyn", "o1"), Json{{"properties", {{"system", {{"turn", {1}}}}}}}).status, 200);
  EXPECT_EQ(Put(kA, SessionPath("dyn", "o1"), Json{{"properties", {{"system", {{"closed", true}}}}}}).status, 200);
  EXPECT_EQ(Put(kA, SessionPath("dyn", "o1"), Json{{"properties", {{"system", {{"owners", {7}}}}}}}).status, 400);
}

TEST_F(Owners, OldestMemberBecomesOwnerWhenLastOwnerLeaves) {
  ASSERT_EQ(CreateOwned("o2", "oldest").status, 201);
  Advance(10);
  Put(kB, SessionPath("dyn", "o2"), JoinBody("1002"));
  Advance(10);
  Put(kC, SessionPath("dyn", "o2"), JoinBody("1003"));
  auto r = Put(kA, SessionPath("dyn", "o2"), Json{{"members", {{"me", nullptr}}}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.JsonBody()["properties"]["system"]["owners"], (Json{1}));
}

TEST_F(Owners, EndSessionPolicyRemovesEveryoneWhenLastOwnerLeaves) {
  ASSERT_EQ(CreateOwned("o3", "endsession").status, 201);
  Put(kB, SessionPath("dyn", "o3"), JoinBody("1002"));
  EXPECT_EQ(Put(kA, SessionPath("dyn", "o3"), Json{{"members", {{"me", nullptr}}}}).status, 204);
  EXPECT_EQ(Get(kB, SessionPath("dyn", "o3")).status, 204);
}

// Protocol §3.6 "remove another member": servers, and owners on hasOwners sessions.
TEST_F(Owners, OwnerRemovesAnotherMemberWithDelete) {
  ASSERT_EQ(CreateOwned("d1", "oldest").status, 201);
  Put(kB, SessionPath("dyn", "d1"), JoinBody("1002"));
  Put(kC, SessionPath("dyn", "d1"), JoinBody("1003"));
  auto removed = Delete(kA, SessionPath("dyn", "d1") + "/members/1");
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_FALSE(removed.JsonBody()["members"].contains("1"));
  EXPECT_EQ(removed.JsonBody()["membersInfo"]["count"], 2);
  auto refused = Delete(kC, SessionPath("dyn", "d1") + "/members/0");  // C is not an owner
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.Header("content-type").find("text/plain"), std::string::npos);
  EXPECT_EQ(Get(kA, SessionPath("dyn", "d1")).JsonBody()["membersInfo"]["count"], 2);
}

TEST_F(Owners, OwnerRemovesAnotherMemberWithNullIndex) {
  ASSERT_EQ(CreateOwned("d2", "oldest").status, 201);
  Put(kB, SessionPath("dyn", "d2"), JoinBody("1002"));
  Put(kC, SessionPath("dyn", "d2"), JoinBody("1003"));
  EXPECT_EQ(Put(kC, SessionPath("dyn", "d2"), Json{{"members", {{"0", nullptr}}}}).status, 403);
  auto removed = Put(kA, SessionPath("dyn", "d2"), Json{{"members", {{"1", nullptr}}}});
  ASSERT_EQ(removed.status, 200) << removed.body;
  EXPECT_FALSE(removed.JsonBody()["members"].contains("1"));
  EXPECT_TRUE(removed.JsonBody()["members"].contains("2"));
  // Owners remove; writing another member's entry stays a server's.
  Json write = {{"members", {{"2", {{"properties", {{"custom", {{"x", 1}}}}}}}}}};
  EXPECT_EQ(Put(kA, SessionPath("dyn", "d2"), write).status, 403);
}

TEST_F(Owners, WithoutHasOwnersOnlyServersRemoveOthers) {
  Create(kA, "1001", "open", "n1");
  Put(kB, SessionPath("open", "n1"), JoinBody("1002"));
  // An owners list without the hasOwners capability gives no power.
  ASSERT_EQ(Put(kA, SessionPath("open", "n1"), Json{{"properties", {{"system", {{"owners", {0}}}}}}}).status, 200);
  EXPECT_EQ(Delete(kA, SessionPath("open", "n1") + "/members/1").status, 403);
  EXPECT_EQ(Put(kA, SessionPath("open", "n1"), Json{{"members", {{"1", nullptr}}}}).status, 403);
  EXPECT_EQ(Delete(kSrv, SessionPath("open", "n1") + "/members/1").status, 200);
}

TEST_F(Owners, OwnerRemovingTheOtherOwnerKeepsTheSession) {
  ASSERT_EQ(CreateOwned("d3", "endsession").status, 201);
  Put(kB, SessionPath("dyn", "d3"), JoinBody("1002"));
  Put(kC, SessionPath("dyn", "d3"), JoinBody("1003"));
  ASSERT_EQ(Put(kA, SessionPath("dyn", "d3"), Json{{"properties", {{"system", {{"owners", {0, 1}}}}}}}).status, 200);
  auto r = Put(kA, SessionPath("dyn", "d3"), Json{{"members", {{"1", nullptr}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.JsonBody()["properties"]["system"]["owners"], (Json{0}));  // A is still an owner: no migration
  EXPECT_EQ(r.JsonBody()["membersInfo"]["count"], 2);
}

TEST_F(Owners, LastOwnerRemovingItselfByIndexAppliesMigration) {
  ASSERT_EQ(CreateOwned("e1", "endsession").status, 201);
  Put(kB, SessionPath("dyn", "e1"), JoinBody("1002"));
  EXPECT_EQ(Put(kA, SessionPath("dyn", "e1"), Json{{"members", {{"0", nullptr}}}}).status, 204);
  EXPECT_EQ(Get(kB, SessionPath("dyn", "e1")).status, 204);  // endsession removed everyone

  ASSERT_EQ(CreateOwned("e2", "oldest").status, 201);
  Advance(10);
  Put(kB, SessionPath("dyn", "e2"), JoinBody("1002"));
  auto r = Put(kA, SessionPath("dyn", "e2"), Json{{"members", {{"0", nullptr}}}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.JsonBody()["properties"]["system"]["owners"], (Json{1}));  // oldest remaining member
}

TEST_F(Owners, OwnersCannotRemoveMembersOfLargeSessions) {
  Json body = JoinBody("1001");
  body["constants"]["system"] = {{"maxMembersCount", 200}, {"capabilities", {{"large", true}, {"hasOwners", true}}}};
  body["properties"]["system"]["owners"] = Json::array({0});
  ASSERT_EQ(Put(kA, SessionPath("dyn", "big"), body).status, 201);
  Put(kB, SessionPath("dyn", "big"), JoinBody("1002"));
  EXPECT_EQ(Delete(kA, SessionPath("dyn", "big") + "/members/1").status, 409);
  EXPECT_EQ(Put(kA, SessionPath("dyn", "big"), Json{{"members", {{"1", nullptr}}}}).status, 409);
}

TEST_F(Owners, NonOwnerCannotSendInvitesWithoutPolicy) {
  ASSERT_EQ(CreateOwned("o4", "oldest").status, 201);
  Put(kB, SessionPath("dyn", "o4"), JoinBody("1002"));
  Json ref = {{"scid", kScid}, {"templateName", "dyn"}, {"name", "o4"}};
  Json invite = {{"version", 1}, {"type", "invite"}, {"sessionRef", ref}, {"invitedXuid", "1003"},
                 {"inviteAttributes", {{"titleId", "8397267"}}}};
  EXPECT_EQ(Post(kB, "/handles", invite).status, 403);
  EXPECT_EQ(Post(kA, "/handles", invite).status, 201);
}

}  // namespace
}  // namespace xbl::conformance
