// More protocol §3 and §6 behaviour: presence decay opt-out, handle ownership rules, the
// bounded request log.
#include "conformance_fixture.h"
#include "rta_client.h"

namespace xbl::conformance {
namespace {

class SurfaceExtras : public ConformanceTest {};

TEST_F(SurfaceExtras, SuppressPresenceActivityCheckKeepsMembersActive) {
  Json body = JoinBody("1001");
  body["constants"] = {{"system", {{"capabilities", {{"suppressPresenceActivityCheck", true}}}}}};
  ASSERT_EQ(Put(kA, SessionPath("dyn", "p1"), body).status, 201);
  ASSERT_EQ(Admin("POST", "/presence", Json{{"xuid", "1001"}, {"present", false}}).status, 200);
  EXPECT_EQ(Get(kA, SessionPath("dyn", "p1")).JsonBody()["members"]["0"]["properties"]["system"]["active"], true);
}

TEST_F(SurfaceExtras, ActivityHandleDeletedOnlyByOwningTitle) {
  Create(kA, "1001", "open", "s1");
  Json ref = {{"scid", kScid}, {"templateName", "open"}, {"name", "s1"}};
  ASSERT_EQ(Post(kA, "/handles", Json{{"version", 1}, {"type", "activity"}, {"sessionRef", ref}}).status, 204);
  auto q = Post(kA, "/handles/query", Json{{"type", "activity"}, {"owners", {{"xuids", {"1001"}}}}});
  std::string id = q.JsonBody()["results"][0]["id"];
  EXPECT_EQ(Delete("XBL3.0 x=1001;title=999", "/handles/" + id).status, 403);  // another title
  EXPECT_EQ(Delete(kB, "/handles/" + id).status, 403);                          // another user
  EXPECT_EQ(Delete(kA, "/handles/" + id).status, 204);
}

TEST_F(SurfaceExtras, InviteFromNonMemberReturns403) {
  Create(kA, "1001", "open", "s1");
  Json invite = {{"version", 1}, {"type", "invite"}, {"sessionRef", {{"scid", kScid}, {"templateName", "open"}, {"name", "s1"}}},
                 {"invitedXuid", "1003"}, {"inviteAttributes", {{"titleId", "8397267"}}}};
  EXPECT_EQ(Post(kB, "/handles", invite).status, 403);
}

TEST_F(SurfaceExtras, ActivityQueryByFollowedPeople) {
  Create(kA, "1001", "open", "s1");
  Json ref = {{"scid", kScid}, {"templateName", "open"}, {"name", "s1"}};
  ASSERT_EQ(Post(kA, "/handles", Json{{"version", 1}, {"type", "activity"}, {"sessionRef", ref}}).status, 204);
  ASSERT_EQ(Admin("PUT", "/social", Json{{"follows", {{"1003", {"1001"}}}}}).status, 200);
  auto r = Post(kC, "/handles/query",
                Json{{"type", "activity"}, {"owners", {{"people", {{"moniker", "people"}, {"monikerXuid", "1003"}}}}}});
  ASSERT_EQ(r.status, 200);
  ASSERT_EQ(r.JsonBody()["results"].size(), 1u);
  EXPECT_EQ(r.JsonBody()["results"][0]["ownerXuid"], "1001");
}

TEST_F(SurfaceExtras, RequestLogIsBoundedAndKeepsCounting) {
  for (int i = 0; i < 10'050; ++i) ASSERT_EQ(Get(kA, SessionPath("open", "none")).status, 204);
  Json log = Admin("GET", "/requests?since=0").JsonBody()["requests"];
  ASSERT_EQ(log.size(), 10'000u);
  EXPECT_EQ(log[0]["seq"], 51);
  EXPECT_EQ(log[9'999]["seq"], 10'050);
}

}  // namespace
}  // namespace xbl::conformance

namespace xbl::conformance {
namespace {

class SurfaceHooks : public ConformanceTest {};

TEST_F(SurfaceHooks, UserBlockedByOwnerCannotJoin) {
  Json body = JoinBody("1001");
  body["constants"] = {{"system", {{"capabilities", {{"hasOwners", true}}}}}};
  body["properties"]["system"]["owners"] = Json::array({0});
  ASSERT_EQ(Put(kA, SessionPath("dyn", "b1"), body).status, 201);
  ASSERT_EQ(Admin("PUT", "/social", Json{{"blocks", {{"1001", {"1003"}}}}}).status, 200);
  EXPECT_EQ(Put(kC, SessionPath("dyn", "b1"), JoinBody("1003")).status, 403);
  EXPECT_EQ(Put(kB, SessionPath("dyn", "b1"), JoinBody("1002")).status, 200);
  EXPECT_EQ(Admin("PUT", "/social", Json{{"blocks", 5}}).status, 400);
}

TEST_F(SurfaceHooks, RtaDisconnectMakesMemberInactive) {
  Create(kA, "1001", "timers", "t1");
  Json join = JoinBody("1002");
  join["members"]["me"]["properties"]["system"]["connection"] = "conn-b";
  ASSERT_EQ(Put(kB, SessionPath("timers", "t1"), join).status, 200);
  auto r = Admin("POST", "/rta", Json{{"connection", "conn-b"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.JsonBody()["sessionsChanged"], 1);
  Json s = Get(kA, SessionPath("timers", "t1")).JsonBody();
  EXPECT_FALSE(s["members"]["1"]["properties"]["system"].contains("active"));
  EXPECT_EQ(s["members"]["0"]["properties"]["system"]["active"], true);
}

// A made-up connection string no longer passes: the id must be a live ConnectionId of the
// caller's own /connect socket (rta-protocol R-17).
TEST_F(SurfaceHooks, ConnectionRequiredForActiveMembers) {
  Json body = JoinBody("1001");
  body["constants"] = {{"system", {{"capabilities", {{"connectionRequiredForActiveMembers", true}}}}}};
  EXPECT_EQ(Put(kA, SessionPath("dyn", "c1"), body).status, 400);
  body["members"]["me"]["properties"]["system"]["connection"] = "conn-a";
  EXPECT_EQ(Put(kA, SessionPath("dyn", "c1"), body).status, 400);
  RtaClient socket(emulator_->port());
  ASSERT_EQ(socket.Connect(kA), 101);
  body["members"]["me"]["properties"]["system"]["connection"] = socket.Subscribe();
  EXPECT_EQ(Put(kA, SessionPath("dyn", "c1"), body).status, 201);
}

}  // namespace
}  // namespace xbl::conformance
