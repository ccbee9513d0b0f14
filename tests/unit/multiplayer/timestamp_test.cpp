#include "xbl/multiplayer/session_reference.h"
#include "xbl/timestamp.h"
#include <gtest/gtest.h>

namespace xbl {
namespace {

TEST(TimestampTest, KeepsSevenFractionalDigits) {
  auto t = Timestamp::Parse("2009-06-15T13:45:30.0900000Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->ToString(), "2009-06-15T13:45:30.0900000Z");
  auto fine = Timestamp::Parse("2026-11-21T23:59:59.9999999Z");
  ASSERT_TRUE(fine.ok());
  EXPECT_EQ(fine->ToString(), "2026-11-21T23:59:59.9999999Z");
}

TEST(TimestampTest, FewerDigitsArePadded) {
  auto t = Timestamp::Parse("2009-06-15T13:45:30.09Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->ToString(), "2009-06-15T13:45:30.0900000Z");
  auto whole = Timestamp::Parse("1970-01-01T00:00:00Z");
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(whole->since_epoch().count(), 0);
}

TEST(TimestampTest, OrdersAndConvertsToTimePoint) {
  auto a = *Timestamp::Parse("2009-06-15T13:45:30.0000001Z");
  auto b = *Timestamp::Parse("2009-06-15T13:45:30.0000002Z");
  EXPECT_LT(a, b);
  EXPECT_EQ(Timestamp::FromTimePoint(a.ToTimePoint()), a);
}

TEST(TimestampTest, LeapDayAndEpochArithmetic) {
  auto t = Timestamp::Parse("2024-02-29T12:00:00.0000000Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->since_epoch().count(), 17'092'080'000'000'000LL);
  EXPECT_FALSE(Timestamp::Parse("2023-02-29T12:00:00Z").ok());
}

TEST(TimestampTest, RejectsMalformed) {
  for (char const* bad : {"", "2009-06-15", "2009-06-15T13:45:30", "2009-06-15T25:00:00Z", "2009-06-15T13:45:30.Z",
                          "2009-06-15T13:45:30.1234567+01:00", "x009-06-15T13:45:30Z"}) {
    EXPECT_FALSE(Timestamp::Parse(bad).ok()) << bad;
  }
}

TEST(SessionReferenceTest, UriPathRoundTripWithEncoding) {
  multiplayer::SessionReference ref{"scid-1", "quick match", "n/1"};
  EXPECT_EQ(ref.ToUriPath(), "/serviceconfigs/scid-1/sessiontemplates/quick%20match/sessions/n%2F1");
  auto back = multiplayer::SessionReference::FromUriPath(ref.ToUriPath());
  ASSERT_TRUE(back);
  EXPECT_EQ(back->scid, "scid-1");
  EXPECT_EQ(back->template_name, "quick match");
  EXPECT_EQ(back->name, "n/1");
}

TEST(SessionReferenceTest, FromContentLocationIgnoresCaseOfLiteralSegments) {
  auto ref = multiplayer::SessionReference::FromUriPath(
      "https://sessiondirectory.xboxlive.com/serviceconfigs/S/sessionTemplates/open/sessions/s1?nocommit=true");
  ASSERT_TRUE(ref);
  EXPECT_EQ(*ref, (multiplayer::SessionReference{"S", "open", "s1"}));
  EXPECT_FALSE(multiplayer::SessionReference::FromUriPath("/handles/abc/session"));
}

TEST(SessionReferenceTest, NamesCompareCaseInsensitivelyButScidDoesNot) {
  EXPECT_EQ((multiplayer::SessionReference{"S", "Open", "S1"}), (multiplayer::SessionReference{"S", "open", "s1"}));
  EXPECT_NE((multiplayer::SessionReference{"S", "open", "s1"}), (multiplayer::SessionReference{"s", "open", "s1"}));
}

TEST(SessionReferenceTest, JsonWireForm) {
  nlohmann::json j = multiplayer::SessionReference{"a", "b", "c"};
  EXPECT_EQ(j, nlohmann::json::parse(R"({"scid":"a","templateName":"b","name":"c"})"));
  EXPECT_EQ(j.get<multiplayer::SessionReference>(), (multiplayer::SessionReference{"a", "b", "c"}));
}

TEST(SessionReferenceTest, GetHookThrowsTypeErrorAsNlohmannsContractSays) {
  EXPECT_EQ(nlohmann::json::object().get<multiplayer::SessionReference>(), multiplayer::SessionReference{});
  EXPECT_THROW((void)nlohmann::json::array().get<multiplayer::SessionReference>(), nlohmann::json::type_error);
  EXPECT_THROW((void)nlohmann::json::parse(R"({"scid":1})").get<multiplayer::SessionReference>(),
               nlohmann::json::type_error);
}

}  // namespace
}  // namespace xbl
