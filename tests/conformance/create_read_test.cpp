// Protocol §4.3: create, read, template merge.
#include "conformance_fixture.h"

namespace xbl::conformance {
namespace {

class CreateRead : public ConformanceTest {};

TEST_F(CreateRead, Conformance_4_3_9_GetNeverCreatedSessionReturns204) {
  auto r = Get(kA, SessionPath("open", "never"));
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());
}

TEST_F(CreateRead, Conformance_4_3_10_JoinCreatesSessionWith201) {
  auto r = Put(kA, SessionPath("open", "s1"), JoinBody("1001"));
  ASSERT_EQ(r.status, 201);
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_FALSE(r.Header("etag").empty());
  Json s = r.JsonBody();
  EXPECT_EQ(s["membersInfo"], (Json{{"first", 0}, {"next", 1}, {"count", 1}, {"accepted", 1}}));
  EXPECT_EQ(s["members"]["0"]["constants"]["system"]["xuid"], "1001");
  for (char const* key : {"contractVersion", "correlationId", "startTime", "branch", "changeNumber"})
    EXPECT_TRUE(s.contains(key)) << key;
  EXPECT_EQ(s["contractVersion"], 107);
}

TEST_F(CreateRead, Conformance_4_3_12_TemplateConstantsAreCopied) {
  Json s = Create(kA, "1001", "open", "s1");
  EXPECT_EQ(s["constants"]["system"]["maxMembersCount"], 8);
  EXPECT_EQ(s["constants"]["system"]["visibility"], "open");
}

TEST_F(CreateRead, Conformance_4_3_13_DefaultsFillWhatTheTemplateLeavesOut) {
  Json s = Create(kA, "1001", "dyn", "d1");
  Json const& sys = s["constants"]["system"];
  EXPECT_EQ(sys["maxMembersCount"], 100);
  EXPECT_EQ(sys["visibility"], "open");
  EXPECT_EQ(sys["reservedRemovalTimeout"], 30000);
  EXPECT_EQ(sys["inactiveRemovalTimeout"], 0);
  EXPECT_EQ(sys["readyRemovalTimeout"], 180000);
  EXPECT_EQ(sys["sessionEmptyTimeout"], 0);
}

TEST_F(CreateRead, Conformance_4_3_14_ConflictingTemplateConstantReturns409) {
  Json body = JoinBody("1001");
  body["constants"] = {{"system", {{"maxMembersCount", 10}}}};
  auto r = Put(kA, SessionPath("open", "s1"), body);
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.Header("content-type").find("text/plain"), std::string::npos);
  EXPECT_EQ(Get(kA, SessionPath("open", "s1")).status, 204);
}

TEST_F(CreateRead, Conformance_4_3_15_RequestCanAddCustomConstants) {
  Json body = JoinBody("1001");
  body["constants"] = {{"custom", {{"mode", "ctf"}}}};
  auto r = Put(kA, SessionPath("open", "s1"), body);
  ASSERT_EQ(r.status, 201);
  EXPECT_EQ(r.JsonBody()["constants"]["custom"]["mode"], "ctf");
}

TEST_F(CreateRead, Conformance_4_3_16_EmptyTemplateCapabilitiesBlockCapabilities) {
  Json body = JoinBody("1001");
  body["constants"] = {{"system", {{"capabilities", {{"connectivity", true}}}}}};
  EXPECT_EQ(Put(kA, SessionPath("nocaps", "n1"), body).status, 409);
}

TEST_F(CreateRead, Conformance_4_3_17_DynamicCapabilitiesAllowedWithoutTemplateCapabilities) {
  Json body = JoinBody("1001");
  body["constants"] = {{"system", {{"capabilities", {{"connectivity", true}}}}}};
  auto r = Put(kA, SessionPath("dyn", "d1"), body);
  ASSERT_EQ(r.status, 201);
  EXPECT_EQ(r.JsonBody()["constants"]["system"]["capabilities"]["connectivity"], true);
}

TEST_F(CreateRead, Conformance_4_3_19_ChangingConstantOnExistingSessionReturns409) {
  Create(kA, "1001", "open", "s1");
  auto r = Put(kA, SessionPath("open", "s1"), Json{{"constants", {{"system", {{"visibility", "private"}}}}}});
  EXPECT_EQ(r.status, 409);
  // The identical value is accepted (XSAPI re-sends constants).
  EXPECT_EQ(Put(kA, SessionPath("open", "s1"), Json{{"constants", {{"system", {{"visibility", "open"}}}}}}).status, 200);
}

TEST_F(CreateRead, Conformance_4_3_21_MaxMembersCountOutOfRangeReturns400) {
  for (int bad : {0, 101}) {
    Json body = JoinBody("1001");
    body["constants"] = {{"system", {{"maxMembersCount", bad}}}};
    EXPECT_EQ(Put(kA, SessionPath("dyn", "d" + std::to_string(bad)), body).status, 400) << bad;
  }
}

TEST_F(CreateRead, Conformance_4_3_23_EmptyCreateOnKeepTemplateSurvives) {
  auto r = Put(kA, SessionPath("keep", "k1"), Json::object());
  ASSERT_EQ(r.status, 201);
  EXPECT_EQ(r.JsonBody()["membersInfo"]["count"], 0);
  EXPECT_EQ(Get(kA, SessionPath("keep", "k1")).status, 200);
}

TEST_F(CreateRead, Conformance_4_3_24_InitiatorsMustIncludeCreatorOrServer) {
  Json body = JoinBody("1001");
  body["constants"] = {{"system", {{"initiators", {"9999"}}}}};
  EXPECT_EQ(Put(kA, SessionPath("dyn", "i1"), body).status, 403);
  EXPECT_EQ(Get(kA, SessionPath("dyn", "i1")).status, 204);
  Json srv = {{"constants", {{"system", {{"initiators", {"9999"}}}}}},
              {"members", {{"reserve_0", {{"constants", {{"system", {{"xuid", "9999"}}}}}}}}}};
  EXPECT_EQ(Put(kSrv, SessionPath("dyn", "i2"), srv).status, 201);
}

TEST_F(CreateRead, Conformance_4_3_25_NoCommitReturnsMergeWithoutStoring) {
  auto r = Put(kA, SessionPath("open", "s9") + "?nocommit=true", JoinBody("1001"));
  ASSERT_EQ(r.status, 201);
  EXPECT_EQ(r.JsonBody()["members"]["0"]["constants"]["system"]["xuid"], "1001");
  EXPECT_EQ(Get(kA, SessionPath("open", "s9")).status, 204);
}

TEST_F(CreateRead, CreateWithNoMembersAndImmediateEmptyTimeoutIsNotCreated) {
  EXPECT_EQ(Put(kA, SessionPath("open", "empty"), Json::object()).status, 204);
  EXPECT_EQ(Get(kA, SessionPath("open", "empty")).status, 204);
}

TEST_F(CreateRead, CreatingWithoutMultiplayerPrivilegeReturns403) {
  auto r = Put("XBL3.0 x=1009;privileges=nomultiplayer", SessionPath("open", "np"), JoinBody("1009"));
  EXPECT_EQ(r.status, 403);
}

TEST_F(CreateRead, CorrelationIdSurvivesDeleteAndRecreate) {
  Json first = Create(kA, "1001", "open", "s1");
  EXPECT_EQ(Put(kA, SessionPath("open", "s1"), Json{{"members", {{"me", nullptr}}}}).status, 204);
  Advance(5000);
  Json second = Create(kA, "1001", "open", "s1");
  EXPECT_EQ(first["correlationId"], second["correlationId"]);
  EXPECT_NE(first["branch"], second["branch"]);
  EXPECT_NE(first["startTime"], second["startTime"]);
  EXPECT_EQ(second["changeNumber"], 1);
}

TEST_F(CreateRead, SessionAndTemplateNamesAreCaseInsensitive) {
  Create(kA, "1001", "open", "MySession");
  EXPECT_EQ(Get(kA, SessionPath("OPEN", "mysession")).status, 200);
}

}  // namespace
}  // namespace xbl::conformance
