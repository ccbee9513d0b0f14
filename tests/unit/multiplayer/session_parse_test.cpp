#include "test_data.h"
#include "xbl/multiplayer/multiplayer_session.h"
#include <gtest/gtest.h>

namespace xbl::multiplayer {
namespace {

using testing_support::ReadTestData;
using std::chrono::milliseconds;

MultiplayerSession ParseOrDie(std::string const& path, std::string_view etag = {}) {
  auto session = MultiplayerSession::Parse(ReadTestData(path), etag);
  EXPECT_TRUE(session.ok()) << path << ": " << (session.ok() ? "" : session.error().message);
  return session.ok() ? *std::move(session) : MultiplayerSession();
}

TEST(SessionParseTest, WhitepaperSessionTopLevelFields) {
  auto s = ParseOrDie("seeds/whitepaper_session_107.json", "\"etag-7\"");
  EXPECT_EQ(s.etag(), "\"etag-7\"");
  EXPECT_TRUE(s.is_from_service());
  EXPECT_EQ(s.contract_version(), 107u);
  EXPECT_EQ(s.branch(), "a3e6a1d4-7d1c-4d53-9b51-6c0f0b0c5a11");
  EXPECT_EQ(s.change_number(), 5000000000u) << "changeNumber is 64-bit";
  EXPECT_EQ(s.correlation_id(), "0FE81338-EE96-46E3-A3B5-2DBBD6C41C3B");
  EXPECT_EQ(s.search_handle_id(), "d1a0b0c6-1a8a-4d2e-9a3f-3c2f3e1c6b7d");
  ASSERT_TRUE(s.start_time());
  EXPECT_EQ(s.start_time()->ToString(), "2009-06-15T13:45:30.0900000Z");
  ASSERT_TRUE(s.next_timer());
  EXPECT_EQ(s.next_timer()->ToString(), "2009-06-15T13:46:00.0000001Z") << "7 fractional digits survive";
  ASSERT_TRUE(s.initializing());
  EXPECT_EQ(s.initializing()->stage, InitializationStage::kMeasuring);
  EXPECT_EQ(s.initializing()->episode, 1u);
  EXPECT_EQ(s.host_candidates(), (std::vector<std::string>{"ab90a362", "99582e67"}));
}

TEST(SessionParseTest, NullQosThresholdsAreEmptyAbsentOnesTakeDefaults) {
  auto parsed = MultiplayerSession::Parse(R"({"constants":{"system":{
      "peerToPeerRequirements":{"latencyMaximum":null},
      "peerToHostRequirements":{"bandwidthDownMinimum":null,"bandwidthUpMinimum":64}}}})");
  ASSERT_TRUE(parsed.ok()) << parsed.error().ToString();
  auto const& c = parsed->constants();
  ASSERT_TRUE(c.peer_to_peer_requirements && c.peer_to_host_requirements);
  EXPECT_FALSE(c.peer_to_peer_requirements->latency_maximum_ms.has_value());
  EXPECT_EQ(c.peer_to_peer_requirements->bandwidth_minimum_kbps, 10000u);
  EXPECT_EQ(c.peer_to_host_requirements->latency_maximum_ms, 250u);
  EXPECT_FALSE(c.peer_to_host_requirements->bandwidth_down_minimum_kbps.has_value());
  EXPECT_EQ(c.peer_to_host_requirements->bandwidth_up_minimum_kbps, 64u);
}

TEST(SessionParseTest, WhitepaperSessionConstants) {
  auto const c = ParseOrDie("seeds/whitepaper_session_107.json").constants();
  EXPECT_EQ(c.version, 1u);
  EXPECT_EQ(c.max_members_count, 100u);
  EXPECT_EQ(c.visibility, SessionVisibility::kPrivate);
  EXPECT_EQ(c.initiators, std::vector<std::string>{"1234"});
  EXPECT_EQ(c.invite_protocol, "party");
  EXPECT_EQ(c.reserved_removal_timeout, milliseconds(10000));
  EXPECT_EQ(c.inactive_removal_timeout, milliseconds(0));
  EXPECT_EQ(c.ready_removal_timeout, milliseconds(60000));
  EXPECT_FALSE(c.session_empty_timeout.has_value()) << "null means infinite";
  EXPECT_TRUE(c.capabilities.client_matchmaking);
  EXPECT_TRUE(c.capabilities.connectivity);
  EXPECT_FALSE(c.capabilities.large);
  ASSERT_TRUE(c.member_initialization);
  EXPECT_EQ(c.member_initialization->join_timeout, milliseconds(20000));
  EXPECT_EQ(c.member_initialization->measurement_timeout, milliseconds(5000));
  EXPECT_EQ(c.member_initialization->evaluation_timeout, milliseconds(5000));
  EXPECT_TRUE(c.member_initialization->external_evaluation);
  EXPECT_EQ(c.member_initialization->members_needed_to_start, 2u);
  ASSERT_TRUE(c.metrics);
  EXPECT_TRUE(c.metrics->latency && c.metrics->bandwidth_down && c.metrics->bandwidth_up && c.metrics->custom);
  ASSERT_TRUE(c.peer_to_peer_requirements);
  EXPECT_EQ(c.peer_to_peer_requirements->latency_maximum_ms, 250u);
  EXPECT_EQ(c.peer_to_peer_requirements->bandwidth_minimum_kbps, 10000u);
  ASSERT_TRUE(c.peer_to_host_requirements);
  EXPECT_EQ(c.peer_to_host_requirements->bandwidth_down_minimum_kbps, 100000u);
  EXPECT_EQ(c.peer_to_host_requirements->bandwidth_up_minimum_kbps, 1000u);
  EXPECT_EQ(c.peer_to_host_requirements->host_selection_metric, HostSelectionMetric::kBandwidthUp);
  EXPECT_EQ(c.measurement_server_addresses["west.thunderhead.azure.com"]["secureDeviceAddress"], "rwY=");
  EXPECT_EQ(c.custom["mode"], "ctf");
}

TEST(SessionParseTest, WhitepaperSessionProperties) {
  auto const p = ParseOrDie("seeds/whitepaper_session_107.json").properties();
  EXPECT_EQ(p.keywords, std::vector<std::string>{"hello"});
  EXPECT_EQ(p.turn, std::vector<std::uint32_t>{1});
  EXPECT_EQ(p.join_restriction, SessionRestriction::kNone);
  EXPECT_EQ(p.host_device_token, "99e4c701");
  EXPECT_EQ(p.server_connection_string_candidates.size(), 2u);
  ASSERT_TRUE(p.matchmaking_client_result);
  EXPECT_EQ(p.matchmaking_client_result->status, MatchmakingStatus::kSearching);
  EXPECT_EQ(p.matchmaking_client_result->typical_wait_seconds, 30u);
  ASSERT_TRUE(p.matchmaking_client_result->target_session_ref);
  EXPECT_EQ(p.matchmaking_client_result->target_session_ref->template_name, "capture-the-flag");
  EXPECT_EQ(p.matchmaking_server_connection_string, "west.thunderhead.azure.com");
  EXPECT_EQ(p.matchmaking_resubmit, true);
  EXPECT_EQ(p.custom["myField3"], 5.5);
  EXPECT_TRUE(p.custom["myField4"]["myObject"].is_null());
}

TEST(SessionParseTest, WhitepaperSessionMembers) {
  auto s = ParseOrDie("seeds/whitepaper_session_107.json");
  ASSERT_EQ(s.members().size(), 2u);
  auto const& first = s.members()[0];
  EXPECT_EQ(first.index, 1u);
  EXPECT_EQ(first.xuid, "5500461");
  EXPECT_TRUE(first.initialize_requested);
  EXPECT_EQ(first.matchmaking_result["serverMeasurements"]["east.thunderhead.azure.com"]["latency"], 233);
  EXPECT_EQ(first.custom_constants["type"], "leader");
  EXPECT_TRUE(first.ready);
  EXPECT_FALSE(first.active);
  EXPECT_EQ(first.status(), MemberStatus::kReady);
  EXPECT_EQ(first.secure_device_address, "ryY=");
  EXPECT_EQ(first.initialization_group, std::vector<std::uint32_t>{4});
  EXPECT_EQ(first.groups, std::vector<std::string>{"team-red"});
  ASSERT_EQ(first.measurements.size(), 1u);
  EXPECT_EQ(first.measurements[0].device_token, "e69c43a8");
  EXPECT_EQ(first.measurements[0].latency_ms, 5953u);
  EXPECT_EQ(first.measurements[0].bandwidth_down_kbps, 19342u);
  EXPECT_EQ(first.measurements[0].bandwidth_up_kbps, 944u);
  EXPECT_EQ(first.server_measurements["east.thunderhead.azure.com"]["latency"], 233);
  EXPECT_EQ(first.subscription["changeTypes"][0], "everything");
  EXPECT_EQ(first.custom_properties["skill"], 42);
  EXPECT_EQ(first.gamertag, "stacy");
  EXPECT_EQ(first.device_token, "9f4032ba7");
  EXPECT_EQ(first.nat, NatSetting::kModerate);
  EXPECT_TRUE(first.turn);
  EXPECT_EQ(first.initialization_episode, 1u);
  EXPECT_EQ(first.roles.at("lfg"), "confirmed");
  EXPECT_EQ(first.next, 4u);

  auto const& second = s.members()[1];
  EXPECT_EQ(second.index, 4u);
  EXPECT_EQ(second.xuid, "2814613569642996") << "numeric xuids are read as strings";
  EXPECT_EQ(second.status(), MemberStatus::kActive);
  EXPECT_EQ(second.active_title_id, "8397267");
  ASSERT_TRUE(second.join_time);
  EXPECT_EQ(second.join_time->ToString(), "2009-06-15T13:45:31.1234567Z");
  EXPECT_EQ(second.initialization_failure, InitializationFailure::kBandwidthUp);

  EXPECT_EQ(s.members_info().first, 1u);
  EXPECT_EQ(s.members_info().next, 5u);
  EXPECT_EQ(s.members_info().count, 2u);
  EXPECT_EQ(s.members_info().accepted, 1u);
  EXPECT_EQ(s.member_by_index(4)->device_token, "e69c43a8");
  EXPECT_EQ(s.member_by_index(2), nullptr);
}

TEST(SessionParseTest, WhitepaperSessionServersAndRoles) {
  auto s = ParseOrDie("seeds/whitepaper_session_107.json");
  ASSERT_EQ(s.servers().size(), 2u);
  EXPECT_EQ(s.servers().at("gameserver").properties["custom"]["region"], "west");
  ASSERT_TRUE(s.matchmaking_server());
  EXPECT_EQ(s.matchmaking_server()->lock_id, "opaque56789");
  EXPECT_EQ(s.matchmaking_server()->status, MatchmakingStatus::kSearching);
  EXPECT_EQ(s.matchmaking_server()->typical_wait_seconds, 30u);
  ASSERT_EQ(s.role_types().count("lfg"), 1u);
  auto const& lfg = s.role_types().at("lfg");
  EXPECT_TRUE(lfg.owner_managed);
  EXPECT_EQ(lfg.mutable_role_settings, (std::vector<std::string>{"max", "target"}));
  EXPECT_EQ(lfg.roles.at("confirmed").max, 3u);
  EXPECT_EQ(lfg.roles.at("confirmed").target, 2u);
  EXPECT_EQ(lfg.roles.at("confirmed").count, 1u);
  EXPECT_EQ(lfg.roles.at("confirmed").member_xuids, std::vector<std::string>{"5500461"});
}

TEST(SessionParseTest, SeedPutResponseContract104) {
  auto s = ParseOrDie("seeds/put_response_contract104.json");
  EXPECT_EQ(s.contract_version(), 104u);
  EXPECT_EQ(s.constants().visibility, SessionVisibility::kOpen);
  EXPECT_EQ(s.properties().custom["myProperty"], "myValue");
  ASSERT_EQ(s.members().size(), 1u);
  auto const& m = s.members()[0];
  EXPECT_EQ(m.index, 1u);
  EXPECT_EQ(m.xuid, "5500461");
  EXPECT_TRUE(m.reserved);
  EXPECT_EQ(m.status(), MemberStatus::kReserved);
  EXPECT_EQ(m.initialization_failure, InitializationFailure::kLatency);
  EXPECT_EQ(s.servers().count("name"), 1u);
  EXPECT_FALSE(s.matchmaking_server());
}

TEST(SessionParseTest, SeedTemplates) {
  auto ticket = ParseOrDie("seeds/template_match_ticket_session_107.json");
  EXPECT_EQ(ticket.constants().max_members_count, 10u);
  EXPECT_EQ(ticket.constants().visibility, SessionVisibility::kPrivate);
  ASSERT_TRUE(ticket.constants().member_initialization);
  EXPECT_EQ(ticket.constants().member_initialization->join_timeout, milliseconds(20000));
  EXPECT_EQ(ticket.constants().member_initialization->measurement_timeout, milliseconds(30000)) << "107 default";
  EXPECT_TRUE(ticket.members().empty());
  EXPECT_EQ(ticket.constants().reserved_removal_timeout, milliseconds(30000)) << "absent: the 107 default";
  EXPECT_EQ(ticket.constants().inactive_removal_timeout, milliseconds(0));
  EXPECT_EQ(ticket.constants().ready_removal_timeout, milliseconds(180000));
  EXPECT_EQ(ticket.constants().session_empty_timeout, milliseconds(0));

  auto game = ParseOrDie("seeds/template_game_session_107.json");
  EXPECT_EQ(game.constants().max_members_count, 12u);
  EXPECT_EQ(game.constants().visibility, SessionVisibility::kOpen) << "107 default";
  EXPECT_EQ(game.constants().member_initialization->members_needed_to_start, 4u);

  auto p2h = ParseOrDie("seeds/template_peer_to_host_107.json");
  EXPECT_EQ(p2h.constants().peer_to_host_requirements->latency_maximum_ms, 350u);
  EXPECT_EQ(p2h.constants().peer_to_host_requirements->host_selection_metric, HostSelectionMetric::kLatency);

  auto p2p = ParseOrDie("seeds/template_peer_to_peer_107.json");
  EXPECT_EQ(p2p.constants().peer_to_peer_requirements->bandwidth_minimum_kbps, 10000u);

  auto nocaps = ParseOrDie("seeds/template_no_capabilities_107.json");
  EXPECT_FALSE(nocaps.constants().capabilities.connectivity);
}

TEST(SessionParseTest, ParseThenToJsonIsTheIdentity) {
  for (char const* path : {"seeds/whitepaper_session_107.json", "seeds/put_response_contract104.json",
                           "seeds/template_match_ticket_session_107.json", "seeds/template_game_session_107.json",
                           "seeds/template_no_capabilities_107.json", "seeds/template_peer_to_host_107.json",
                           "seeds/template_peer_to_peer_107.json", "sessions/large_session_107.json",
                           "sessions/initialization_contract104.json", "sessions/initialization_contract107.json"}) {
    auto const text = ReadTestData(path);
    auto session = MultiplayerSession::Parse(text);
    ASSERT_TRUE(session.ok()) << path << ": " << session.error().message;
    EXPECT_EQ(session->ToJson(), nlohmann::json::parse(text)) << path;
    auto again = MultiplayerSession::Parse(session->ToJson().dump());
    ASSERT_TRUE(again.ok()) << path;
    EXPECT_EQ(again->ToJson(), session->ToJson()) << path;
  }
}

TEST(SessionParseTest, UnknownFieldsSurvive) {
  auto s = ParseOrDie("seeds/whitepaper_session_107.json");
  EXPECT_EQ(s.ToJson()["futureTopLevelField"]["kept"], nlohmann::json({1, 2, 3}));
}

TEST(SessionParseTest, Contract104And107GiveTheSameTypedValues) {
  auto v104 = ParseOrDie("sessions/initialization_contract104.json");
  auto v107 = ParseOrDie("sessions/initialization_contract107.json");
  auto const& a = v104.constants();
  auto const& b = v107.constants();
  EXPECT_EQ(a.reserved_removal_timeout, b.reserved_removal_timeout);
  EXPECT_EQ(a.inactive_removal_timeout, b.inactive_removal_timeout);
  EXPECT_EQ(a.ready_removal_timeout, b.ready_removal_timeout);
  EXPECT_EQ(a.session_empty_timeout, b.session_empty_timeout);
  EXPECT_FALSE(a.session_empty_timeout.has_value());
  ASSERT_TRUE(a.member_initialization && b.member_initialization);
  EXPECT_EQ(a.member_initialization->join_timeout, b.member_initialization->join_timeout);
  EXPECT_EQ(a.member_initialization->measurement_timeout, b.member_initialization->measurement_timeout);
  EXPECT_EQ(a.member_initialization->evaluation_timeout, b.member_initialization->evaluation_timeout);
  EXPECT_EQ(a.member_initialization->external_evaluation, b.member_initialization->external_evaluation)
      << "autoEvaluate false (104) is externalEvaluation true (107)";
  EXPECT_TRUE(a.member_initialization->external_evaluation);
  EXPECT_EQ(a.member_initialization->members_needed_to_start, b.member_initialization->members_needed_to_start);
  ASSERT_EQ(v104.members().size(), v107.members().size());
  EXPECT_EQ(v104.members()[0].initialization_group, v107.members()[0].initialization_group)
      << "104's group is 107's initializationGroup";
  EXPECT_EQ(v104.members()[0].initialization_group, (std::vector<std::uint32_t>{0, 1}));
}

TEST(SessionParseTest, Contract104InactiveTimeoutDefaultsToTwoHours) {
  auto v104 = MultiplayerSession::Parse(R"({"contractVersion":104,"constants":{"system":{}}})");
  ASSERT_TRUE(v104.ok());
  EXPECT_EQ(v104->constants().inactive_removal_timeout, milliseconds(7'200'000));
  auto v107 = MultiplayerSession::Parse(R"({"contractVersion":107,"constants":{"system":{}}})");
  ASSERT_TRUE(v107.ok());
  EXPECT_EQ(v107->constants().inactive_removal_timeout, milliseconds(0));
}

TEST(SessionParseTest, Contract104ManagedInitializationDefaults) {
  auto s = MultiplayerSession::Parse(
      R"({"contractVersion":104,"constants":{"system":{"managedInitialization":{}}}})");
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto const& init = *s->constants().member_initialization;
  EXPECT_EQ(init.members_needed_to_start, 2u);
  EXPECT_EQ(init.join_timeout, milliseconds(5000));
  EXPECT_EQ(init.measurement_timeout, milliseconds(5000));
  EXPECT_TRUE(init.external_evaluation) << "104 default: the title evaluates";

  auto v107 = MultiplayerSession::Parse(R"({"constants":{"system":{"memberInitialization":{}}}})");
  ASSERT_TRUE(v107.ok());
  EXPECT_EQ(v107->constants().member_initialization->members_needed_to_start, 1u);
  EXPECT_EQ(v107->constants().member_initialization->join_timeout, milliseconds(10000));
  EXPECT_EQ(v107->constants().member_initialization->measurement_timeout, milliseconds(30000));
  EXPECT_FALSE(v107->constants().member_initialization->external_evaluation);
}

TEST(SessionParseTest, LargeSessionListsOnlyMe) {
  auto s = ParseOrDie("sessions/large_session_107.json");
  EXPECT_TRUE(s.constants().capabilities.large);
  EXPECT_EQ(s.constants().max_members_count, 2000u);
  ASSERT_EQ(s.members().size(), 1u);
  EXPECT_FALSE(s.members()[0].index.has_value());
  EXPECT_TRUE(s.members()[0].is_current_user);
  EXPECT_EQ(s.members()[0].xuid, "1001");
  ASSERT_NE(s.current_user(), nullptr);
  EXPECT_EQ(s.current_user()->groups, std::vector<std::string>{"g1"});
  EXPECT_EQ(s.members_info().count, 1377u);
}

TEST(SessionParseTest, EnumStringsAreCaseInsensitiveAndUnknownStaysUnknown) {
  auto s = MultiplayerSession::Parse(
      R"({"constants":{"system":{"visibility":"Private"}},"properties":{"system":{"joinRestriction":"FOLLOWED",
          "readRestriction":"somethingnew"}},"initializing":{"stage":"Evaluating","episode":2}})");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->constants().visibility, SessionVisibility::kPrivate);
  EXPECT_EQ(s->properties().join_restriction, SessionRestriction::kFollowed);
  EXPECT_EQ(s->properties().read_restriction, SessionRestriction::kUnknown);
  EXPECT_EQ(s->initializing()->stage, InitializationStage::kEvaluating);
}

TEST(SessionParseTest, CurrentUserFoundByXuid) {
  auto s = ParseOrDie("seeds/whitepaper_session_107.json");
  EXPECT_EQ(s.current_user(), nullptr);
  s.set_current_user_xuid("2814613569642996");
  ASSERT_NE(s.current_user(), nullptr);
  EXPECT_EQ(s.current_user()->index, 4u);
}

TEST(SessionParseTest, ReferenceFromParseOverload) {
  SessionReference ref{"scid-1", "quick", "abc"};
  auto s = MultiplayerSession::Parse(ref, ReadTestData("seeds/put_response_contract104.json"), "\"e\"");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->reference(), ref);
  EXPECT_EQ(s->etag(), "\"e\"");
}

}  // namespace
}  // namespace xbl::multiplayer

namespace xbl::multiplayer {
namespace {

TEST(SessionParseTest, EveryCapabilityOwnershipPoliciesAndDeprecatedConstants) {
  auto s = MultiplayerSession::Parse(R"({"constants":{"system":{
      "capabilities":{"connectivity":true,"suppressPresenceActivityCheck":true,"gameplay":true,"large":true,
        "connectionRequiredForActiveMembers":true,"clientMatchmaking":true,"cloudCompute":true,
        "autoPopulateServerCandidates":true,"userAuthorizationStyle":true,"crossPlay":true,"broadcast":true,
        "team":true,"arbitration":true,"hasOwners":true,"searchable":true},
      "ownershipPolicies":{"migration":"oldest","allowNonOwnerInviteHandles":true,
        "nonOwnerModifiableSystemProperties":["joinRestriction"]},
      "broadcastViewerTitleIds":["1234"],
      "cloudComputePackage":{"titleId":"1","gsiSet":"g","variant":"v"},
      "arbitration":{"forfeitTimeout":60000,"arbitrationTimeout":300000}}},
    "properties":{"system":{"owners":[0,2],"closed":true,"locked":true,"allocateCloudCompute":true,
      "readRestriction":"local","initializationSucceeded":false}}})");
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto const& caps = s->constants().capabilities;
  for (bool flag : {caps.connectivity, caps.suppress_presence_activity_check, caps.gameplay, caps.large,
                    caps.connection_required_for_active_members, caps.client_matchmaking, caps.cloud_compute,
                    caps.auto_populate_server_candidates, caps.user_authorization_style, caps.crossplay,
                    caps.broadcast, caps.team, caps.arbitration, caps.has_owners, caps.searchable}) {
    EXPECT_TRUE(flag);
  }
  ASSERT_TRUE(s->constants().ownership_policies);
  EXPECT_EQ(s->constants().ownership_policies->migration, OwnershipMigration::kOldest);
  EXPECT_TRUE(s->constants().ownership_policies->allow_non_owner_invite_handles);
  EXPECT_EQ(s->constants().ownership_policies->non_owner_modifiable_system_properties,
            std::vector<std::string>{"joinRestriction"});
  EXPECT_EQ(s->constants().broadcast_viewer_title_ids, std::vector<std::string>{"1234"});
  EXPECT_EQ(s->constants().cloud_compute_package["gsiSet"], "g");
  EXPECT_EQ(s->constants().arbitration["forfeitTimeout"], 60000);
  EXPECT_EQ(s->properties().owners, (std::vector<std::uint32_t>{0, 2}));
  EXPECT_TRUE(s->properties().closed);
  EXPECT_TRUE(s->properties().locked);
  EXPECT_TRUE(s->properties().allocate_cloud_compute);
  EXPECT_EQ(s->properties().read_restriction, SessionRestriction::kLocal);
  EXPECT_EQ(s->properties().initialization_succeeded, false);
}

TEST(SessionParseTest, LegacySubscriptionsMapIsKept) {
  auto s = MultiplayerSession::Parse(R"({"members":{"0":{"properties":{"system":{"subscriptions":{
      "961dc162-3a8c-4982-b58b-0347ed086bc9":{"profile":"party","onBehalfOfTitleId":"3948320593"}}}}}}})");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->members()[0].subscription["961dc162-3a8c-4982-b58b-0347ed086bc9"]["profile"], "party");
}

TEST(SessionParseTest, InitializeAsStringFromWhitepaper) {
  auto s = MultiplayerSession::Parse(R"({"members":{"0":{"constants":{"system":{"xuid":"12345678","initialize":"false"}}},
                                                  "1":{"constants":{"system":{"xuid":"5","initialize":"true"}}}}})");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_FALSE(s->members()[0].initialize_requested);
  EXPECT_TRUE(s->members()[1].initialize_requested);
}

TEST(SessionParseTest, MembersOrderedByIndexNotByKeyText) {
  nlohmann::json doc;
  for (int i : {10, 2, 1, 33}) doc["members"][std::to_string(i)] = {{"constants", {{"system", {{"xuid", std::to_string(i)}}}}}};
  auto s = MultiplayerSession::FromJson(doc);
  ASSERT_TRUE(s.ok()) << s.error().message;
  std::vector<std::uint32_t> order;
  for (auto const& m : s->members()) order.push_back(*m.index);
  EXPECT_EQ(order, (std::vector<std::uint32_t>{1, 2, 10, 33}));
}

}  // namespace
}  // namespace xbl::multiplayer
