#include "test_data.h"
#include "xbl/multiplayer/multiplayer_session.h"
#include <gtest/gtest.h>

namespace xbl::multiplayer {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;
using testing_support::ReadTestData;

// The pending body as plain JSON, compared by content whatever order its keys were recorded in.
json Body(MultiplayerSession const& session) { return json(session.RequestBody()); }

SessionReference Ref() { return {"00000000-0000-0000-0000-000000000000", "quick", "s1"}; }

// A session as the service returned it, with 1001 (index 0, device "dA") and 1002 (index 1).
MultiplayerSession Existing(std::string const& current_user = "1001") {
  auto session = MultiplayerSession::Parse(Ref(), R"({
    "contractVersion":107,
    "constants":{"system":{"maxMembersCount":8,"visibility":"open","capabilities":{"connectivity":true}},"custom":{}},
    "properties":{"system":{"matchmaking":{"serverConnectionString":"east","targetSessionConstants":{"a":1}}},"custom":{}},
    "members":{
      "0":{"constants":{"system":{"xuid":"1001"},"custom":{}},"properties":{"system":{"active":true},"custom":{}},"deviceToken":"dA","next":1},
      "1":{"constants":{"system":{"xuid":"1002"},"custom":{}},"properties":{"system":{},"custom":{}},"next":2}},
    "membersInfo":{"first":0,"next":2,"count":2,"accepted":2}})",
                                           "\"etag-1\"");
  EXPECT_TRUE(session.ok());
  session->set_current_user_xuid(current_user);
  return *std::move(session);
}

TEST(SessionRequestBodyTest, NothingPendingIsEmptyObject) {
  MultiplayerSession session(Ref(), "1001");
  EXPECT_FALSE(session.has_pending_changes());
  EXPECT_EQ(Body(session), json::object());
  EXPECT_EQ(session.RequestBodyText(), "{}");
}

TEST(SessionRequestBodyTest, JoinWritesMeWithXuidAndActive) {
  MultiplayerSession session(Ref(), "1001");
  ASSERT_TRUE(session.Join().ok());
  EXPECT_EQ(Body(session), json::parse(R"({"members":{"me":{"constants":{"system":{"xuid":"1001"}},
                                                "properties":{"system":{"active":true}}}}})"));
}

TEST(SessionRequestBodyTest, JoinWithCustomConstantsInitializeAndInactive) {
  MultiplayerSession session(Ref(), "1001");
  JoinOptions options;
  options.custom_constants = {{"team", "red"}};
  options.initialize = true;
  options.active = false;
  ASSERT_TRUE(session.Join(options).ok());
  EXPECT_EQ(Body(session), json::parse(R"({"members":{"me":{"constants":{
      "system":{"xuid":"1001","initialize":true},"custom":{"team":"red"}}}}})"));
}

TEST(SessionRequestBodyTest, JoinWithoutCurrentUserIsInvalidState) {
  MultiplayerSession session(Ref());
  auto result = session.Join();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidState);
  EXPECT_FALSE(session.has_pending_changes());
}

TEST(SessionRequestBodyTest, LeaveWritesMeNull) {
  auto session = Existing();
  ASSERT_TRUE(session.SetCurrentUserCustomProperty("x", 1).ok());
  ASSERT_TRUE(session.Leave().ok());
  EXPECT_EQ(Body(session), json::parse(R"({"members":{"me":null}})"));
  EXPECT_EQ(session.RequestBodyText(), R"({"members":{"me":null}})");
  EXPECT_EQ(session.SetCurrentUserStatus(MemberStatus::kActive).error().code, ErrorCode::kInvalidState);
  EXPECT_EQ(session.Join().error().code, ErrorCode::kInvalidState);
}

TEST(SessionRequestBodyTest, LeaveAfterJoinOnSameObjectIsRefused) {
  MultiplayerSession session(Ref(), "1001");
  ASSERT_TRUE(session.Join().ok());
  EXPECT_EQ(session.Leave().error().code, ErrorCode::kInvalidState);
}

TEST(SessionRequestBodyTest, CurrentUserStatuses) {
  auto session = Existing();
  ASSERT_TRUE(session.SetCurrentUserStatus(MemberStatus::kReady).ok());
  EXPECT_EQ(Body(session), json::parse(R"({"members":{"me":{"properties":{"system":{"ready":true,"active":false}}}}})"));
  ASSERT_TRUE(session.SetCurrentUserStatus(MemberStatus::kInactive).ok());
  EXPECT_EQ(Body(session), json::parse(R"({"members":{"me":{"properties":{"system":{"ready":false,"active":false}}}}})"));
  ASSERT_TRUE(session.SetCurrentUserStatus(MemberStatus::kActive).ok());
  EXPECT_EQ(Body(session), json::parse(R"({"members":{"me":{"properties":{"system":{"ready":false,"active":true}}}}})"));
  EXPECT_EQ(session.SetCurrentUserStatus(MemberStatus::kReserved).error().code, ErrorCode::kInvalidArgument);
}

TEST(SessionRequestBodyTest, CurrentUserMutatorsNeedMembership) {
  auto session = Existing("9999");
  EXPECT_EQ(session.SetCurrentUserSecureDeviceAddress("ryY=").error().code, ErrorCode::kInvalidState);
  EXPECT_FALSE(session.has_pending_changes());
}

TEST(SessionRequestBodyTest, SecureDeviceAddressAndConnection) {
  auto session = Existing();
  ASSERT_TRUE(session.SetCurrentUserSecureDeviceAddress("ryY=").ok());
  ASSERT_TRUE(session.SetCurrentUserConnection("c0ffee").ok());
  EXPECT_EQ(Body(session), json::parse(R"({"members":{"me":{"properties":{"system":{
      "secureDeviceAddress":"ryY=","connection":"c0ffee"}}}}})"));
}

TEST(SessionRequestBodyTest, MeasurementsKeyedByLowerCaseTokenWithUnmeasuredMetricsLeftOut) {
  auto session = Existing();
  MemberMeasurement reachable{"AB12CD", 42u, 20000u, 9000u, nullptr};
  MemberMeasurement latency_only{"ef34", 70u, std::nullopt, std::nullopt, nullptr};
  ASSERT_TRUE(session.SetCurrentUserMeasurements({reachable, latency_only}).ok());
  EXPECT_EQ(Body(session), json::parse(R"({"members":{"me":{"properties":{"system":{"measurements":{
      "ab12cd":{"latency":42,"bandwidthDown":20000,"bandwidthUp":9000},"ef34":{"latency":70}}}}}}})"));
}

TEST(SessionRequestBodyTest, MeasurementsNeverIncludeOwnDeviceToken) {
  auto session = Existing();
  auto result = session.SetCurrentUserMeasurements({MemberMeasurement{"DA", 1u, {}, {}, nullptr}});
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(session.has_pending_changes());
}

TEST(SessionRequestBodyTest, ServerMeasurementsReplacedWhole) {
  auto session = Existing();
  ASSERT_TRUE(session.SetCurrentUserServerMeasurements(json::object()).ok());
  EXPECT_EQ(Body(session), json::parse(R"({"members":{"me":{"properties":{"system":{"serverMeasurements":{}}}}}})"));
  EXPECT_EQ(session.SetCurrentUserServerMeasurements(json::array()).error().code, ErrorCode::kInvalidArgument);
}

TEST(SessionRequestBodyTest, InitializationGroupGroupsEncountersRolesSubscription) {
  auto session = Existing();
  ASSERT_TRUE(session.SetCurrentUserInitializationGroup({0, 1}).ok());
  EXPECT_EQ(session.SetCurrentUserInitializationGroup({7}).error().code, ErrorCode::kInvalidArgument)
      << "indices must be below membersInfo.next";
  ASSERT_TRUE(session.SetCurrentUserGroups({"g1"}).ok());
  ASSERT_TRUE(session.SetCurrentUserEncounters({"e1"}).ok());
  ASSERT_TRUE(session.SetCurrentUserRoles({{"lfg", "confirmed"}}).ok());
  ASSERT_TRUE(session.SetCurrentUserSubscription("961dc162", {"host", "membersList"}).ok());
  EXPECT_EQ(Body(session), json::parse(R"({"members":{"me":{
      "roles":{"lfg":"confirmed"},
      "properties":{"system":{"initializationGroup":[0,1],"groups":["g1"],"encounters":["e1"],
                              "subscription":{"id":"961dc162","changeTypes":["host","membersList"]}}}}}})"));
  ASSERT_TRUE(session.SetCurrentUserSubscription("961dc162", {"HOST", "MembersList"}).ok());
  EXPECT_EQ(Body(session)["members"]["me"]["properties"]["system"]["subscription"]["changeTypes"],
            json({"host", "membersList"}))
      << "any case is accepted and sent as the service spells it";
  EXPECT_EQ(session.SetCurrentUserSubscription("961dc162", {"host", "memberList"}).error().code,
            ErrorCode::kInvalidArgument);  // a typo never reaches the wire
  EXPECT_EQ(Body(session)["members"]["me"]["properties"]["system"]["subscription"]["changeTypes"],
            json({"host", "membersList"}));
  ASSERT_TRUE(session.SetCurrentUserSubscription("", {}).ok());
  EXPECT_TRUE(Body(session)["members"]["me"]["properties"]["system"]["subscription"].is_null());
}

TEST(SessionRequestBodyTest, EmptyGroupsClearThem) {
  auto session = Existing();
  ASSERT_TRUE(session.SetCurrentUserGroups({}).ok());
  EXPECT_EQ(Body(session), json::parse(R"({"members":{"me":{"properties":{"system":{"groups":[]}}}}})"));
}

TEST(SessionRequestBodyTest, MemberCustomPropertySetAndDelete) {
  auto session = Existing();
  ASSERT_TRUE(session.SetCurrentUserCustomProperty("loadout", {{"gun", "rail"}}).ok());
  ASSERT_TRUE(session.DeleteCurrentUserCustomProperty("old").ok());
  EXPECT_EQ(Body(session), json::parse(R"({"members":{"me":{"properties":{"custom":{
      "loadout":{"gun":"rail"},"old":null}}}}})"));
  EXPECT_EQ(session.SetCurrentUserCustomProperty("", 1).error().code, ErrorCode::kInvalidArgument);
}

TEST(SessionRequestBodyTest, ReservationsNumberedFromZeroInCallOrder) {
  auto session = Existing();
  ASSERT_TRUE(session.AddMemberReservation("1234", {{"skill", 100}}, true).ok());
  ASSERT_TRUE(session.AddMemberReservation("4567", {{"down", true}}).ok());
  EXPECT_EQ(Body(session), json::parse(R"({"members":{
      "reserve_0":{"constants":{"system":{"xuid":"1234","initialize":true},"custom":{"skill":100}}},
      "reserve_1":{"constants":{"system":{"xuid":"4567"},"custom":{"down":true}}}}})"));
  EXPECT_EQ(session.AddMemberReservation("", nullptr).error().code, ErrorCode::kInvalidArgument);
}

TEST(SessionRequestBodyTest, RequestBodyTextKeepsReservationCallOrderPastTen) {
  auto session = Existing();
  for (int i = 0; i < 12; ++i) ASSERT_TRUE(session.AddMemberReservation(std::to_string(5000 + i)).ok());
  auto const text = session.RequestBodyText();
  EXPECT_LT(text.find("\"reserve_2\""), text.find("\"reserve_10\"")) << text;
  EXPECT_LT(text.find("\"reserve_9\""), text.find("\"reserve_10\"")) << text;
  EXPECT_EQ(json::parse(text), Body(session));
}

TEST(SessionRequestBodyTest, JoinAndReservationTogetherPutMeFirst) {
  MultiplayerSession session(Ref(), "1001");
  ASSERT_TRUE(session.AddMemberReservation("1002").ok());
  ASSERT_TRUE(session.Join().ok());
  auto const text = session.RequestBodyText();
  EXPECT_LT(text.find("\"me\""), text.find("\"reserve_0\"")) << text;
}

TEST(SessionRequestBodyTest, RemoveMemberWritesIndexNull) {
  auto session = Existing();
  ASSERT_TRUE(session.RemoveMember(1).ok());
  EXPECT_EQ(Body(session), json::parse(R"({"members":{"1":null}})"));
}

TEST(SessionRequestBodyTest, SessionCustomPropertySetAndDeleteReplaceTopLevelKey) {
  auto session = Existing();
  ASSERT_TRUE(session.SetCustomProperty("map", {{"name", "dust"}, {"size", 3}}).ok());
  ASSERT_TRUE(session.DeleteCustomProperty("mode").ok());
  EXPECT_EQ(Body(session), json::parse(R"({"properties":{"custom":{"map":{"name":"dust","size":3},"mode":null}}})"));
  EXPECT_EQ(session.SetCustomProperty("", 1).error().code, ErrorCode::kInvalidArgument);
}

TEST(SessionRequestBodyTest, SystemPropertyMutators) {
  auto session = Existing();
  ASSERT_TRUE(session.SetKeywords({"hello", "ctf"}).ok());
  ASSERT_TRUE(session.SetTurn({0}).ok());
  ASSERT_TRUE(session.SetJoinRestriction(SessionRestriction::kFollowed).ok());
  ASSERT_TRUE(session.SetReadRestriction(SessionRestriction::kLocal).ok());
  ASSERT_TRUE(session.SetHostDeviceToken("dA").ok());
  ASSERT_TRUE(session.SetServerConnectionStringCandidates({"west", "east"}).ok());
  ASSERT_TRUE(session.SetMatchmakingResubmit(false).ok());
  ASSERT_TRUE(session.SetClosed(true).ok());
  ASSERT_TRUE(session.SetLocked(false).ok());
  ASSERT_TRUE(session.SetAllocateCloudCompute(false).ok());
  EXPECT_EQ(Body(session), json::parse(R"({"properties":{"system":{
      "keywords":["hello","ctf"],"turn":[0],"joinRestriction":"followed","readRestriction":"local","host":"dA",
      "serverConnectionStringCandidates":["west","east"],"matchmakingResubmit":false,"closed":true,"locked":false,
      "allocateCloudCompute":false}}})"));
  EXPECT_EQ(session.SetJoinRestriction(SessionRestriction::kUnknown).error().code, ErrorCode::kInvalidArgument);
}

TEST(SessionRequestBodyTest, OwnersOnlyOnAHasOwnersSessionAndEachOnce) {
  auto plain = Existing();  // connectivity only
  EXPECT_EQ(plain.SetOwners({0}).error().code, ErrorCode::kInvalidState);
  auto parsed = MultiplayerSession::Parse(Ref(), R"({"constants":{"system":{"capabilities":{"hasOwners":true}}},
      "members":{"0":{"constants":{"system":{"xuid":"1001"}}},"1":{"constants":{"system":{"xuid":"1002"}}}},
      "membersInfo":{"first":0,"next":2,"count":2,"accepted":2}})",
                                          "\"e\"");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->SetOwners({0, 0}).error().code, ErrorCode::kInvalidArgument);
  ASSERT_TRUE(parsed->SetOwners({1, 0}).ok());
  EXPECT_EQ(Body(*parsed), json::parse(R"({"properties":{"system":{"owners":[1,0]}}})"));
  MultiplayerSession fresh(Ref(), "1001");  // its capabilities are still to be written
  EXPECT_TRUE(fresh.SetOwners({0}).ok());
}

TEST(SessionRequestBodyTest, MatchmakingPartsSendTheWholeMatchmakingObject) {
  auto session = Existing();
  ASSERT_TRUE(session.SetMatchmakingServerConnectionString("west").ok());
  EXPECT_EQ(Body(session), json::parse(R"({"properties":{"system":{"matchmaking":{
      "serverConnectionString":"west","targetSessionConstants":{"a":1}}}}})"))
      << "matchmaking is one system field, replaced whole, so the other parts are kept";
}

TEST(SessionRequestBodyTest, MatchmakingClientResultNeedsCapability) {
  auto session = Existing();
  MatchmakingClientResult result;
  result.status = MatchmakingStatus::kSearching;
  EXPECT_EQ(session.SetMatchmakingClientResult(result).error().code, ErrorCode::kInvalidState);

  MultiplayerSession fresh(Ref(), "1001");
  result.typical_wait_seconds = 30;
  result.target_session_ref = SessionReference{"s", "t", "n"};
  ASSERT_TRUE(fresh.SetMatchmakingClientResult(result).ok());
  EXPECT_EQ(Body(fresh), json::parse(R"({"properties":{"system":{"matchmaking":{"clientResult":{
      "status":"searching","statusDetails":"","typicalWait":30,
      "targetSessionRef":{"scid":"s","templateName":"t","name":"n"}}}}}})"));
}

TEST(SessionRequestBodyTest, InitializationSucceededOnlyWhileEvaluating) {
  auto session = Existing();
  EXPECT_EQ(session.SetInitializationSucceeded(true).error().code, ErrorCode::kInvalidState);
  auto evaluating = MultiplayerSession::Parse(R"({"initializing":{"stage":"evaluating","episode":1}})");
  ASSERT_TRUE(evaluating.ok());
  ASSERT_TRUE(evaluating->SetInitializationSucceeded(true).ok());
  EXPECT_EQ(Body(*evaluating), json::parse(R"({"properties":{"system":{"initializationSucceeded":true}}})"));
}

TEST(SessionRequestBodyTest, KeywordsRefusedOnPrivateSession) {
  auto session = MultiplayerSession::Parse(R"({"constants":{"system":{"visibility":"private"}}})");
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->SetKeywords({"k"}).error().code, ErrorCode::kInvalidState);
}

TEST(SessionRequestBodyTest, ServersSetAndDelete) {
  auto session = Existing();
  ASSERT_TRUE(session.SetServer("x", {{"properties", {{"custom", {{"ip", "10"}}}}}}).ok());
  ASSERT_TRUE(session.DeleteServer("old").ok());
  EXPECT_EQ(Body(session), json::parse(R"({"servers":{"x":{"properties":{"custom":{"ip":"10"}}},"old":null}})"));
  EXPECT_EQ(session.SetServer("y", {{"bogus", json::object()}}).error().code, ErrorCode::kInvalidArgument);
}

TEST(SessionRequestBodyTest, ConstantsOnNewSession) {
  MultiplayerSession session(Ref(), "1001");
  ASSERT_TRUE(session.SetMaxMembersCount(10).ok());
  ASSERT_TRUE(session.SetVisibility(SessionVisibility::kPrivate).ok());
  ASSERT_TRUE(session.SetInitiators({"1001"}).ok());
  ASSERT_TRUE(session.SetInviteProtocol("game").ok());
  ASSERT_TRUE(session.SetTimeouts(milliseconds(10000), milliseconds(0), std::nullopt, std::nullopt).ok());
  SessionCapabilities caps;
  caps.connectivity = true;
  caps.gameplay = true;
  ASSERT_TRUE(session.SetCapabilities(caps).ok());
  ASSERT_TRUE(session.SetMetrics({true, false, false, false}).ok());
  MemberInitialization init;
  init.join_timeout = milliseconds(20000);
  init.members_needed_to_start = 2;
  ASSERT_TRUE(session.SetMemberInitialization(init).ok());
  ASSERT_TRUE(session.SetPeerToPeerRequirements({200, 5000}).ok());
  ASSERT_TRUE(session.SetPeerToHostRequirements({300, 1000, 100, HostSelectionMetric::kBandwidthUp}).ok());
  ASSERT_TRUE(session.SetMeasurementServerAddresses({{"East.Thunderhead", "r5Y="}}).ok());
  ASSERT_TRUE(session.SetCustomConstant("mode", "ctf").ok());
  EXPECT_EQ(Body(session), json::parse(R"({"constants":{"system":{
      "maxMembersCount":10,"visibility":"private","initiators":["1001"],"inviteProtocol":"game",
      "reservedRemovalTimeout":10000,"inactiveRemovalTimeout":0,"readyRemovalTimeout":null,"sessionEmptyTimeout":null,
      "capabilities":{"connectivity":true,"gameplay":true},
      "metrics":{"latency":true,"bandwidthDown":false,"bandwidthUp":false,"custom":false},
      "memberInitialization":{"joinTimeout":20000,"measurementTimeout":30000,"externalEvaluation":false,"membersNeededToStart":2},
      "peerToPeerRequirements":{"latencyMaximum":200,"bandwidthMinimum":5000},
      "peerToHostRequirements":{"latencyMaximum":300,"bandwidthDownMinimum":1000,"bandwidthUpMinimum":100,"hostSelectionMetric":"bandwidthup"},
      "measurementServerAddresses":{"east.thunderhead":{"secureDeviceAddress":"r5Y="}}},
      "custom":{"mode":"ctf"}}})"));
}

TEST(SessionRequestBodyTest, EmptyQosThresholdsAreSentAsNull) {
  MultiplayerSession session(Ref(), "1001");
  PeerToPeerRequirements p2p;
  p2p.bandwidth_minimum_kbps.reset();
  PeerToHostRequirements p2h;
  p2h.latency_maximum_ms.reset();
  ASSERT_TRUE(session.SetPeerToPeerRequirements(p2p).ok());
  ASSERT_TRUE(session.SetPeerToHostRequirements(p2h).ok());
  EXPECT_EQ(Body(session), json::parse(R"({"constants":{"system":{
      "peerToPeerRequirements":{"latencyMaximum":250,"bandwidthMinimum":null},
      "peerToHostRequirements":{"latencyMaximum":null,"bandwidthDownMinimum":100000,"bandwidthUpMinimum":1000,
                                "hostSelectionMetric":"latency"}}}})"));
}

TEST(SessionRequestBodyTest, EvaluationTimeoutOnlyWithExternalEvaluation) {
  MultiplayerSession session(Ref(), "1001");
  MemberInitialization init;
  init.external_evaluation = true;
  init.evaluation_timeout = milliseconds(4000);
  ASSERT_TRUE(session.SetMemberInitialization(init).ok());
  EXPECT_EQ(Body(session)["constants"]["system"]["memberInitialization"]["evaluationTimeout"], 4000);
}

TEST(SessionRequestBodyTest, ConstantsOnExistingSessionRefused) {
  auto session = Existing();
  EXPECT_EQ(session.SetMaxMembersCount(4).error().code, ErrorCode::kInvalidState);
  EXPECT_EQ(session.SetVisibility(SessionVisibility::kOpen).error().code, ErrorCode::kInvalidState);
  EXPECT_EQ(session.SetTimeouts(std::nullopt, std::nullopt, std::nullopt, std::nullopt).error().code,
            ErrorCode::kInvalidState);
  EXPECT_EQ(session.SetCapabilities({}).error().code, ErrorCode::kInvalidState);
  EXPECT_EQ(session.SetMemberInitialization({}).error().code, ErrorCode::kInvalidState);
  EXPECT_EQ(session.SetCustomConstant("k", 1).error().code, ErrorCode::kInvalidState);
  EXPECT_EQ(session.SetRoleTypes({}).error().code, ErrorCode::kInvalidState);
  EXPECT_FALSE(session.has_pending_changes());
}

TEST(SessionRequestBodyTest, InvalidCapabilityCombinationsRefused) {
  MultiplayerSession session(Ref(), "1001");
  SessionCapabilities caps;
  caps.large = true;
  caps.connectivity = true;
  EXPECT_EQ(session.SetCapabilities(caps).error().code, ErrorCode::kInvalidArgument);
  caps = {};
  caps.broadcast = true;
  EXPECT_EQ(session.SetCapabilities(caps).error().code, ErrorCode::kInvalidArgument);
}

TEST(SessionRequestBodyTest, RoleTypesAtCreation) {
  MultiplayerSession session(Ref(), "1001");
  RoleType lfg;
  lfg.owner_managed = true;
  lfg.roles["confirmed"] = Role{3, 2, 0, {}};
  ASSERT_TRUE(session.SetRoleTypes({{"lfg", lfg}}).ok());
  EXPECT_EQ(Body(session),
            json::parse(R"({"roleTypes":{"lfg":{"ownerManaged":true,"roles":{"confirmed":{"max":3,"target":2}}}}})"));
  RoleType bad;
  bad.roles["r"] = Role{1, 2, 0, {}};
  EXPECT_EQ(session.SetRoleTypes({{"bad", bad}}).error().code, ErrorCode::kInvalidArgument);
}

// What XSAPI's set_mutable_role_settings sends; checked here against the session's own roleTypes.
TEST(SessionRequestBodyTest, MutableRoleSettingsChangeOnlyWhatTheSessionAllows) {
  auto parsed = MultiplayerSession::Parse(Ref(), R"({"contractVersion":107,
    "constants":{"system":{"maxMembersCount":8,"capabilities":{"hasOwners":true}}},
    "roleTypes":{
      "lfg":{"ownerManaged":true,"mutableRoleSettings":["max","target"],
             "roles":{"friend":{"max":5,"target":3,"count":1,"memberXuids":["1001"]},"other":{"max":5}}},
      "squad":{"mutableRoleSettings":["target"],"roles":{"friend":{"max":4}}},
      "fixed":{"roles":{"any":{"max":2}}}},
    "members":{"0":{"constants":{"system":{"xuid":"1001"}},"properties":{"system":{"active":true}}}},
    "membersInfo":{"first":0,"next":1,"count":1,"accepted":1}})",
                                          "\"etag-1\"");
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  MultiplayerSession session = *std::move(parsed);
  auto roles = [](std::string const& role, std::uint32_t max, std::uint32_t target) {
    RoleType type;
    type.roles[role] = Role{max, target, 0, {}};
    return type;
  };
  RoleType lfg = roles("friend", 6, 4);
  lfg.roles["other"] = Role{0, 2, 0, {}};
  ASSERT_TRUE(session.SetMutableRoleSettings({{"lfg", lfg}}).ok());
  ASSERT_TRUE(session.SetMutableRoleSettings({{"squad", roles("friend", 0, 3)}}).ok());
  json const expected = json::parse(R"({"roleTypes":{
      "lfg":{"roles":{"friend":{"max":6,"target":4},"other":{"target":2}}},
      "squad":{"roles":{"friend":{"target":3}}}}})");
  EXPECT_EQ(Body(session), expected);

  RoleType half_valid = roles("other", 7, 0);
  half_valid.roles["leader"] = Role{2, 0, 0, {}};
  for (auto const& [name, type] : std::vector<std::pair<std::string, RoleType>>{
           {"lfg", half_valid},                // other alone would do; leader does not exist
           {"squad", roles("friend", 6, 0)},   // max is not mutable for squad
           {"fixed", roles("any", 0, 1)},      // nothing is mutable
           {"lfg", roles("friend", 0, 7)},     // target above the recorded max 6
           {"lfg", roles("friend", 3, 0)},     // max below the recorded target 4
           {"lfg", roles("leader", 2, 0)},     // no such role
           {"duo", roles("friend", 2, 0)},     // no such role type
           {"lfg", roles("friend", 0, 0)}}) {  // nothing to change
    EXPECT_EQ(session.SetMutableRoleSettings({{name, type}}).error().code, ErrorCode::kInvalidArgument) << name;
  }
  EXPECT_EQ(Body(session), expected) << "a refused change records nothing";
  ASSERT_TRUE(session.SetMutableRoleSettings({{"lfg", roles("friend", 0, 6)}}).ok()) << "the recorded max 6 allows it";
  EXPECT_EQ(Body(session)["roleTypes"]["lfg"]["roles"]["friend"], json::parse(R"({"max":6,"target":6})"));

  MultiplayerSession fresh(Ref(), "1001");
  EXPECT_EQ(fresh.SetMutableRoleSettings({{"lfg", lfg}}).error().code, ErrorCode::kInvalidState);
}

TEST(SessionRequestBodyTest, LargeSessionRefusesMemberListChanges) {
  auto session = MultiplayerSession::Parse(ReadTestData("sessions/large_session_107.json"));
  ASSERT_TRUE(session.ok());
  EXPECT_EQ(session->AddMemberReservation("1002").error().code, ErrorCode::kInvalidState);
  EXPECT_EQ(session->RemoveMember(3).error().code, ErrorCode::kInvalidState);
  EXPECT_EQ(session->SetTurn({0}).error().code, ErrorCode::kInvalidState);
  EXPECT_EQ(session->SetJoinRestriction(SessionRestriction::kLocal).error().code, ErrorCode::kInvalidState);
  ASSERT_TRUE(session->SetCurrentUserGroups({"g2"}).ok()) << "the caller's own record is still writable";
  EXPECT_EQ(Body(*session), json::parse(R"({"members":{"me":{"properties":{"system":{"groups":["g2"]}}}}})"));
}

TEST(SessionRequestBodyTest, MutatorsDoNotTouchServerState) {
  auto session = Existing();
  auto const before = session.ToJson();
  ASSERT_TRUE(session.SetCustomProperty("map", "dust").ok());
  ASSERT_TRUE(session.SetCurrentUserStatus(MemberStatus::kInactive).ok());
  EXPECT_EQ(session.ToJson(), before);
  EXPECT_TRUE(session.properties().custom.empty());
  EXPECT_TRUE(session.current_user()->active);
}

TEST(SessionRequestBodyTest, ClearPendingChangesForgetsEverything) {
  auto session = Existing();
  ASSERT_TRUE(session.SetCustomProperty("map", "dust").ok());
  ASSERT_TRUE(session.AddMemberReservation("5").ok());
  ASSERT_TRUE(session.Leave().ok());
  ASSERT_TRUE(session.has_pending_changes());
  session.ClearPendingChanges();
  EXPECT_FALSE(session.has_pending_changes());
  EXPECT_EQ(Body(session), json::object());
  ASSERT_TRUE(session.SetCurrentUserStatus(MemberStatus::kActive).ok()) << "leave was forgotten too";
}

TEST(SessionRequestBodyTest, SeedRequestBuiltThroughMutators) {
  // The PUT body of the seed page: visibility open, a custom property, a reserved leader.
  MultiplayerSession session(Ref(), "1001");
  ASSERT_TRUE(session.SetVisibility(SessionVisibility::kOpen).ok());
  ASSERT_TRUE(session.SetCustomProperty("KANWE", "MGMSY").ok());
  ASSERT_TRUE(session.AddMemberReservation("5500461", {{"type", "leader"}}).ok());
  auto expected = json::parse(ReadTestData("requests/seed_reserve_leader.json"));
  expected["properties"].erase("system");  // empty bags carry nothing
  expected["constants"].erase("custom");
  EXPECT_EQ(Body(session), expected);
}

}  // namespace
}  // namespace xbl::multiplayer

namespace xbl::multiplayer {
namespace {

TEST(SessionRawChangesTest, MergesRawDeltaWithTypedChanges) {
  MultiplayerSession session(SessionReference{"S", "quick", "s1"}, "1001");
  ASSERT_TRUE(session.SetCustomProperty("a", 1).ok());
  auto delta = nlohmann::json::parse(R"({"properties":{"custom":{"b":2,"a":null},"system":{"futureFlag":true}},
      "members":{"me":{"constants":{"system":{"xuid":"1001"}}},"reserve_0":{"constants":{"system":{"xuid":"7"}}},
                 "4":{"properties":{"custom":{"kicked":true}}},"5":null},
      "servers":{"x":{"properties":{}}}})");
  ASSERT_TRUE(session.MergeRawChanges(delta).ok());
  EXPECT_EQ(Body(session), delta) << "null values are kept: they delete on the service";
  auto const text = session.RequestBodyText();
  EXPECT_EQ(nlohmann::json::parse(text), delta);
  EXPECT_LT(text.find("\"me\""), text.find("\"reserve_0\""));
}

TEST(SessionRawChangesTest, ReservationsContinueNumbering) {
  MultiplayerSession session(SessionReference{"S", "quick", "s1"}, "1001");
  ASSERT_TRUE(session.AddMemberReservation("5").ok());
  auto bad = session.MergeRawChanges(nlohmann::json::parse(R"({"members":{"reserve_0":{"constants":{}}}})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  ASSERT_TRUE(session.MergeRawChanges(nlohmann::json::parse(R"({"members":{"reserve_1":{"constants":{"system":{"xuid":"6"}}}}})")).ok());
  EXPECT_EQ(Body(session)["members"]["reserve_1"]["constants"]["system"]["xuid"], "6");
}

TEST(SessionRawChangesTest, RefusedDeltaChangesNothing) {
  MultiplayerSession session(SessionReference{"S", "quick", "s1"}, "1001");
  for (char const* bad : {R"([1])", R"({"foo":{}})", R"({"properties":3})", R"({"members":{"abc":{}}})",
                          R"({"members":{"me":5}})", R"({"properties":{"custom":{"x":1}},"members":{"reserve_1":{}}})"}) {
    auto result = session.MergeRawChanges(nlohmann::json::parse(bad));
    EXPECT_FALSE(result.ok()) << bad;
  }
  EXPECT_FALSE(session.has_pending_changes());
}

TEST(SessionRawChangesTest, MeNullLeaves) {
  MultiplayerSession session(SessionReference{"S", "quick", "s1"}, "1001");
  ASSERT_TRUE(session.MergeRawChanges(nlohmann::json::parse(R"({"members":{"me":null}})")).ok());
  EXPECT_EQ(session.RequestBodyText(), R"({"members":{"me":null}})");
}

}  // namespace
}  // namespace xbl::multiplayer
