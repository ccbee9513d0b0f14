// Input an attacker or a careless caller can send: the emulator refuses it with a 400 and a clear
// message, never crashes, and keeps serving everyone else afterwards.
#include "conformance_fixture.h"

namespace xbl::conformance {
namespace {

class HostileInput : public ConformanceTest {
 protected:
  /// A request anyone can make, to show the emulator still serves after the hostile one.
  void ExpectStillServing() {
    EXPECT_EQ(Admin("GET", "/health").status, 200);
    EXPECT_EQ(Get(kB, SessionPath("open", "still-here")).status, 204);
  }
};

TEST_F(HostileInput, SearchFilterNestingTensOfThousandsOfParenthesesIsRefused) {
  std::string const filter = std::string(50000, '(') + "numbers/a eq 1" + std::string(50000, ')');
  auto r = Post(kA, "/handles/query", Json{{"type", "search"}, {"scid", kScid}, {"filter", filter}});
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("nest deeper than"), std::string::npos) << r.body;
  ExpectStillServing();
}

TEST_F(HostileInput, SearchFilterWithinTheDepthBoundStillParses) {
  std::string const filter = std::string(20, '(') + "numbers/a eq 1" + std::string(20, ')');
  auto r = Post(kA, "/handles/query", Json{{"type", "search"}, {"scid", kScid}, {"filter", filter}});
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(HostileInput, DeeplyNestedRequestBodiesAreRefused) {
  std::string const deep = "{\"a\":" + std::string(200000, '[') + std::string(200000, ']') + "}";
  auto session = PutRaw(kA, SessionPath("open", "deep"), deep);
  EXPECT_EQ(session.status, 400);
  EXPECT_NE(session.body.find("nests deeper than"), std::string::npos) << session.body;
  auto handle = client_->Send("POST", "/handles",
                              {{"authorization", kA}, {"x-xbl-contract-version", "107"},
                               {"content-type", "application/json"}},
                              deep);
  EXPECT_EQ(handle.status, 400);
  EXPECT_NE(handle.body.find("levels deep"), std::string::npos) << handle.body;
  EXPECT_EQ(Get(kA, SessionPath("open", "deep")).status, 204);  // nothing was stored
  ExpectStillServing();
}

TEST_F(HostileInput, FaultRuleMatchingAllPathsSurvivesAPathOfTensOfThousandsOfCharacters) {
  // No `path`: the rule matches every request path, however long.
  ASSERT_EQ(Admin("PUT", "/faults", Json{{"rules", {{{"method", "GET"}, {"status", 503}, {"times", 1}}}}}).status, 200);
  std::string const long_name(60000, 'x');
  auto r = Get(kA, SessionPath("open", long_name));
  EXPECT_EQ(r.status, 503);
  ASSERT_EQ(Admin("PUT", "/faults", Json{{"rules", {{{"path", "/sessions/.*y$"}, {"status", 503}}}}}).status, 200);
  EXPECT_NE(Get(kA, SessionPath("open", long_name)).status, 503);  // no trailing 'y'
  EXPECT_EQ(Get(kA, SessionPath("open", long_name + "y")).status, 503);
  EXPECT_EQ(Admin("DELETE", "/faults").status, 204);
  ExpectStillServing();
}

TEST_F(HostileInput, FaultRulePathPatternsKeepTheirMeaning) {
  auto fires = [&](std::string const& pattern, std::string const& name) {
    EXPECT_EQ(Admin("PUT", "/faults", Json{{"rules", {{{"path", pattern}, {"status", 503}}}}}).status, 200) << pattern;
    bool const fired = Get(kA, SessionPath("open", name)).status == 503;
    EXPECT_EQ(Admin("DELETE", "/faults").status, 204);
    return fired;
  };
  EXPECT_TRUE(fires("/sessions/s1$", "s1"));       // a search, anchored at the end
  EXPECT_FALSE(fires("/sessions/s1$", "s10"));
  EXPECT_TRUE(fires("/sessions/s1", "s10"));       // unanchored: anywhere in the path
  EXPECT_FALSE(fires("^/sessions/", "s1"));        // the path starts with /serviceconfigs
  EXPECT_TRUE(fires("^/serviceconfigs/", "s1"));
  EXPECT_TRUE(fires("/sessions/a.c$", "abc"));     // '.' is any character
  EXPECT_FALSE(fires("/sessions/a\\.c$", "abc"));  // '\' takes it literally
  EXPECT_TRUE(fires("/sessions/a\\.c$", "a.c"));
  EXPECT_TRUE(fires("/sessions/ab+c$", "abbbc"));
  EXPECT_FALSE(fires("/sessions/ab+c$", "ac"));
  EXPECT_TRUE(fires("/sessions/ab?c$", "ac"));
  EXPECT_TRUE(fires("/sessions/ab*c$", "ac"));
  EXPECT_FALSE(fires("/sessions/ab*c$", "adc"));
}

TEST_F(HostileInput, FaultRulePathOutsideThePatternSyntaxIsRefused) {
  for (char const* bad : {"(a|b)", "[abc]", "a{2}", "*x", "x\\"}) {
    auto r = Admin("PUT", "/faults", Json{{"rules", {{{"path", bad}, {"status", 503}}}}});
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_NE(r.body.find("path pattern"), std::string::npos) << r.body;
  }
}


TEST_F(HostileInput, SessionNamedWithAByteThatIsNotUtf8IsRefusedAndQueriesKeepWorking) {
  Create(kA, "1001", "open", "good");
  auto r = Put(kA, SessionPath("open", "bad%FF"), JoinBody("1001"));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("not UTF-8"), std::string::npos) << r.body;
  // Nothing was stored, so the queries of every user keep answering.
  auto query = Get(kB, "/serviceconfigs/" + std::string(kScid) + "/sessiontemplates/open/sessions?xuid=1001");
  EXPECT_EQ(query.status, 200) << query.body;
  auto log = Admin("GET", "/requests");
  ASSERT_EQ(log.status, 200) << log.body;
  EXPECT_NE(log.body.find("bad\\\\xFF"), std::string::npos);  // the log keeps the byte, escaped
}

TEST_F(HostileInput, SessionNameWithCrLfCannotInjectAHeader) {
  auto r = Put(kA, SessionPath("open", "a%0D%0AX-Injected:%201"), JoinBody("1001"));
  EXPECT_EQ(r.status, 400);
  EXPECT_FALSE(r.HasHeader("x-injected"));
  EXPECT_EQ(Get(kA, SessionPath("open", "a%0D%0AX-Injected:%201")).status, 400);
  // The same name through a handle's sessionRef (a body, not a path) is refused too.
  Create(kA, "1001", "open", "s1");
  auto handle = Post(kA, "/handles",
                     Json{{"version", 1},
                          {"type", "activity"},
                          {"sessionRef", {{"scid", kScid}, {"templateName", "open"}, {"name", "s1\r\nX-Injected: 1"}}}});
  EXPECT_EQ(handle.status, 400) << handle.body;
  ExpectStillServing();
}

TEST_F(HostileInput, ControlCharactersInQueryStringsHeadersAndClaimsAreRefused) {
  auto const base = "/serviceconfigs/" + std::string(kScid) + "/sessiontemplates/open/sessions";
  EXPECT_EQ(Get(kA, base + "?keyword=a%00b").status, 400);
  EXPECT_EQ(Get(kA, base + "?keyword=a%FEb").status, 400);
  EXPECT_EQ(Get(kA, SessionPath("open", "s1"), {{"X-Custom", "a\x01" "b"}}).status, 400);
  auto header = Get(kA, SessionPath("open", "s1"), {{"X-Custom", "a\xFF" "b"}});
  EXPECT_EQ(header.status, 400);
  EXPECT_NE(header.body.find("header x-custom"), std::string::npos) << header.body;
  EXPECT_EQ(Get(nullptr, SessionPath("open", "s1"), {{"Authorization", "XBL3.0 x=1001;\x7F"}}).status, 400);
  EXPECT_EQ(Get(nullptr, SessionPath("open", "s1"), {{"Authorization", "XBL3.0 x=1001;\xC3"}}).status, 400);
  EXPECT_EQ(Admin("PUT", "/templates/" + std::string(kScid) + "/bad%0A", Json::object()).status, 400);
  ExpectStillServing();
}

TEST_F(HostileInput, ValidUtf8NamesAreStillAccepted) {
  EXPECT_EQ(Put(kA, SessionPath("open", "caf%C3%A9"), JoinBody("1001")).status, 201);
  EXPECT_EQ(Get(kA, SessionPath("open", "caf%C3%A9")).status, 200);
}

TEST_F(HostileInput, RequestLogRendersAnyBytesEscaped) {
  std::string raw = HttpClient::SendRaw(emulator_->port(),
                                        "GET " + SessionPath("open", "s1") +
                                            " HTTP/1.1\r\nHost: x\r\nX-Xbl-Contract-Version: 107\r\nX-Odd: \xFF\xFE\r\n"
                                            "Authorization: XBL3.0 x=1001;\r\nConnection: close\r\n\r\n");
  EXPECT_NE(raw.find(" 400 "), std::string::npos) << raw;
  auto log = Admin("GET", "/requests");
  ASSERT_EQ(log.status, 200) << log.body;
  EXPECT_NE(log.body.find("\\\\xFF\\\\xFE"), std::string::npos) << log.body;
}

TEST_F(HostileInput, NoResponseHeaderCarriesControlBytes) {
  // A fault rule's Retry-After is sent as given, yet it cannot split the answer.
  ASSERT_EQ(Admin("PUT", "/faults", Json{{"rules", {{{"status", 503}, {"retry_after", "1\r\nX-Injected: 1"}}}}}).status, 200);
  auto r = Get(kA, SessionPath("open", "s1"));
  EXPECT_EQ(r.status, 503);
  EXPECT_FALSE(r.HasHeader("x-injected"));
  EXPECT_EQ(r.Header("retry-after"), "1%0D%0AX-Injected: 1");
}

}  // namespace
}  // namespace xbl::conformance
