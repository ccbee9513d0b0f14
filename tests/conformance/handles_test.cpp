// Protocol §4.13, §3.13 (handles) and §4 #142 (search-handle rate limits).
#include "conformance_fixture.h"

#include <regex>
#include <set>

namespace xbl::conformance {
namespace {

class Handles : public ConformanceTest {
 protected:
  Json Ref(std::string const& tmpl, std::string const& name) {
    return Json{{"scid", kScid}, {"templateName", tmpl}, {"name", name}};
  }
  Response Activity(char const* who, std::string const& tmpl, std::string const& name) {
    return Post(who, "/handles", Json{{"version", 1}, {"type", "activity"}, {"sessionRef", Ref(tmpl, name)}});
  }
  Json ActivityQuery(std::string const& xuid, std::string const& include = "relatedInfo") {
    auto r = Post(kA, "/handles/query?include=" + include,
                  Json{{"type", "activity"}, {"scid", kScid}, {"owners", {{"xuids", {xuid}}}}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.JsonBody()["results"];
  }
  std::string Invite(char const* who, std::string const& name, std::string const& invited) {
    auto r = Post(who, "/handles",
                  Json{{"version", 1}, {"type", "invite"}, {"sessionRef", Ref("open", name)}, {"invitedXuid", invited},
                       {"inviteAttributes", {{"titleId", "8397267"}}}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.JsonBody().value("id", std::string());
  }
  Response SearchHandle(char const* who, std::string const& tmpl, std::string const& name, Json attrs) {
    return Post(who, "/handles",
                Json{{"version", 1}, {"type", "search"}, {"sessionRef", Ref(tmpl, name)}, {"searchAttributes", attrs}});
  }
  Json SearchQuery(std::string const& filter, std::string const& include = "") {
    auto r = Post(kA, "/handles/query" + (include.empty() ? "" : "?include=" + include),
                  Json{{"type", "search"}, {"scid", kScid}, {"templateName", "srch"}, {"global", true}, {"filter", filter}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.JsonBody()["results"];
  }
};

TEST_F(Handles, Conformance_4_13_121_ActivityHandleCreateAndQuery) {
  Create(kA, "1001", "open", "s1");
  auto r = Activity(kA, "open", "s1");
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());
  Json results = ActivityQuery("1001");
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0]["ownerXuid"], "1001");
  EXPECT_EQ(results[0]["titleId"], "8397267");
  EXPECT_EQ(results[0]["type"], "activity");
  Json info = results[0]["relatedInfo"];
  EXPECT_EQ(info["visibility"], "open");
  EXPECT_EQ(info["joinRestriction"], "none");
  EXPECT_EQ(info["closed"], false);
  EXPECT_EQ(info["maxMembersCount"], 8);
  EXPECT_EQ(info["membersCount"], 1);
  EXPECT_FALSE(ActivityQuery("1001", "")[0].contains("relatedInfo"));  // not without include
}

TEST_F(Handles, ActivityHandleNeedsMembership) { EXPECT_EQ(Activity(kB, "open", "s1").status, 403); }

// The handles documentation: MPSD fills in a GUID for a missing name, and a handle never creates
// a session.
TEST_F(Handles, ActivityHandleWithoutSessionNameGetsAGuidAndCreatesNoSession) {
  Json ref = {{"scid", kScid}, {"templateName", "open"}};
  Response r = Post(kA, "/handles", Json{{"version", 1}, {"type", "activity"}, {"sessionRef", ref}});
  ASSERT_EQ(r.status, 204) << r.body;
  Json results = ActivityQuery("1001", "");
  ASSERT_EQ(results.size(), 1u);
  std::string name = results[0]["sessionRef"]["name"];
  EXPECT_TRUE(std::regex_match(name, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"))) << name;
  Response h = Get(kA, "/handles/" + results[0]["id"].get<std::string>());
  ASSERT_EQ(h.status, 200);
  EXPECT_EQ(h.JsonBody()["sessionRef"]["name"], name);
  EXPECT_EQ(Get(kA, SessionPath("open", name)).status, 204);  // no session under that reference
}

TEST_F(Handles, Conformance_4_13_124_LeavingOrBecomingInactiveDeletesActivityHandle) {
  Create(kA, "1001", "open", "s2");
  Put(kB, SessionPath("open", "s2"), JoinBody("1002"));
  ASSERT_EQ(Activity(kA, "open", "s2").status, 204);
  ASSERT_EQ(Activity(kB, "open", "s2").status, 204);
  ASSERT_EQ(Put(kA, SessionPath("open", "s2"), Json{{"members", {{"me", nullptr}}}}).status, 200);
  EXPECT_EQ(ActivityQuery("1001").size(), 0u);
  EXPECT_EQ(ActivityQuery("1002").size(), 1u);
  ASSERT_EQ(Put(kB, SessionPath("open", "s2"),
                Json{{"members", {{"me", {{"properties", {{"system", {{"active", false}}}}}}}}}})
                .status,
            200);
  EXPECT_EQ(ActivityQuery("1002").size(), 0u);
}

TEST_F(Handles, Conformance_4_13_125_InviteHandleWorksOnFullOrClosedSession) {
  Create(kA, "1001", "open", "s1");
  ASSERT_EQ(Put(kA, SessionPath("open", "s1"), Json{{"properties", {{"system", {{"closed", true}}}}}}).status, 200);
  std::string id = Invite(kA, "s1", "1002");
  EXPECT_FALSE(id.empty());
  auto get = Get(kB, "/handles/" + id);
  ASSERT_EQ(get.status, 200);
  EXPECT_EQ(get.JsonBody()["invitedXuid"], "1002");
  EXPECT_EQ(get.JsonBody()["senderXuid"], "1001");
  EXPECT_TRUE(get.JsonBody().contains("expiration"));
}

TEST_F(Handles, Conformance_4_13_126_LongInviteContextReturns400) {
  Create(kA, "1001", "open", "s1");
  auto r = Post(kA, "/handles",
                Json{{"version", 1}, {"type", "invite"}, {"sessionRef", Ref("open", "s1")}, {"invitedXuid", "1002"},
                     {"inviteAttributes", {{"titleId", "8397267"}, {"context", std::string(100, ' ')}}}});
  EXPECT_EQ(r.status, 400);  // 100 spaces are 300 characters URI-encoded
}

TEST_F(Handles, Conformance_4_13_127_JoinThroughInviteHandle) {
  Create(kA, "1001", "open", "s1");
  std::string id = Invite(kA, "s1", "1002");
  auto r = Put(kB, "/handles/" + id + "/session", JoinBody("1002"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.Header("content-location"), "/serviceconfigs/" + std::string(kScid) + "/sessiontemplates/open/sessions/s1");
  EXPECT_FALSE(r.Header("etag").empty());
  EXPECT_EQ(r.JsonBody()["membersInfo"]["count"], 2);
}

TEST_F(Handles, Conformance_4_13_128_InviteToClosedSessionIsReadOnly) {
  Create(kA, "1001", "open", "s1");
  std::string id = Invite(kA, "s1", "1002");
  ASSERT_EQ(Put(kA, SessionPath("open", "s1"), Json{{"properties", {{"system", {{"closed", true}}}}}}).status, 200);
  auto r = Put(kB, "/handles/" + id + "/session", JoinBody("1002"));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_EQ(r.JsonBody()["membersInfo"]["count"], 1);
  auto get = Get(kB, "/handles/" + id + "/session");
  EXPECT_EQ(get.status, 200);
  EXPECT_FALSE(get.Header("content-location").empty());
}

TEST_F(Handles, Conformance_4_13_129_UnknownHandleReturns404) {
  EXPECT_EQ(Get(kA, "/handles/6b5e2a5c-0000-4000-8000-000000000000/session").status, 404);
  EXPECT_EQ(Put(kA, "/handles/6b5e2a5c-0000-4000-8000-000000000000/session", JoinBody("1001")).status, 404);
}

TEST_F(Handles, Conformance_4_13_131_TransferHandleAdmitsOnlyOriginMembers) {
  Create(kA, "1001", "open", "L");
  Put(kB, SessionPath("open", "L"), JoinBody("1002"));
  Json game = JoinBody("1001");
  game["constants"] = {{"system", {{"capabilities", {{"userAuthorizationStyle", true}}}}}};
  ASSERT_EQ(Put(kA, SessionPath("dyn", "G"), game).status, 201);
  EXPECT_EQ(Put(kB, SessionPath("dyn", "G"), JoinBody("1002")).status, 403);  // joinRestriction local
  auto t = Post(kA, "/handles",
                Json{{"version", 1}, {"type", "transfer"}, {"sessionRef", Ref("dyn", "G")}, {"originSessionRef", Ref("open", "L")}});
  ASSERT_EQ(t.status, 201) << t.body;
  std::string id = t.JsonBody()["id"];
  EXPECT_EQ(Put(kB, "/handles/" + id + "/session", JoinBody("1002")).status, 200);
  EXPECT_EQ(Put(kC, "/handles/" + id + "/session", JoinBody("1003")).status, 403);
}

TEST_F(Handles, Conformance_4_13_132_DeleteHandle) {
  Create(kA, "1001", "open", "s1");
  std::string id = Invite(kA, "s1", "1002");
  EXPECT_EQ(Delete(kA, "/handles/" + id).status, 204);
  EXPECT_EQ(Get(kA, "/handles/" + id).status, 404);
  EXPECT_EQ(Delete(kA, "/handles/" + id).status, 404);
}

TEST_F(Handles, Conformance_4_13_133_SearchHandleNeedsSearchable) {
  Create(kA, "1001", "open", "s1");
  EXPECT_EQ(SearchHandle(kA, "open", "s1", Json{{"tags", {"x"}}}).status, 400);
  Create(kA, "1001", "srch", "q1");
  auto r = SearchHandle(kA, "srch", "q1", Json{{"tags", {"CoolPeopleOnly"}}, {"numbers", {{"rank", 50}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  Json h = r.JsonBody();
  EXPECT_FALSE(h.value("id", std::string()).empty());
  EXPECT_EQ(h["type"], "search");
  EXPECT_EQ(h["sessionRef"]["name"], "q1");
  EXPECT_EQ(h["searchAttributes"]["numbers"]["rank"], 50);
  EXPECT_EQ(Get(kA, SessionPath("srch", "q1")).JsonBody()["searchHandle"], h["id"]);
  EXPECT_EQ(SearchHandle(kA, "srch", "q1", Json{{"tags", {"has space"}}}).status, 400);
}

TEST_F(Handles, Conformance_4_13_135_SearchFilterSelectsMatchingHandles) {
  struct Spec { char const* name; int rank; char const* tag; };
  for (Spec s : {Spec{"a", 50, "CoolPeopleOnly"}, Spec{"b", 70, "coolpeopleonly"}, Spec{"c", 40, "other"}}) {
    Create(kA, "1001", "srch", s.name);
    ASSERT_EQ(SearchHandle(kA, "srch", s.name, Json{{"tags", {s.tag}}, {"numbers", {{"rank", s.rank}}}}).status, 201);
  }
  Put(kA, SessionPath("srch", "a"), Json{{"properties", {{"custom", {{"map", "dust"}}}}}});
  Json results = SearchQuery("numbers/rank lt 60 and tags/any(d:tolower(d) eq 'coolpeopleonly')",
                             "relatedInfo,roleInfo,customProperties");
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0]["sessionRef"]["name"], "a");
  EXPECT_EQ(results[0]["customProperties"]["map"], "dust");
  EXPECT_EQ(results[0]["relatedInfo"]["membersCount"], 1);
  EXPECT_TRUE(results[0]["relatedInfo"].contains("sessionOwners"));
  EXPECT_TRUE(results[0].contains("roleInfo"));
  Json plain = SearchQuery("numbers/rank lt 60");
  EXPECT_EQ(plain.size(), 2u);
  EXPECT_FALSE(plain[0].contains("relatedInfo"));
  EXPECT_EQ(SearchQuery("numbers/rank gt 60 or numbers/rank lt 45").size(), 2u);
}

// E22: `sessionMembers.people` keeps sessions with a member the moniker's user follows.
TEST_F(Handles, SearchQuerySessionMembersKeepsSessionsWithFollowedMembers) {
  struct Spec { char const* who; char const* xuid; char const* name; int rank; };
  for (Spec s : {Spec{kA, "1001", "a1", 50}, Spec{kB, "1002", "b1", 70}, Spec{kC, "1003", "c1", 40}}) {
    Create(s.who, s.xuid, "srch", s.name);
    ASSERT_EQ(SearchHandle(s.who, "srch", s.name, Json{{"numbers", {{"rank", s.rank}}}}).status, 201);
  }
  ASSERT_EQ(Admin("PUT", "/social", Json{{"follows", {{"1005", {"1001", "1002"}}, {"1003", {"1002"}}}}}).status, 200);
  auto query = [&](char const* who, Json people, std::string const& filter = "") {
    Json body = {{"type", "search"}, {"scid", kScid}, {"templateName", "srch"}, {"global", true},
                 {"sessionMembers", {{"people", people}}}};
    if (!filter.empty()) body["filter"] = filter;
    auto r = Post(who, "/handles/query", body);
    EXPECT_EQ(r.status, 200) << r.body;
    Json const results = r.JsonBody()["results"];
    std::set<std::string> names;
    for (auto const& h : results) names.insert(h["sessionRef"]["name"].get<std::string>());
    return names;
  };
  Json of_e = {{"moniker", "people"}, {"monikerXuid", "1005"}};
  EXPECT_EQ(query(kA, of_e), (std::set<std::string>{"a1", "b1"}));  // c1 has no member 1005 follows
  EXPECT_EQ(query(kA, of_e, "numbers/rank lt 60"), (std::set<std::string>{"a1"}));  // and the filter
  EXPECT_EQ(query(kC, Json{{"moniker", "people"}}), (std::set<std::string>{"b1"}));  // the caller's follows
  EXPECT_TRUE(query(kA, Json{{"moniker", "people"}, {"monikerXuid", "1004"}}).empty());  // follows nobody
}

TEST_F(Handles, SearchQuerySessionMembersIgnoresReservations) {
  Create(kC, "1003", "srch", "c1");
  ASSERT_EQ(SearchHandle(kC, "srch", "c1", Json{{"tags", {"x"}}}).status, 201);
  ASSERT_EQ(Admin("PUT", "/social", Json{{"follows", {{"1002", {"1004"}}}}}).status, 200);
  Json body = {{"type", "search"}, {"scid", kScid}, {"templateName", "srch"},
               {"sessionMembers", {{"people", {{"moniker", "people"}, {"monikerXuid", "1002"}}}}}};
  ASSERT_EQ(Put(kC, SessionPath("srch", "c1"), Json{{"members", {{"reserve_0", {{"constants", {{"system", {{"xuid", "1004"}}}}}}}}}}).status,
            200);
  EXPECT_EQ(Post(kA, "/handles/query", body).JsonBody()["results"].size(), 0u);  // 1004 is only reserved
  ASSERT_EQ(Put(kA2, SessionPath("srch", "c1"), JoinBody("1004")).status, 200);
  EXPECT_EQ(Post(kA, "/handles/query", body).JsonBody()["results"].size(), 1u);
}

TEST_F(Handles, SearchQuerySessionMembersMustNameSomeone) {
  auto status = [&](char const* who, Json session_members) {
    return Post(who, "/handles/query",
                Json{{"type", "search"}, {"scid", kScid}, {"sessionMembers", session_members}}).status;
  };
  EXPECT_EQ(status(kA, Json("people")), 400);
  EXPECT_EQ(status(kA, Json{{"people", 5}}), 400);
  EXPECT_EQ(status(kA, Json{{"people", {{"moniker", 1}}}}), 400);
  EXPECT_EQ(status(kA, Json{{"people", {{"monikerXuid", "abc"}}}}), 400);
  EXPECT_EQ(status(kSrv, Json{{"people", {{"moniker", "people"}}}}), 400);  // a server has no follows of its own
  EXPECT_EQ(status(kA, Json{{"people", {{"moniker", "people"}}}}), 200);
}

TEST_F(Handles, SearchFilterRejectsUnsupportedSyntax) {
  auto bad = [&](std::string const& filter) {
    return Post(kA, "/handles/query", Json{{"type", "search"}, {"scid", kScid}, {"filter", filter}}).status;
  };
  EXPECT_EQ(bad("numbers/a eq 1 or numbers/b eq 2 or numbers/c eq 3"), 400);  // two ors
  EXPECT_EQ(bad("numbers/a eq 1 and (numbers/b eq 2 or numbers/c eq 3)"), 400);  // or below the root
  EXPECT_EQ(bad("contains(strings/x, 'a')"), 400);                               // other functions
  EXPECT_EQ(bad("bogus/path eq 1"), 400);
  EXPECT_EQ(bad("numbers/a eq"), 400);
}

// XSAPI sends `"filter":""` when the title set none; that query (or a null filter) matches every
// search handle, while a filter of another type is still a 400.
TEST_F(Handles, SearchQueryWithAnEmptyOrNullFilterMatchesEverything) {
  for (char const* name : {"e1", "e2"}) {
    Create(kA, "1001", "srch", name);
    ASSERT_EQ(SearchHandle(kA, "srch", name, Json{{"tags", {"x"}}}).status, 201);
  }
  auto const r = Post(kA, "/handles/query",
                      Json{{"type", "search"}, {"scid", kScid}, {"templateName", "srch"}, {"global", true}, {"filter", ""}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.JsonBody()["results"].size(), 2u);
  auto const null_filter = Post(kA, "/handles/query", Json{{"type", "search"}, {"scid", kScid}, {"filter", nullptr}});
  ASSERT_EQ(null_filter.status, 200) << null_filter.body;
  EXPECT_EQ(null_filter.JsonBody()["results"].size(), 2u);
  EXPECT_EQ(Post(kA, "/handles/query", Json{{"type", "search"}, {"scid", kScid}, {"filter", 5}}).status, 400);
}

TEST_F(Handles, Conformance_4_13_137_SearchQueryReturnsAtMost100) {
  // One search handle per session, so 150 sessions.
  for (int i = 0; i < 150; ++i) {
    std::string name = "m" + std::to_string(i);
    ASSERT_EQ(Put(kA, SessionPath("srch", name), JoinBody("1001")).status, 201);
    ASSERT_EQ(SearchHandle(kA, "srch", name, Json{{"numbers", {{"rank", i}}}}).status, 201);
  }
  EXPECT_EQ(SearchQuery("numbers/rank ge 0").size(), 100u);
}

TEST_F(Handles, Conformance_4_14_142_SearchHandleRateLimits) {
  ASSERT_EQ(Admin("PUT", "/ratelimits",
                  Json{{"enabled", true}, {"burst", 30}, {"burst_period_s", 15}, {"sustain", 300}, {"sustain_period_s", 300}})
                .status,
            200);
  Create(kA, "1001", "srch", "r1");
  ASSERT_EQ(SearchHandle(kA, "srch", "r1", Json{{"tags", {"x"}}}).status, 201);
  EXPECT_EQ(SearchHandle(kA, "srch", "r1", Json{{"tags", {"y"}}}).status, 429);  // 2nd write within 15 s
  // Reads: one per 15 s burst window passes; 20 windows fill the 300 s sustain period (at 20).
  auto read = [&] { return Post(kA, "/handles/query", Json{{"type", "search"}, {"scid", kScid}}).status; };
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(read(), 200) << i;
    if (i < 19) Advance(15000);
  }
  EXPECT_EQ(read(), 429);  // the 21st read within 300 s
  // General MPSD requests are not counted in the search buckets.
  EXPECT_EQ(Get(kA, SessionPath("srch", "r1")).status, 200);
}

}  // namespace
}  // namespace xbl::conformance
