// rta-protocol and the change-type table: shoulder taps after commits.
#include "rta_client.h"


namespace xbl::conformance {
namespace {

using RtaTaps = RtaTest;

Json OnlyTap(Json const& event) {
  EXPECT_TRUE(event.is_array() && event.size() == 3 && event[0] == 3) << event;
  EXPECT_EQ(event[2]["shoulderTaps"].size(), 1u) << event;
  return event[2]["shoulderTaps"][0];
}

TEST_F(RtaTaps, EventCarriesEveryTapField) {  // R-22, R-24 (the writer is tapped for its own commit)
  std::string id;
  auto client = Open(kA, &id);
  Advance(1234);
  Response created = CreateRtaSession(kA, "1001", "MixedCase", id);
  ASSERT_EQ(created.status, 201) << created.body;
  Json event = client->Read().json();
  ASSERT_EQ(event.size(), 3u) << event;
  EXPECT_EQ(event[0], 3);
  EXPECT_EQ(event[1], client->sub_id());
  EXPECT_TRUE(IsLowercaseGuid(event[2]["ncid"])) << event;
  Json tap = OnlyTap(event);
  EXPECT_EQ(tap.size(), 6u) << tap;
  EXPECT_EQ(tap["timestamp"], "2026-01-01T00:00:01.2340000Z");
  EXPECT_EQ(tap["subscription"], created.JsonBody()["members"]["0"]["properties"]["system"]["subscription"]["id"]);
  EXPECT_EQ(tap["resourceType"], "mpsd/session");
  EXPECT_EQ(tap["resource"], std::string(kScid) + "~dyn~mixedcase");
  EXPECT_EQ(tap["branch"], created.JsonBody()["branch"]);
  EXPECT_TRUE(tap["changeNumber"].is_number_integer());
  EXPECT_EQ(tap["changeNumber"], created.JsonBody()["changeNumber"]);
}

TEST_F(RtaTaps, EveryCommitSendsItsOwnEventInOrder) {
  std::string id;
  auto client = Open(kA, &id);
  ASSERT_EQ(CreateRtaSession(kA, "1001", "s", id).status, 201);
  std::vector<std::int64_t> numbers;
  for (int i = 0; i < 5; ++i) {
    Json w;
    w["properties"]["custom"]["round"] = i;
    numbers.push_back(Put(kA, SessionPath("dyn", "s"), w).JsonBody()["changeNumber"].get<std::int64_t>());
  }
  EXPECT_EQ(OnlyTap(client->Read().json())["changeNumber"], 1);
  for (auto n : numbers) EXPECT_EQ(OnlyTap(client->Read().json())["changeNumber"], n);
  EXPECT_TRUE(DrainUntilMarker(*client, 1).empty());
}

TEST_F(RtaTaps, OtherMembersAreTappedEachOnTheirOwnSocket) {
  std::string a_id, b_id;
  auto a = Open(kA, &a_id);
  auto b = Open(kB, &b_id);
  ASSERT_EQ(CreateRtaSession(kA, "1001", "s", a_id).status, 201);
  EXPECT_EQ(OnlyTap(a->Read().json())["changeNumber"], 1);
  Response joined = JoinRta(kB, "1002", "s", b_id);
  ASSERT_EQ(joined.status, 200) << joined.body;
  EXPECT_EQ(OnlyTap(a->Read().json())["changeNumber"], 2);
  Json b_tap = OnlyTap(b->Read().json());
  EXPECT_EQ(b_tap["changeNumber"], 2);
  EXPECT_EQ(b_tap["subscription"], joined.JsonBody()["members"]["1"]["properties"]["system"]["subscription"]["id"]);
}

TEST_F(RtaTaps, InactiveOrUnsubscribedMembersAreNotTapped) {  // R-22 conditions
  std::string a_id, b_id;
  auto a = Open(kA, &a_id);
  auto b = Open(kB, &b_id);
  ASSERT_EQ(CreateRtaSession(kA, "1001", "s", a_id).status, 201);
  Json inactive = BoundMe("1002", b_id, Json::array({"everything"}));
  inactive["members"]["me"]["properties"]["system"].erase("active");
  ASSERT_EQ(Put(kB, SessionPath("dyn", "s"), inactive).status, 200);
  Json w;
  w["properties"]["custom"]["k"] = 1;
  ASSERT_EQ(Put(kA, SessionPath("dyn", "s"), w).status, 200);
  EXPECT_TRUE(DrainUntilMarker(*b, 2).empty());
}

TEST_F(RtaTaps, SessionsWithoutTheCapabilityNeverTap) {  // definitions: RTA session
  std::string id;
  auto client = Open(kA, &id);
  ASSERT_EQ(Put(kA, SessionPath("dyn", "plain"), BoundMe("1001", id, Json::array({"everything"}))).status, 201);
  EXPECT_TRUE(DrainUntilMarker(*client, 1).empty());
}

TEST_F(RtaTaps, ServerSideCommitsTap) {  // R-26 (the presence hook and a lazy timer)
  std::string a_id, b_id;
  auto a = Open(kA, &a_id);
  auto b = Open(kB, &b_id);
  ASSERT_EQ(CreateRtaSession(kA, "1001", "s", a_id, Json::array({"membersStatus", "membersList"})).status, 201);
  ASSERT_EQ(JoinRta(kB, "1002", "s", b_id).status, 200);
  ASSERT_EQ(DrainUntilMarker(*a, 1).size(), 2u);  // A's create and B's join (membersList)
  ASSERT_EQ(Admin("POST", "/presence", Json{{"xuid", "1002"}, {"present", false}}).status, 200);
  Json tap = OnlyTap(a->Read().json());
  EXPECT_EQ(tap["changeNumber"], 3);
  // inactiveRemovalTimeout 0: the next request runs the timer, which removes B: a commit too.
  ASSERT_EQ(Get(kA, SessionPath("dyn", "s")).status, 200);
  EXPECT_EQ(OnlyTap(a->Read().json())["changeNumber"], 4);
}

TEST_F(RtaTaps, LegacySubscriptionsMapIsStoredAndNeverTaps) {
  std::string id;
  auto client = Open(kA, &id);
  Json body = BoundMe("1001", id, Json::array());
  body["constants"] = {{"system", {{"capabilities", {{"connectionRequiredForActiveMembers", true}}}}}};
  body["members"]["me"]["properties"]["system"]["subscriptions"] = {
      {"6d1f0a2b-0000-4000-8000-000000000001", {{"changeTypes", {"everything"}}}}};
  Response r = Put(kA, SessionPath("dyn", "s"), body);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(r.JsonBody()["members"]["0"]["properties"]["system"].contains("subscriptions")) << r.body;
  Json w;
  w["properties"]["custom"]["k"] = 1;
  ASSERT_EQ(Put(kA, SessionPath("dyn", "s"), w).status, 200);
  EXPECT_TRUE(DrainUntilMarker(*client, 1).empty());
}

TEST_F(RtaTaps, DeletedSessionTapsNobody) {
  std::string id;
  auto client = Open(kA, &id);
  ASSERT_EQ(CreateRtaSession(kA, "1001", "s", id).status, 201);
  client->Read();
  ASSERT_EQ(Delete(kA, SessionPath("dyn", "s") + "/members/me").status, 204);
  EXPECT_TRUE(DrainUntilMarker(*client, 1).empty());
}

// Change types: A subscribes to one type; a write that changes that aspect taps, one that does
// not, does not.
class RtaChangeTypes : public RtaTest {
 protected:
  // A (watching `type`) and B both bound in dyn/s; returns A's client positioned after setup.
  void SetUpSession(std::string const& type, bool connectivity = false) {
    a_ = Open(kA, &a_id_);
    b_ = Open(kB, &b_id_);
    Json body = BoundMe("1001", a_id_, Json::array({type}));
    body["constants"]["system"]["capabilities"] = {{"connectionRequiredForActiveMembers", true},
                                                   {"connectivity", connectivity}};
    ASSERT_EQ(Put(kA, SessionPath("dyn", "s"), body).status, 201);
    ASSERT_EQ(JoinRta(kB, "1002", "s", b_id_, Json::array()).status, 200);
    DrainUntilMarker(*a_, 1);
  }
  void PutB(Json const& body) { ASSERT_EQ(Put(kB, SessionPath("dyn", "s"), body).status, 200); }
  void PutA(Json const& body) { ASSERT_EQ(Put(kA, SessionPath("dyn", "s"), body).status, 200); }
  std::size_t TapsNow() { return DrainUntilMarker(*a_, 1).size(); }
  std::unique_ptr<RtaClient> a_, b_;
  std::string a_id_, b_id_;
};

Json SessionCustom(int v) {
  Json j;
  j["properties"]["custom"]["v"] = v;
  return j;
}
Json MemberCustom(int v) {
  Json j;
  j["members"]["me"]["properties"]["custom"]["v"] = v;
  return j;
}

TEST_F(RtaChangeTypes, CustomProperty) {
  SetUpSession("customProperty");
  PutB(MemberCustom(1));
  EXPECT_EQ(TapsNow(), 0u);
  PutB(SessionCustom(1));
  EXPECT_EQ(TapsNow(), 1u);
}

TEST_F(RtaChangeTypes, MembersCustomProperty) {
  SetUpSession("membersCustomProperty");
  PutB(SessionCustom(1));
  EXPECT_EQ(TapsNow(), 0u);
  PutB(MemberCustom(1));
  EXPECT_EQ(TapsNow(), 1u);
}

TEST_F(RtaChangeTypes, MembersListAndMembersStatus) {
  SetUpSession("membersStatus");
  PutB(SessionCustom(1));
  EXPECT_EQ(TapsNow(), 0u);
  Json inactive;
  inactive["members"]["me"]["properties"]["system"]["active"] = false;
  PutB(inactive);  // B's status changes
  EXPECT_EQ(TapsNow(), 1u);
  // A list change only: the next request's timer removes inactive B (inactiveRemovalTimeout 0).
  ASSERT_EQ(Get(kA, SessionPath("dyn", "s")).status, 200);
  EXPECT_FALSE(Get(kA, SessionPath("dyn", "s")).JsonBody()["members"].contains("1"));
  EXPECT_EQ(TapsNow(), 0u);
}

TEST_F(RtaChangeTypes, MembersList) {
  SetUpSession("membersList");
  PutB(MemberCustom(1));
  EXPECT_EQ(TapsNow(), 0u);
  ASSERT_EQ(Delete(kB, SessionPath("dyn", "s") + "/members/me").status, 200);
  EXPECT_EQ(TapsNow(), 1u);
}

TEST_F(RtaChangeTypes, Joinability) {
  SetUpSession("joinability");
  PutB(SessionCustom(1));
  EXPECT_EQ(TapsNow(), 0u);
  Json closed;
  closed["properties"]["system"]["closed"] = true;
  PutA(closed);
  EXPECT_EQ(TapsNow(), 1u);
}

TEST_F(RtaChangeTypes, Host) {
  SetUpSession("host", true);
  Json address;
  address["members"]["me"]["properties"]["system"]["secureDeviceAddress"] = "AAECAwQ=";
  PutB(address);  // B gets a device token: a member change, not a host change
  EXPECT_EQ(TapsNow(), 0u);
  Json s = Get(kA, SessionPath("dyn", "s")).JsonBody();
  ASSERT_TRUE(s["members"]["1"].contains("deviceToken")) << s;
  Json host;
  host["properties"]["system"]["host"] = s["members"]["1"]["deviceToken"];
  PutA(host);
  EXPECT_EQ(TapsNow(), 1u);
}

TEST_F(RtaChangeTypes, MatchmakingStatus) {
  SetUpSession("matchmakingStatus");
  PutB(SessionCustom(1));
  EXPECT_EQ(TapsNow(), 0u);
  Json mm;
  mm["servers"]["matchmaking"]["properties"]["system"]["status"] = "searching";
  Response r = Put(kSrv, SessionPath("dyn", "s"), mm);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(TapsNow(), 1u);
}

TEST_F(RtaChangeTypes, EverythingMatchesEveryCommit) {
  SetUpSession("everything");
  PutB(MemberCustom(1));
  PutB(SessionCustom(1));
  EXPECT_EQ(TapsNow(), 2u);
}

TEST_F(RtaChangeTypes, TournamentsNeverFires) {
  SetUpSession("tournaments");
  PutB(MemberCustom(1));
  PutB(SessionCustom(1));
  ASSERT_EQ(Delete(kB, SessionPath("dyn", "s") + "/members/me").status, 200);
  EXPECT_EQ(TapsNow(), 0u);
}

}  // namespace
}  // namespace xbl::conformance
