// A title repeating an operation XSAPI refuses gets a clear error and nothing is recorded: the
// body a write would send stays exactly what it was before the refused call.
#include "xbl/multiplayer/multiplayer_session.h"
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace xbl::multiplayer {
namespace {

using ::testing::HasSubstr;

SessionReference Ref() { return {"00000000-0000-0000-0000-000000000000", "quick", "s1"}; }

// A session as the service returned it, with the current user 1001 as member 0.
MultiplayerSession Existing() {
  auto session = MultiplayerSession::Parse(Ref(), R"({"contractVersion":107,
      "constants":{"system":{"maxMembersCount":8,"visibility":"open"}},
      "members":{"0":{"constants":{"system":{"xuid":"1001"}},"properties":{"system":{"active":true}}}},
      "membersInfo":{"first":0,"next":1,"count":1,"accepted":1}})",
                                           "\"etag-1\"");
  EXPECT_TRUE(session.ok()) << session.error().message;
  session->set_current_user_xuid("1001");
  return *std::move(session);
}

TEST(SessionMisuseTest, SecondJoinIsInvalidArgumentAndRecordsNothing) {
  MultiplayerSession session(Ref(), "1001");
  ASSERT_TRUE(session.Join().ok());
  auto const before = session.RequestBodyText();
  JoinOptions other;
  other.initialize = true;
  other.custom_constants = {{"team", "blue"}};
  auto second = session.Join(other);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(second.error().message, HasSubstr("already has a pending Join"));
  EXPECT_EQ(session.RequestBodyText(), before);
}

TEST(SessionMisuseTest, SecondJoinOnASessionReadFromTheServiceIsRefused) {
  auto session = Existing();
  ASSERT_TRUE(session.Join().ok()) << "rejoining as an existing member is a first join in this write";
  auto const before = session.RequestBodyText();
  EXPECT_EQ(session.Join().error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(session.RequestBodyText(), before);
}

TEST(SessionMisuseTest, SecondLeaveIsInvalidArgumentAndRecordsNothing) {
  auto session = Existing();
  ASSERT_TRUE(session.Leave().ok());
  auto second = session.Leave();
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(second.error().message, HasSubstr("already has a pending Leave"));
  EXPECT_EQ(session.RequestBodyText(), R"({"members":{"me":null}})");
}

TEST(SessionMisuseTest, JoinAfterLeaveSaysWhyAndRecordsNothing) {
  auto session = Existing();
  ASSERT_TRUE(session.Leave().ok());
  auto join = session.Join();
  ASSERT_FALSE(join.ok());
  EXPECT_EQ(join.error().code, ErrorCode::kInvalidState);
  EXPECT_THAT(join.error().message, HasSubstr("Leave is already pending"));
  EXPECT_EQ(session.RequestBodyText(), R"({"members":{"me":null}})");
}

TEST(SessionMisuseTest, LeaveAfterJoinSaysWhyAndRecordsNothing) {
  MultiplayerSession session(Ref(), "1001");
  ASSERT_TRUE(session.Join().ok());
  auto const before = session.RequestBodyText();
  auto leave = session.Leave();
  ASSERT_FALSE(leave.ok());
  EXPECT_EQ(leave.error().code, ErrorCode::kInvalidState);
  EXPECT_THAT(leave.error().message, HasSubstr("Join is already pending"));
  EXPECT_EQ(session.RequestBodyText(), before);
}

TEST(SessionMisuseTest, ConstantsAfterTheFirstWriteNameTheConstantAndRecordNothing) {
  auto session = Existing();
  ASSERT_TRUE(session.SetCustomProperty("kept", 1).ok());
  auto const before = session.RequestBodyText();
  auto refused = session.SetMaxMembersCount(4);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.error().message, HasSubstr("maxMembersCount is a constant"));
  EXPECT_FALSE(session.SetPeerToPeerRequirements({}).ok());
  EXPECT_FALSE(session.SetMeasurementServerAddresses({{"east", "ZWFzdA=="}}).ok());
  EXPECT_FALSE(session.SetOwnershipPolicies({}).ok());
  EXPECT_FALSE(session.SetInitiators({"1001"}).ok());
  EXPECT_EQ(session.RequestBodyText(), before);
}

TEST(SessionMisuseTest, CurrentUserChangesAfterLeaveAreRefusedAndRecordNothing) {
  auto session = Existing();
  ASSERT_TRUE(session.Leave().ok());
  auto refused = session.SetCurrentUserCustomProperty("x", 1);
  ASSERT_FALSE(refused.ok());
  EXPECT_THAT(refused.error().message, HasSubstr("leaving in this write"));
  EXPECT_EQ(session.RequestBodyText(), R"({"members":{"me":null}})");
}

}  // namespace
}  // namespace xbl::multiplayer
