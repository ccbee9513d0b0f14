// RequestBody() is the write's body itself: keys in the order they were recorded, sections in a
// fixed order, members in call order, and RequestBodyText() is exactly its serialization.
#include "xbl/multiplayer/multiplayer_session.h"
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace xbl::multiplayer {
namespace {

SessionReference Ref() { return {"00000000-0000-0000-0000-000000000000", "quick", "s1"}; }

std::vector<std::string> MemberKeys(MultiplayerSession const& session) {
  std::vector<std::string> keys;
  auto const body = session.RequestBody();
  for (auto const& [key, value] : body["members"].items()) keys.push_back(key);
  return keys;
}

TEST(SessionRequestBytesTest, KeysGoOutInTheOrderTheyWereRecorded) {
  MultiplayerSession session(Ref(), "1001");
  ASSERT_TRUE(session.SetCustomProperty("zeta", 1).ok());
  ASSERT_TRUE(session.SetCustomProperty("alpha", 2).ok());
  EXPECT_EQ(session.RequestBodyText(), R"({"properties":{"custom":{"zeta":1,"alpha":2}}})");
}

TEST(SessionRequestBytesTest, RequestBodyTextIsTheDumpOfRequestBody) {
  MultiplayerSession session(Ref(), "1001");
  ASSERT_TRUE(session.SetServer("relay", {{"properties", {{"custom", {{"ip", "10.0.0.1"}}}}}}).ok());
  ASSERT_TRUE(session.SetMaxMembersCount(4).ok());
  ASSERT_TRUE(session.Join().ok());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(session.AddMemberReservation(std::to_string(2000 + i)).ok());
  EXPECT_EQ(session.RequestBodyText(), session.RequestBody().dump());
}

TEST(SessionRequestBytesTest, SectionsInFixedOrderWhateverTheCallOrder) {
  MultiplayerSession session(Ref(), "1001");
  ASSERT_TRUE(session.AddMemberReservation("1002").ok());
  ASSERT_TRUE(session.SetServer("relay", {{"properties", {{"custom", {{"ip", "10"}}}}}}).ok());
  ASSERT_TRUE(session.SetClosed(true).ok());
  RoleType lfg;
  lfg.roles["friend"] = Role{2, 1, 0, {}};
  ASSERT_TRUE(session.SetRoleTypes({{"lfg", lfg}}).ok());
  ASSERT_TRUE(session.SetMaxMembersCount(4).ok());
  ASSERT_TRUE(session.Join().ok());
  EXPECT_EQ(session.RequestBodyText(),
            R"({"constants":{"system":{"maxMembersCount":4}},)"
            R"("roleTypes":{"lfg":{"roles":{"friend":{"max":2,"target":1}}}},)"
            R"("properties":{"system":{"closed":true}},)"
            R"("servers":{"relay":{"properties":{"custom":{"ip":"10"}}}},)"
            R"("members":{"me":{"constants":{"system":{"xuid":"1001"}},"properties":{"system":{"active":true}}},)"
            R"("reserve_0":{"constants":{"system":{"xuid":"1002"}}}}})");
}

TEST(SessionRequestBytesTest, ReservationsPastTenIterateInCallOrder) {
  MultiplayerSession session(Ref(), "1001");
  ASSERT_TRUE(session.Join().ok());
  std::vector<std::string> expected{"me"};
  for (int i = 0; i < 12; ++i) {
    ASSERT_TRUE(session.AddMemberReservation(std::to_string(5000 + i)).ok());
    expected.push_back("reserve_" + std::to_string(i));
  }
  ASSERT_TRUE(session.RemoveMember(7).ok());
  expected.push_back("7");
  EXPECT_EQ(MemberKeys(session), expected);
}

TEST(SessionRequestBytesTest, ACopyCarriesItsOwnPendingChanges) {
  MultiplayerSession original(Ref(), "1001");
  ASSERT_TRUE(original.SetCustomProperty("a", 1).ok());
  MultiplayerSession copy = original;
  ASSERT_TRUE(copy.SetCustomProperty("b", 2).ok());
  EXPECT_EQ(original.RequestBodyText(), R"({"properties":{"custom":{"a":1}}})");
  EXPECT_EQ(copy.RequestBodyText(), R"({"properties":{"custom":{"a":1,"b":2}}})");
  copy = original;
  EXPECT_EQ(copy.RequestBodyText(), original.RequestBodyText());
  MultiplayerSession empty(Ref(), "1001");
  copy = empty;
  EXPECT_FALSE(copy.has_pending_changes());
  EXPECT_EQ(copy.RequestBodyText(), "{}");
}

TEST(SessionRequestBytesTest, ClearPendingChangesLeavesAnEmptyBody) {
  MultiplayerSession session(Ref(), "1001");
  ASSERT_TRUE(session.Join().ok());
  ASSERT_TRUE(session.SetCustomProperty("a", 1).ok());
  session.ClearPendingChanges();
  EXPECT_FALSE(session.has_pending_changes());
  EXPECT_EQ(session.RequestBodyText(), "{}");
  EXPECT_TRUE(session.Join().ok()) << "a new write may join again";
}

TEST(SessionRequestBytesTest, RefusedStatusRecordsNothing) {
  auto session = MultiplayerSession::Parse(Ref(), R"({"constants":{"system":{"maxMembersCount":8}},
      "members":{"0":{"constants":{"system":{"xuid":"1001"}},"properties":{"system":{"active":true}}}},
      "membersInfo":{"first":0,"next":1,"count":1,"accepted":1}})",
                                           "\"e\"");
  ASSERT_TRUE(session.ok()) << session.error().message;
  session->set_current_user_xuid("1001");
  EXPECT_EQ(session->SetCurrentUserStatus(MemberStatus::kReserved).error().code, ErrorCode::kInvalidArgument);
  EXPECT_FALSE(session->has_pending_changes());
  EXPECT_EQ(session->RequestBodyText(), "{}");
}

}  // namespace
}  // namespace xbl::multiplayer
