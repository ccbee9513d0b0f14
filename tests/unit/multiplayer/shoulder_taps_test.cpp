// Shoulder taps and the newer-than-seen rule (docs/rta-protocol.md ).
#include "multiplayer/shoulder_taps.h"
#include <gtest/gtest.h>

namespace xbl::internal {
namespace {

using multiplayer::SessionReference;

nlohmann::json Tap(std::string const& resource, nlohmann::json branch = "b1", nlohmann::json change = 5) {
  return {{"timestamp", "2026-01-01T00:00:00.0000000Z"},
          {"subscription", "s"},
          {"resourceType", "mpsd/session"},
          {"resource", resource},
          {"branch", branch},
          {"changeNumber", change}};
}

TEST(ShoulderTapsTest, R64_ResourceSplitsIntoScidTemplateAndName) {
  std::vector<std::string> skipped;
  auto const taps = ParseShoulderTaps({{"ncid", "n"}, {"shoulderTaps", {Tap("scid~lobby~game-1")}}}, skipped);
  ASSERT_EQ(taps.size(), 1u);
  EXPECT_EQ(taps[0].reference, (SessionReference{"scid", "lobby", "game-1"}));
  EXPECT_EQ(taps[0].branch, "b1");
  EXPECT_EQ(taps[0].change_number, 5u);
  EXPECT_TRUE(skipped.empty());
}

TEST(ShoulderTapsTest, R64_ResourceWithoutExactlyThreePartsIsSkippedAndTheRestKept) {
  std::vector<std::string> skipped;
  auto const taps = ParseShoulderTaps({{"shoulderTaps",
                                        {Tap("scid~lobby"), Tap("a~b~c~d"), Tap("scid~~name"), Tap("scid~lobby~ok"),
                                         Tap("x~y~z", 7), Tap("x~y~z", "b", -1), "not an object"}}},
                                      skipped);
  ASSERT_EQ(taps.size(), 1u);
  EXPECT_EQ(taps[0].reference.name, "ok");
  EXPECT_EQ(skipped.size(), 6u);
}

TEST(ShoulderTapsTest, R67_MalformedDataGivesNoTapsAndNeverThrows) {
  for (auto const& data :
       {nlohmann::json(), nlohmann::json(3), nlohmann::json::array(), nlohmann::json{{"shoulderTaps", 1}}}) {
    std::vector<std::string> skipped;
    EXPECT_TRUE(ParseShoulderTaps(data, skipped).empty());
    EXPECT_EQ(skipped.size(), 1u);
  }
}

TEST(ChangeNumberTrackerTest, R64_OnlyALargerChangeOnTheSameBranchOrANewBranchIsNewer) {
  ChangeNumberTracker tracker;
  SessionReference const ref{"scid", "lobby", "game"};
  EXPECT_TRUE(tracker.Observe(ref, "b1", 3));
  EXPECT_FALSE(tracker.Observe(ref, "b1", 3)) << "a duplicate";
  EXPECT_FALSE(tracker.Observe(ref, "b1", 2)) << "an older one";
  EXPECT_TRUE(tracker.Observe(ref, "b1", 4));
  EXPECT_TRUE(tracker.Observe(ref, "b2", 1)) << "a new branch (the session was recreated)";
  EXPECT_FALSE(tracker.Observe(ref, "b2", 1));
}

TEST(ChangeNumberTrackerTest, R65_SessionsAndBranchesCompareInAnyCase) {
  ChangeNumberTracker tracker;
  EXPECT_TRUE(tracker.Observe({"SCID", "Lobby", "Game"}, "ABCD-ef", 3));
  EXPECT_FALSE(tracker.Observe({"scid", "LOBBY", "game"}, "abcd-EF", 3));
  EXPECT_TRUE(tracker.Observe({"scid", "lobby", "other"}, "abcd-ef", 3)) << "another session";
}

TEST(ChangeNumberTrackerTest, ForgottenSessionStartsAfresh) {
  ChangeNumberTracker tracker;
  SessionReference const ref{"scid", "lobby", "game"};
  EXPECT_TRUE(tracker.Observe(ref, "b1", 9));
  tracker.Forget(ref);
  EXPECT_TRUE(tracker.Observe(ref, "b1", 2));
}

}  // namespace
}  // namespace xbl::internal
