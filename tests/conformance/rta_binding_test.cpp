// rta-protocol: binding members to ConnectionIds and member subscriptions.
#include "rta_client.h"

namespace xbl::conformance {
namespace {

using RtaBinding = RtaTest;

std::int64_t ChangeNumber(Response const& r) { return r.JsonBody()["changeNumber"].get<std::int64_t>(); }

TEST_F(RtaBinding, ActiveWriteWithLiveIdBindsAndLaterWritesNeedNotRepeatIt) {
  std::string id;
  auto client = Open(kA, &id);
  Response created = CreateRtaSession(kA, "1001", "s", id);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.JsonBody()["members"]["0"]["properties"]["system"]["connection"], id);
  Json again = JoinBody("1001");  // active: true, no connection
  again["members"]["me"]["properties"]["custom"] = {{"ready", 1}};
  Response r = Put(kA, SessionPath("dyn", "s"), again);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.JsonBody()["members"]["0"]["properties"]["system"]["connection"], id);
}

TEST_F(RtaBinding, ActiveWriteWithoutConnectionIs400NamingIt) {
  Json body = JoinBody("1001");
  body["constants"] = {{"system", {{"capabilities", {{"connectionRequiredForActiveMembers", true}}}}}};
  Response r = Put(kA, SessionPath("dyn", "s"), body);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Header("content-type").rfind("text/plain", 0), 0u);
  EXPECT_NE(r.body.find("missing"), std::string::npos) << r.body;
  EXPECT_EQ(Get(kA, SessionPath("dyn", "s")).status, 204);  // nothing committed
}

TEST_F(RtaBinding, IdNeverIssuedIs400) {  // R-17 (replaces "any non-empty string")
  Response r = CreateRtaSession(kA, "1001", "s", "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("never issued"), std::string::npos) << r.body;
  EXPECT_EQ(CreateRtaSession(kA, "1001", "s", "conn-a").status, 400);
}

TEST_F(RtaBinding, RetiredIdIs400DuringAndAfterItsGracePeriod) {
  std::string id;
  auto client = Open(kA, &id);
  client->SendJson(Json::array({2, 2, client->sub_id()}));
  ASSERT_EQ(client->Read().json(), Json::array({2, 2, 0}));
  Response during = CreateRtaSession(kA, "1001", "s", id);
  EXPECT_EQ(during.status, 400);
  EXPECT_NE(during.body.find("retired"), std::string::npos) << during.body;
  Advance(30001);
  Response after = CreateRtaSession(kA, "1001", "s", id);
  EXPECT_EQ(after.status, 400);
  EXPECT_NE(after.body.find("retired"), std::string::npos) << after.body;
}

TEST_F(RtaBinding, AnotherUsersIdIs400) {
  std::string b_id;
  auto b = Open(kB, &b_id);
  Response r = CreateRtaSession(kA, "1001", "s", b_id);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("another user"), std::string::npos) << r.body;
}

TEST_F(RtaBinding, IdComparedInAnyCaseAndStoredAsWritten) {  // R-17 with the GUID rule
  std::string id;
  auto client = Open(kA, &id);
  std::string upper = id;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  Response r = CreateRtaSession(kA, "1001", "s", upper);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.JsonBody()["members"]["0"]["properties"]["system"]["connection"], upper);
  EXPECT_EQ(client->Read().json()[0], 3);  // and it taps
}

TEST_F(RtaBinding, ChangingConnectionOfActiveMemberIsChecked) {
  std::string id;
  auto client = Open(kA, &id);
  Response created = CreateRtaSession(kA, "1001", "s", id);
  ASSERT_EQ(created.status, 201);
  Json change{{"members", {{"me", {{"properties", {{"system", {{"connection", "not-an-issued-id"}}}}}}}}}};
  Response r = Put(kA, SessionPath("dyn", "s"), change);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(ChangeNumber(Get(kA, SessionPath("dyn", "s"))), ChangeNumber(created));
}

TEST_F(RtaBinding, WriteThatNeitherActivatesNorChangesConnectionIsNotChecked) {
  std::string id;
  auto client = Open(kA, &id);
  ASSERT_EQ(CreateRtaSession(kA, "1001", "s", id).status, 201);
  ASSERT_EQ(Admin("POST", "/rta/connections/1/drop").status, 200);  // retired, grace running
  Json custom{{"members", {{"me", {{"properties", {{"custom", {{"score", 5}}}}}}}}}};
  Response r = Put(kA, SessionPath("dyn", "s"), custom);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.JsonBody()["members"]["0"]["properties"]["custom"]["score"], 5);
}

TEST_F(RtaBinding, AnIdBindsAtMostTenSessions) {
  std::string id;
  auto client = Open(kA, &id);
  for (int i = 0; i < 10; ++i) ASSERT_EQ(CreateRtaSession(kA, "1001", "s" + std::to_string(i), id).status, 201);
  Response r = CreateRtaSession(kA, "1001", "s10", id);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, "An RTA connection can be bound to at most 10 sessions.");
  EXPECT_EQ(Get(kA, SessionPath("dyn", "s10")).status, 204);
  // Rewriting one of the ten is not an eleventh; leaving one frees a place.
  EXPECT_EQ(JoinRta(kA, "1001", "s3", id).status, 200);
  ASSERT_EQ(Delete(kA, SessionPath("dyn", "s0") + "/members/me").status, 204);
  EXPECT_EQ(CreateRtaSession(kA, "1001", "s10", id).status, 201);
}

TEST_F(RtaBinding, RebindingToANewIdReleasesTheOldOne) {
  std::string old_id, new_id;
  auto old_socket = Open(kA, &old_id);
  ASSERT_EQ(CreateRtaSession(kA, "1001", "s", old_id).status, 201);
  auto new_socket = Open(kA, &new_id);
  Json rebind = JoinBody("1001");
  rebind["members"]["me"]["properties"]["system"]["connection"] = new_id;
  ASSERT_EQ(Put(kA, SessionPath("dyn", "s"), rebind).status, 200);
  ASSERT_EQ(Admin("POST", "/rta/connections/1/drop").status, 200);
  Advance(30000);
  Json s = Get(kA, SessionPath("dyn", "s")).JsonBody();
  EXPECT_EQ(s["members"]["0"]["properties"]["system"]["active"], true);
  EXPECT_EQ(s["members"]["0"]["properties"]["system"]["connection"], new_id);
}

TEST_F(RtaBinding, SubscriptionNeedsAGuidAndKnownChangeTypes) {
  std::string id;
  auto client = Open(kA, &id);
  Json body = BoundMe("1001", id, Json::array({"everything"}));
  body["constants"] = {{"system", {{"capabilities", {{"connectionRequiredForActiveMembers", true}}}}}};
  auto& sub = body["members"]["me"]["properties"]["system"]["subscription"];
  sub["id"] = "not-a-guid";
  EXPECT_EQ(Put(kA, SessionPath("dyn", "s"), body).status, 400);
  sub["id"] = "5B0C1B3E-AAAA-4000-8000-0000000000FF";
  sub["changeTypes"] = Json::array({"Everything"});  // spelled exactly
  EXPECT_EQ(Put(kA, SessionPath("dyn", "s"), body).status, 400);
  sub["changeTypes"] = "everything";
  EXPECT_EQ(Put(kA, SessionPath("dyn", "s"), body).status, 400);
  sub["changeTypes"] = Json::array({"host", "tournaments"});
  Response ok = Put(kA, SessionPath("dyn", "s"), body);
  ASSERT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(ok.JsonBody()["members"]["0"]["properties"]["system"]["subscription"]["id"],
            "5B0C1B3E-AAAA-4000-8000-0000000000FF");  // stored as written
}

TEST_F(RtaBinding, EmptyChangeTypesIsAllowedAndNeverTaps) {
  std::string id;
  auto client = Open(kA, &id);
  ASSERT_EQ(CreateRtaSession(kA, "1001", "s", id, Json::array()).status, 201);
  EXPECT_TRUE(DrainUntilMarker(*client, 1).empty());
}

TEST_F(RtaBinding, SubscriptionNullRemovesIt) {
  std::string id;
  auto client = Open(kA, &id);
  ASSERT_EQ(CreateRtaSession(kA, "1001", "s", id).status, 201);
  ASSERT_EQ(client->Read().json()[0], 3);
  Json remove;
  remove["members"]["me"]["properties"]["system"]["subscription"] = nullptr;
  remove["members"]["me"]["properties"]["custom"]["x"] = 1;
  Response r = Put(kA, SessionPath("dyn", "s"), remove);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(r.JsonBody()["members"]["0"]["properties"]["system"].contains("subscription"));
  EXPECT_TRUE(DrainUntilMarker(*client, 1).empty());
}

TEST_F(RtaBinding, OnOtherSessionsConnectionIsStoredAsWrittenWithoutEffect) {  // definitions: RTA session
  Json body = JoinBody("1001");
  body["members"]["me"]["properties"]["system"]["connection"] = "anything at all";
  Response r = Put(kA, SessionPath("dyn", "plain"), body);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.JsonBody()["members"]["0"]["properties"]["system"]["connection"], "anything at all");
}

}  // namespace
}  // namespace xbl::conformance
