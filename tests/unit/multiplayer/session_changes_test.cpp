#include "test_data.h"
#include "xbl/multiplayer/session_changes.h"
#include <gtest/gtest.h>

namespace xbl::multiplayer {
namespace {

using nlohmann::json;

// Three seats, two active members; `patch` (a JSON merge patch) makes the other snapshot.
MultiplayerSession Snapshot(json const& patch = json::object()) {
  json document = json::parse(R"({"contractVersion":107,
    "constants":{"system":{"maxMembersCount":3,"visibility":"open"},"custom":{}},
    "properties":{"system":{"host":"dA","joinRestriction":"none"},"custom":{"map":"dust"}},
    "servers":{"matchmaking":{"properties":{"system":{"status":"searching"}}}},
    "members":{
      "0":{"constants":{"system":{"xuid":"1001"}},"properties":{"system":{"active":true},"custom":{"skill":1}},"next":1},
      "1":{"constants":{"system":{"xuid":"1002"}},"properties":{"system":{"active":true},"custom":{}},"next":2}},
    "membersInfo":{"first":0,"next":2,"count":2,"accepted":2}})");
  document.merge_patch(patch);
  auto session = MultiplayerSession::FromJson(document, "\"e\"");
  EXPECT_TRUE(session.ok()) << session.error().message;
  return session.ok() ? *std::move(session) : MultiplayerSession();
}

/// The names of the kinds `changes` reports, for readable expectations.
std::vector<std::string> Kinds(SessionChanges const& changes) {
  std::vector<std::string> kinds;
  if (changes.host) kinds.push_back("host");
  if (changes.initialization) kinds.push_back("initialization");
  if (changes.matchmaking_status) kinds.push_back("matchmakingStatus");
  if (changes.members_list) kinds.push_back("membersList");
  if (changes.members_status) kinds.push_back("membersStatus");
  if (changes.joinability) kinds.push_back("joinability");
  if (changes.custom_property) kinds.push_back("customProperty");
  if (changes.members_custom_property) kinds.push_back("membersCustomProperty");
  return kinds;
}

std::vector<std::string> Changes(json const& patch) { return Kinds(CompareSessions(Snapshot(patch), Snapshot())); }

TEST(SessionChangesTest, TheSameSnapshotHasNoChanges) {
  EXPECT_FALSE(CompareSessions(Snapshot(), Snapshot()).any());
  EXPECT_TRUE(Changes(R"({"properties":{"system":{"host":"DA"}}})"_json).empty()) << "device tokens are case-insensitive";
  EXPECT_TRUE(Changes(R"({"properties":{"system":{"keywords":["k"]}}})"_json).empty()) << "no kind covers keywords";
}

TEST(SessionChangesTest, EachKindIsReportedAlone) {
  using Names = std::vector<std::string>;
  EXPECT_EQ(Changes(R"({"properties":{"system":{"host":"dB"}}})"_json), Names{"host"});
  EXPECT_EQ(Changes(R"({"initializing":{"stage":"measuring","episode":1}})"_json), Names{"initialization"});
  EXPECT_EQ(Changes(R"({"servers":{"matchmaking":{"properties":{"system":{"status":"found",
      "targetSessionRef":{"scid":"s","templateName":"t","name":"n"}}}}}})"_json),
            Names{"matchmakingStatus"});
  EXPECT_EQ(Changes(R"({"servers":{"matchmaking":null}})"_json), Names{"matchmakingStatus"});
  EXPECT_EQ(Changes(R"({"members":{"1":{"properties":{"system":{"active":false}}}}})"_json), Names{"membersStatus"});
  EXPECT_EQ(Changes(R"({"properties":{"system":{"closed":true}}})"_json), Names{"joinability"});
  EXPECT_EQ(Changes(R"({"properties":{"system":{"joinRestriction":"followed"}}})"_json), Names{"joinability"});
  EXPECT_EQ(Changes(R"({"properties":{"custom":{"map":"Dust"}}})"_json), Names{"customProperty"})
      << "custom JSON is compared exactly (XSAPI ignores case here)";
  EXPECT_EQ(Changes(R"({"members":{"0":{"properties":{"custom":{"skill":2}}}}})"_json), Names{"membersCustomProperty"});
}

TEST(SessionChangesTest, JoiningLeavingAndRejoiningChangeTheMemberList) {
  using Names = std::vector<std::string>;
  json const third = R"({"members":{"2":{"constants":{"system":{"xuid":"1003"}},"properties":{"system":{"active":true}},
      "next":3}},"membersInfo":{"next":3,"count":3,"accepted":3}})"_json;
  EXPECT_EQ(Changes(third), (Names{"membersList", "joinability"})) << "the third member fills the session";
  EXPECT_EQ(Kinds(CompareSessions(Snapshot(), Snapshot(third))), (Names{"membersList", "joinability"}));
  EXPECT_EQ(Changes(R"({"members":{"1":null},"membersInfo":{"count":1,"accepted":1}})"_json), Names{"membersList"});
  // 1002 left and came back: a new index, so the list changed though the xuids are the same.
  EXPECT_EQ(Changes(R"({"members":{"1":null,"2":{"constants":{"system":{"xuid":"1002"}},
      "properties":{"system":{"active":true}},"next":3}},"membersInfo":{"next":3}})"_json),
            Names{"membersList"});
}

// A large session lists only `me`: joins, leaves and filling up show in membersInfo.count alone.
TEST(SessionChangesTest, LargeSessionsChangeByTheirCount) {
  json const document = json::parse(testing_support::ReadTestData("sessions/large_session_107.json"));
  auto large = [&](std::uint32_t count) {
    json changed = document;
    changed["membersInfo"]["count"] = count;
    changed["membersInfo"]["accepted"] = count;
    return *MultiplayerSession::FromJson(changed);
  };
  using Names = std::vector<std::string>;
  EXPECT_TRUE(Kinds(CompareSessions(large(1377), large(1377))).empty());
  EXPECT_EQ(Kinds(CompareSessions(large(1378), large(1377))), Names{"membersList"});
  EXPECT_EQ(Kinds(CompareSessions(large(2000), large(1999))), (Names{"membersList", "joinability"}));
}

}  // namespace
}  // namespace xbl::multiplayer
