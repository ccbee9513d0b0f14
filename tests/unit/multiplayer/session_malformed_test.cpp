#include "xbl/multiplayer/multiplayer_session.h"
#include <gtest/gtest.h>
#include <ostream>
#include <string>

namespace xbl::multiplayer {
namespace {

struct MalformedCase {
  char const* name;
  std::string json;
  char const* path;  // the JSON path the error must name
};

// Keeps CTest's test names readable (GoogleTest would print the struct's bytes).
void PrintTo(MalformedCase const& c, std::ostream* os) { *os << c.name; }

std::string Deep(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

class SessionMalformedTest : public ::testing::TestWithParam<MalformedCase> {};

TEST_P(SessionMalformedTest, ReturnsErrorNamingThePath) {
  auto const& c = GetParam();
  auto result = MultiplayerSession::Parse(c.json, "\"etag\"");
  ASSERT_FALSE(result.ok()) << c.name << " parsed unexpectedly";
  EXPECT_EQ(result.error().code, ErrorCode::kMalformedJson) << c.name;
  EXPECT_NE(result.error().message.find(std::string("at ") + c.path), std::string::npos)
      << c.name << ": message was \"" << result.error().message << "\"";
}

INSTANTIATE_TEST_SUITE_P(
    Documents, SessionMalformedTest,
    ::testing::Values(
        MalformedCase{"NotJson", "this is not json", "/"},
        MalformedCase{"Empty", "", "/"},
        MalformedCase{"Truncated", R"({"constants":{"system":{"maxMembersCount":8)", "/"},
        MalformedCase{"TopLevelArray", "[1,2,3]", "/"},
        MalformedCase{"TopLevelString", "\"session\"", "/"},
        MalformedCase{"ConstantsNotObject", R"({"constants":[1]})", "/constants"},
        MalformedCase{"MaxMembersString", R"({"constants":{"system":{"maxMembersCount":"eight"}}})",
                      "/constants/system/maxMembersCount"},
        MalformedCase{"MaxMembersNegative", R"({"constants":{"system":{"maxMembersCount":-1}}})",
                      "/constants/system/maxMembersCount"},
        MalformedCase{"MaxMembersTooLarge", R"({"constants":{"system":{"maxMembersCount":4294967296}}})",
                      "/constants/system/maxMembersCount"},
        MalformedCase{"MaxMembersFraction", R"({"constants":{"system":{"maxMembersCount":2.5}}})",
                      "/constants/system/maxMembersCount"},
        MalformedCase{"TimeoutString", R"({"constants":{"system":{"reservedRemovalTimeout":"30s"}}})",
                      "/constants/system/reservedRemovalTimeout"},
        MalformedCase{"TimeoutNegative", R"({"constants":{"system":{"readyRemovalTimeout":-5}}})",
                      "/constants/system/readyRemovalTimeout"},
        MalformedCase{"CapabilityNotBool", R"({"constants":{"system":{"capabilities":{"large":"yes"}}}})",
                      "/constants/system/capabilities/large"},
        MalformedCase{"ChangeNumberNegative", R"({"changeNumber":-3})", "/changeNumber"},
        MalformedCase{"ChangeNumberString", R"({"changeNumber":"7"})", "/changeNumber"},
        MalformedCase{"BadStartTime", R"({"startTime":"yesterday"})", "/startTime"},
        MalformedCase{"BadMonth", R"({"nextTimer":"2009-13-15T13:45:30.0900000Z"})", "/nextTimer"},
        MalformedCase{"TimeWithoutZone", R"({"startTime":"2009-06-15T13:45:30.09"})", "/startTime"},
        MalformedCase{"Feb30", R"({"startTime":"2021-02-30T00:00:00Z"})", "/startTime"},
        MalformedCase{"MembersArray", R"({"members":[1]})", "/members"},
        MalformedCase{"MemberKeyNotIndex", R"({"members":{"abc":{}}})", "/members/abc"},
        MalformedCase{"MemberNotObject", R"({"members":{"0":7}})", "/members/0"},
        MalformedCase{"XuidObject", R"({"members":{"0":{"constants":{"system":{"xuid":{"a":1}}}}}})",
                      "/members/0/constants/system/xuid"},
        MalformedCase{"JoinTimeString", R"({"members":{"3":{"joinTime":12}}})", "/members/3/joinTime"},
        MalformedCase{"KeywordsNotStrings", R"({"properties":{"system":{"keywords":["a",1]}}})",
                      "/properties/system/keywords/1"},
        MalformedCase{"TurnNotIntegers", R"({"properties":{"system":{"turn":["x"]}}})", "/properties/system/turn/0"},
        MalformedCase{"MeasurementNotObject",
                      R"({"members":{"0":{"properties":{"system":{"measurements":{"ab12":5}}}}}})",
                      "/members/0/properties/system/measurements/ab12"},
        MalformedCase{"MeasurementLatencyString",
                      R"({"members":{"0":{"properties":{"system":{"measurements":{"ab12":{"latency":"fast"}}}}}}})",
                      "/members/0/properties/system/measurements/ab12/latency"},
        MalformedCase{"MembersInfoNextString", R"({"membersInfo":{"next":"5"}})", "/membersInfo/next"},
        MalformedCase{"ServersNotObject", R"({"servers":"x"})", "/servers"},
        MalformedCase{"RolesNotStrings", R"({"members":{"0":{"roles":{"lfg":3}}}})", "/members/0/roles/lfg"},
        MalformedCase{"HostCandidatesNotArray", R"({"hostCandidates":"ab90a362"})", "/hostCandidates"},
        MalformedCase{"AbsurdNesting", R"({"properties":{"custom":{"x":)" + Deep(100000) + "}}}", "/"},
        MalformedCase{"InitializingEpisodeNegative", R"({"initializing":{"episode":-1}})", "/initializing/episode"}),
    [](auto const& info) { return std::string(info.param.name); });

TEST(SessionMalformedTest, ModeratelyNestedCustomDataIsFine) {
  std::string nested = "1";
  for (int i = 0; i < 40; ++i) nested = "{\"a\":" + nested + "}";
  auto result = MultiplayerSession::Parse(R"({"properties":{"custom":{"deep":)" + nested + "}}}");
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_TRUE(result->properties().custom["deep"].is_object());
}

TEST(SessionMalformedTest, BracesInsideStringsDoNotCountAsNesting) {
  std::string const braces(500, '{');
  auto result = MultiplayerSession::Parse(R"({"properties":{"custom":{"s":")" + braces + "\"}}}");
  ASSERT_TRUE(result.ok()) << result.error().message;
  EXPECT_EQ(result->properties().custom["s"], braces);
}

}  // namespace
}  // namespace xbl::multiplayer
