// The model returns errors as values: documents it cannot hold and text it cannot send are
// refused up front, so Parse, FromJson, the mutators and the request body never throw.
#include "xbl/multiplayer/multiplayer_session.h"
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <functional>
#include <string>
#include <vector>

namespace xbl::multiplayer {
namespace {

using ::testing::HasSubstr;
using nlohmann::json;

SessionReference Ref() { return {"00000000-0000-0000-0000-000000000000", "quick", "s1"}; }

std::string const kNotUtf8 = "bad\xFF";      // a byte that never occurs in UTF-8
std::string const kTruncated = "caf\xC3";    // a two-byte sequence cut short
std::string const kSurrogate = "\xED\xA0\x80";  // U+D800 encoded, which UTF-8 forbids

Result<MultiplayerSession> ParseWith(std::string const& field) {
  return MultiplayerSession::Parse(R"({"contractVersion":107,)" + field + R"(,"constants":{"system":{"maxMembersCount":8}}})");
}

TEST(SessionNoThrowTest, ParseRefusesANumberPastDoublesRange) {
  for (char const* field : {R"("changeNumber":1e400)", R"("membersInfo":{"count":-1e400})",
                            R"("properties":{"custom":{"big":1e400}})"}) {
    Result<MultiplayerSession> parsed = Error(ErrorCode::kUnknown, "not run");
    EXPECT_NO_THROW(parsed = ParseWith(field)) << field;
    ASSERT_FALSE(parsed.ok()) << field;
    EXPECT_EQ(parsed.error().code, ErrorCode::kMalformedJson) << field;
    EXPECT_THAT(parsed.error().message, HasSubstr("number overflow")) << field;
  }
}

TEST(SessionNoThrowTest, ParseRefusesFloatsOutsideUnsignedRangeAndKeepsIntegralOnes) {
  for (char const* field : {R"("changeNumber":1e300)", R"("changeNumber":18446744073709551616.0)",
                            R"("changeNumber":-1.0)", R"("changeNumber":2.5)"}) {
    auto parsed = ParseWith(field);
    ASSERT_FALSE(parsed.ok()) << field;
    EXPECT_EQ(parsed.error().code, ErrorCode::kMalformedJson) << field;
    EXPECT_THAT(parsed.error().message, HasSubstr("/changeNumber")) << field;
  }
  auto largest = ParseWith(R"("changeNumber":1.8e19)");
  ASSERT_TRUE(largest.ok()) << largest.error().message;
  EXPECT_EQ(largest->change_number(), 18'000'000'000'000'000'000ULL);
}

TEST(SessionNoThrowTest, FromJsonRefusesTextThatIsNotUtf8) {
  json document = {{"constants", {{"system", {{"maxMembersCount", 8}}}}},
                   {"properties", {{"custom", {{"name", kNotUtf8}}}}}};
  Result<MultiplayerSession> session = Error(ErrorCode::kUnknown, "not run");
  EXPECT_NO_THROW(session = MultiplayerSession::FromJson(document));
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.error().code, ErrorCode::kMalformedJson);
  EXPECT_THAT(session.error().message, HasSubstr("at /properties/custom/name: a string that is not valid UTF-8"));

  json bad_key = {{"constants", json::object()}, {"properties", {{"custom", {{kTruncated, 1}}}}}};
  auto keyed = MultiplayerSession::FromJson(bad_key);
  ASSERT_FALSE(keyed.ok());
  EXPECT_THAT(keyed.error().message, HasSubstr("at /properties/custom: a key that is not valid UTF-8"));
}

TEST(SessionNoThrowTest, FromJsonRefusesDeepNestingWithoutRecursing) {
  json document = {{"constants", json::object()}};
  json* level = &document["properties"];
  for (int i = 0; i < 100000; ++i) {  // deep enough to exhaust the stack of a recursive walk
    *level = json::array();
    level->push_back(nullptr);
    level = &(*level)[0];
  }
  auto session = MultiplayerSession::FromJson(std::move(document));
  ASSERT_FALSE(session.ok());
  EXPECT_EQ(session.error().code, ErrorCode::kMalformedJson);
  EXPECT_THAT(session.error().message, HasSubstr("nested deeper than 64 levels"));
}

// Every mutator that takes text, given text that is not UTF-8 (as a value, a key or a name).
struct TextMutation {
  char const* name;
  std::function<Result<void>(MultiplayerSession&, std::string const&)> apply;
};

std::vector<TextMutation> TextMutations() {
  auto ref_with = [](std::string const& text) { return SessionReference{"scid", "t", text}; };
  return {
      {"SetInitiators", [](auto& s, auto const& t) { return s.SetInitiators({"1001", t}); }},
      {"SetInviteProtocol", [](auto& s, auto const& t) { return s.SetInviteProtocol(t); }},
      {"SetMeasurementServerAddresses key",
       [](auto& s, auto const& t) { return s.SetMeasurementServerAddresses({{t, "ZWFzdA=="}}); }},
      {"SetMeasurementServerAddresses value",
       [](auto& s, auto const& t) { return s.SetMeasurementServerAddresses({{"east", t}}); }},
      {"SetOwnershipPolicies",
       [](auto& s, auto const& t) {
         OwnershipPolicies p;
         p.non_owner_modifiable_system_properties = {t};
         return s.SetOwnershipPolicies(p);
       }},
      {"SetCustomConstant name", [](auto& s, auto const& t) { return s.SetCustomConstant(t, 1); }},
      {"SetCustomConstant value", [](auto& s, auto const& t) { return s.SetCustomConstant("k", {{"v", t}}); }},
      {"SetRoleTypes type",
       [](auto& s, auto const& t) {
         RoleType type;
         type.roles["r"] = Role{2, 0, 0, {}};
         return s.SetRoleTypes({{t, type}});
       }},
      {"SetRoleTypes role",
       [](auto& s, auto const& t) {
         RoleType type;
         type.roles[t] = Role{2, 0, 0, {}};
         return s.SetRoleTypes({{"lfg", type}});
       }},
      {"Join xuid",
       [](auto& s, auto const& t) {
         s.set_current_user_xuid(t);
         return s.Join();
       }},
      {"Join custom constants",
       [](auto& s, auto const& t) {
         JoinOptions options;
         options.custom_constants = {{t, 1}};
         return s.Join(options);
       }},
      {"AddMemberReservation xuid", [](auto& s, auto const& t) { return s.AddMemberReservation(t); }},
      {"AddMemberReservation custom", [](auto& s, auto const& t) { return s.AddMemberReservation("1002", {{"k", t}}); }},
      {"SetCurrentUserConnection", [](auto& s, auto const& t) { return s.SetCurrentUserConnection(t); }},
      {"SetCurrentUserSecureDeviceAddress", [](auto& s, auto const& t) { return s.SetCurrentUserSecureDeviceAddress(t); }},
      {"SetCurrentUserMeasurements token",
       [](auto& s, auto const& t) { return s.SetCurrentUserMeasurements({MemberMeasurement{t, 10u, {}, {}, nullptr}}); }},
      {"SetCurrentUserMeasurements custom",
       [](auto& s, auto const& t) { return s.SetCurrentUserMeasurements({MemberMeasurement{"dB", 10u, {}, {}, t}}); }},
      {"SetCurrentUserServerMeasurements",
       [](auto& s, auto const& t) { return s.SetCurrentUserServerMeasurements({{t, {{"latency", 5}}}}); }},
      {"SetCurrentUserGroups", [](auto& s, auto const& t) { return s.SetCurrentUserGroups({t}); }},
      {"SetCurrentUserEncounters", [](auto& s, auto const& t) { return s.SetCurrentUserEncounters({t}); }},
      {"SetCurrentUserRoles", [](auto& s, auto const& t) { return s.SetCurrentUserRoles({{"lfg", t}}); }},
      {"SetCurrentUserSubscription id",
       [](auto& s, auto const& t) { return s.SetCurrentUserSubscription(t, {"host"}); }},
      {"SetCurrentUserSubscription change type",
       [](auto& s, auto const& t) { return s.SetCurrentUserSubscription("id", {t}); }},
      {"SetCurrentUserCustomProperty name", [](auto& s, auto const& t) { return s.SetCurrentUserCustomProperty(t, 1); }},
      {"SetCurrentUserCustomProperty value",
       [](auto& s, auto const& t) { return s.SetCurrentUserCustomProperty("k", json::array({t})); }},
      {"DeleteCurrentUserCustomProperty", [](auto& s, auto const& t) { return s.DeleteCurrentUserCustomProperty(t); }},
      {"SetCustomProperty name", [](auto& s, auto const& t) { return s.SetCustomProperty(t, 1); }},
      {"SetCustomProperty value", [](auto& s, auto const& t) { return s.SetCustomProperty("k", t); }},
      {"DeleteCustomProperty", [](auto& s, auto const& t) { return s.DeleteCustomProperty(t); }},
      {"SetKeywords", [](auto& s, auto const& t) { return s.SetKeywords({"ok", t}); }},
      {"SetHostDeviceToken", [](auto& s, auto const& t) { return s.SetHostDeviceToken(t); }},
      {"SetServerConnectionStringCandidates",
       [](auto& s, auto const& t) { return s.SetServerConnectionStringCandidates({t}); }},
      {"SetMatchmakingClientResult details",
       [](auto& s, auto const& t) {
         MatchmakingClientResult r;
         r.status = MatchmakingStatus::kSearching;
         r.status_details = t;
         return s.SetMatchmakingClientResult(r);
       }},
      {"SetMatchmakingClientResult target",
       [ref_with](auto& s, auto const& t) {
         MatchmakingClientResult r;
         r.status = MatchmakingStatus::kFound;
         r.target_session_ref = ref_with(t);
         return s.SetMatchmakingClientResult(r);
       }},
      {"SetMatchmakingTargetSessionConstants",
       [](auto& s, auto const& t) { return s.SetMatchmakingTargetSessionConstants({{"k", t}}); }},
      {"SetMatchmakingServerConnectionString",
       [](auto& s, auto const& t) { return s.SetMatchmakingServerConnectionString(t); }},
      {"SetServer name", [](auto& s, auto const& t) { return s.SetServer(t, json::object()); }},
      {"SetServer value",
       [](auto& s, auto const& t) { return s.SetServer("relay", {{"properties", {{"custom", {{"ip", t}}}}}}); }},
      {"DeleteServer", [](auto& s, auto const& t) { return s.DeleteServer(t); }},
      {"MergeRawChanges value",
       [](auto& s, auto const& t) { return s.MergeRawChanges({{"properties", {{"custom", {{"k", t}}}}}}); }},
      {"MergeRawChanges key",
       [](auto& s, auto const& t) { return s.MergeRawChanges({{"members", {{"me", {{"properties", {{t, 1}}}}}}}}); }},
  };
}

// The session a mutation is allowed on, with nothing pending: the current user's own changes
// need a member (one read from the service), the rest a session never written.
MultiplayerSession BaseFor(TextMutation const& mutation) {
  if (std::string(mutation.name).find("CurrentUser") == std::string::npos) return MultiplayerSession(Ref(), "1001");
  auto member = MultiplayerSession::Parse(Ref(), R"({"contractVersion":107,
      "constants":{"system":{"maxMembersCount":8,"visibility":"open"}},
      "members":{"0":{"constants":{"system":{"xuid":"1001"}},"properties":{"system":{"active":true}}}},
      "membersInfo":{"first":0,"next":1,"count":1,"accepted":1}})",
                                          "\"e\"");
  EXPECT_TRUE(member.ok()) << member.error().message;
  member->set_current_user_xuid("1001");
  return *std::move(member);
}

// Valid text for a mutation: any UTF-8, except where the value must be one of a fixed set.
std::string GoodText(TextMutation const& mutation) {
  if (std::string(mutation.name).find("change type") != std::string::npos) return "host";
  return "caf\xC3\xA9 \xF0\x9F\x8E\xAE";
}

TEST(SessionNoThrowTest, EveryTextMutatorAcceptsValidUtf8) {
  for (auto const& mutation : TextMutations()) {
    auto session = BaseFor(mutation);
    auto result = mutation.apply(session, GoodText(mutation));
    EXPECT_TRUE(result.ok()) << mutation.name << ": " << result.error().message;
    std::string body;
    EXPECT_NO_THROW(body = session.RequestBodyText()) << mutation.name;
    EXPECT_NE(body, "{}") << mutation.name;
  }
}

TEST(SessionNoThrowTest, EveryTextMutatorRefusesTextThatIsNotUtf8AndRecordsNothing) {
  for (auto const& mutation : TextMutations()) {
    for (auto const& text : {kNotUtf8, kTruncated, kSurrogate}) {
      auto session = BaseFor(mutation);
      Result<void> result;
      EXPECT_NO_THROW(result = mutation.apply(session, text)) << mutation.name;
      ASSERT_FALSE(result.ok()) << mutation.name;
      EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument) << mutation.name << ": " << result.error().message;
      EXPECT_THAT(result.error().message, HasSubstr("UTF-8")) << mutation.name;
      EXPECT_FALSE(session.has_pending_changes()) << mutation.name;
      std::string body;
      EXPECT_NO_THROW(body = session.RequestBodyText()) << mutation.name;
      EXPECT_EQ(body, "{}") << mutation.name;
    }
  }
}

TEST(SessionNoThrowTest, ValuesNestedTooDeepAreRefused) {
  auto nested = [](int depth) {
    json value = 1;
    for (int i = 0; i < depth; ++i) value = json::array({value});
    return value;
  };
  MultiplayerSession session(Ref(), "1001");
  EXPECT_TRUE(session.SetCustomProperty("ok", nested(32)).ok());
  auto const before = session.RequestBodyText();
  auto refused = session.SetCustomProperty("deep", nested(33));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_THAT(refused.error().message, HasSubstr("nested deeper than 32 levels"));
  EXPECT_EQ(session.RequestBodyText(), before);
}

}  // namespace
}  // namespace xbl::multiplayer
