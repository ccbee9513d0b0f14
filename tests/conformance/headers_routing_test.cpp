// Protocol §4.2: headers, routing, errors.
#include "conformance_fixture.h"

namespace xbl::conformance {
namespace {

class HeadersRouting : public ConformanceTest {};

TEST_F(HeadersRouting, Conformance_4_2_1_MissingOrOldContractVersionReturns400) {
  auto missing = client_->Send("GET", SessionPath("open", "s1"), {{"Authorization", kA}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.Header("content-type").find("text/plain"), std::string::npos);
  auto old = Get(kA, SessionPath("open", "s1"), {{"X-Xbl-Contract-Version", "103"}});
  EXPECT_EQ(old.status, 400);
  EXPECT_EQ(Get(kA, SessionPath("open", "s1"), {{"X-Xbl-Contract-Version", "104"}}).status, 204);
}

TEST_F(HeadersRouting, Conformance_4_2_2_UnknownScidReturns404WithMessage) {
  auto r = Put(kA, SessionPath("open", "s1", "ffffffff-0000-0000-0000-000000000000"), JoinBody("1001"));
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.Header("content-type").find("text/plain"), std::string::npos);
  EXPECT_EQ(r.body, "The requested service config is either invalid or not configured for sessions.");
}

TEST_F(HeadersRouting, Conformance_4_2_3_UnknownTemplateReturns404) {
  auto r = Put(kA, SessionPath("nosuchtemplate", "s1"), JoinBody("1001"));
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.Header("content-type").find("text/plain"), std::string::npos);
}

TEST_F(HeadersRouting, Conformance_4_2_4_PostToSessionReturns405) {
  auto r = Post(kA, SessionPath("open", "s1"), Json::object());
  EXPECT_EQ(r.status, 405);
  EXPECT_NE(r.Header("content-type").find("text/plain"), std::string::npos);
}

TEST_F(HeadersRouting, Conformance_4_2_5_DeleteSessionReturns405) {
  Create(kA, "1001", "open", "s1");
  EXPECT_EQ(Delete(kA, SessionPath("open", "s1")).status, 405);
  EXPECT_EQ(Get(kA, SessionPath("open", "s1")).status, 200);
}

TEST_F(HeadersRouting, Conformance_4_2_6_MalformedJsonReturns400WithMessage) {
  auto r = PutRaw(kA, SessionPath("open", "s1"), "{\"members\": {");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.Header("content-type").find("text/plain"), std::string::npos);
  EXPECT_FALSE(r.body.empty());
}

TEST_F(HeadersRouting, Conformance_4_2_7_ProhibitedTopLevelMemberReturns400) {
  auto r = Put(kA, SessionPath("open", "s1"), Json{{"foo", Json::object()}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Get(kA, SessionPath("open", "s1")).status, 204);
}

TEST_F(HeadersRouting, MissingOrBadAuthorizationReturns401) {
  auto none = client_->Send("GET", SessionPath("open", "s1"), {{"X-Xbl-Contract-Version", "107"}});
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(Get("Bearer abc", SessionPath("open", "s1")).status, 401);
  EXPECT_EQ(Get("XBL3.0 x=notanumber;", SessionPath("open", "s1")).status, 401);
}

TEST_F(HeadersRouting, LiteralPathSegmentsAreCaseInsensitive) {
  auto r = Put(kA, "/serviceconfigs/" + std::string(kScid) + "/sessionTemplates/OPEN/sessions/S1", JoinBody("1001"));
  EXPECT_EQ(r.status, 201);
  EXPECT_EQ(Get(kA, SessionPath("open", "s1")).status, 200);
}

TEST_F(HeadersRouting, UnknownUriReturns404) { EXPECT_EQ(Get(kA, "/nothing/here").status, 404); }

TEST_F(HeadersRouting, OversizedBodyReturns413) {
  std::string big(1024 * 1024 + 16, ' ');
  auto r = PutRaw(kA, SessionPath("open", "s1"), big);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(Get(kA, SessionPath("open", "s1")).status, 204);
}

TEST_F(HeadersRouting, MalformedHttpReturns400) {
  std::string answer = HttpClient::SendRaw(emulator_->port(), "THIS IS NOT HTTP\r\n\r\n");
  EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << answer;
  EXPECT_EQ(client_->Send("GET", "/_emulator/health").status, 200);
}

TEST_F(HeadersRouting, ExpectContinueGetsInterimAnswer) {
  std::string body = JoinBody("1001").dump();
  std::string raw = "PUT " + SessionPath("open", "s1") +
                    " HTTP/1.1\r\nHost: x\r\nX-Xbl-Contract-Version: 107\r\nAuthorization: " + kA +
                    "\r\nExpect: 100-continue\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\n\r\n" + body;
  std::string answer = HttpClient::SendRaw(emulator_->port(), raw);
  EXPECT_EQ(answer.rfind("HTTP/1.1 100 Continue\r\n", 0), 0u) << answer.substr(0, 60);
  EXPECT_NE(answer.find("HTTP/1.1 201 Created"), std::string::npos);
}

TEST_F(HeadersRouting, TemplateListAndTemplateGet) {
  auto list = Get(kA, "/serviceconfigs/" + std::string(kScid) + "/sessiontemplates");
  ASSERT_EQ(list.status, 200);
  bool found = false;
  Json results = list.JsonBody()["results"];
  for (auto const& t : results) found = found || t["name"] == "open";
  EXPECT_TRUE(found);
  auto one = Get(kA, "/serviceconfigs/" + std::string(kScid) + "/sessiontemplates/open");
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.JsonBody()["constants"]["system"]["maxMembersCount"], 8);
  EXPECT_EQ(Get(kA, "/serviceconfigs/" + std::string(kScid) + "/sessiontemplates/zzz").status, 404);
}

TEST_F(HeadersRouting, SeedTemplatesAreBuiltInUnderTheZeroScid) {
  std::string zero = testing::LocalSessionDirectory::kSeedScid;
  auto r = Get(kA, "/serviceconfigs/" + zero + "/sessiontemplates/MatchTicketSession");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.JsonBody()["constants"]["system"]["memberInitialization"]["membersNeededToStart"], 1);
  auto game = Get(kA, "/serviceconfigs/" + zero + "/sessiontemplates/GameSession");
  ASSERT_EQ(game.status, 200);
  EXPECT_EQ(game.JsonBody()["constants"]["system"]["maxMembersCount"], 12);
}

}  // namespace
}  // namespace xbl::conformance
