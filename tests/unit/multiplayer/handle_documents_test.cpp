#include "xbl/multiplayer/activity_details.h"
#include "xbl/multiplayer/invite_handle.h"
#include "xbl/multiplayer/search_handle.h"
#include "xbl/multiplayer/transfer_handle.h"
#include <gtest/gtest.h>

namespace xbl::multiplayer {
namespace {

using nlohmann::json;

SessionReference Ref() { return {"S", "open", "s1"}; }

TEST(ActivityDetailsTest, ParsesQueryResultWithRelatedInfoAndCustomProperties) {
  auto const doc = json::parse(R"({"id":"a1b2","type":"activity","version":1,
      "sessionRef":{"scid":"S","templateName":"open","name":"s1"},"titleId":"8397267","ownerXuid":"1001",
      "relatedInfo":{"visibility":"open","joinRestriction":"followed","closed":false,"maxMembersCount":8,"membersCount":2},
      "customProperties":{"map":"dust"},"futureField":7})");
  auto details = ActivityDetails::FromJson(doc);
  ASSERT_TRUE(details.ok()) << details.error().message;
  EXPECT_EQ(details->handle_id, "a1b2");
  EXPECT_EQ(details->session_reference, Ref());
  EXPECT_EQ(details->title_id, "8397267");
  EXPECT_EQ(details->owner_xuid, "1001");
  ASSERT_TRUE(details->related_info);
  EXPECT_EQ(details->related_info->visibility, SessionVisibility::kOpen);
  EXPECT_EQ(details->related_info->join_restriction, SessionRestriction::kFollowed);
  EXPECT_EQ(details->related_info->max_members_count, 8u);
  EXPECT_EQ(details->related_info->members_count, 2u);
  EXPECT_EQ(details->custom_properties["map"], "dust");
  EXPECT_EQ(details->ToJson(), doc) << "round trip keeps unknown fields";
}

TEST(ActivityDetailsTest, WithoutIncludeHasNoRelatedInfo) {
  auto details = ActivityDetails::FromJson(json::parse(R"({"id":"a","type":"activity","sessionRef":{}})"));
  ASSERT_TRUE(details.ok());
  EXPECT_FALSE(details->related_info);
  EXPECT_TRUE(details->custom_properties.is_null());
}

TEST(ActivityDetailsTest, RejectsOtherTypesAndBadFields) {
  auto other = ActivityDetails::FromJson(json::parse(R"({"id":"a","type":"invite"})"));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kMalformedJson);
  EXPECT_NE(other.error().message.find("/type"), std::string::npos);
  auto bad =
      ActivityDetails::FromJson(json::parse(R"({"id":"a","type":"activity","relatedInfo":{"membersCount":"two"}})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("/relatedInfo/membersCount"), std::string::npos) << bad.error().message;
  EXPECT_FALSE(ActivityDetails::FromJson(json::array()).ok());
}

// Enum strings come in any case (protocol §1); a handle without an id could never be cleared or used.
TEST(ActivityDetailsTest, TypeInAnyCaseButTheIdIsRequired) {
  auto mixed = ActivityDetails::FromJson(
      json::parse(R"({"id":"a1","type":"Activity","sessionRef":{"scid":"S","templateName":"t","name":"n"}})"));
  ASSERT_TRUE(mixed.ok()) << mixed.error().message;
  EXPECT_EQ(mixed->handle_id, "a1");
  for (char const* text : {R"({"type":"activity","sessionRef":{"scid":"S","templateName":"t","name":"n"}})",
                           R"({"id":"","type":"activity","sessionRef":{"scid":"S","templateName":"t","name":"n"}})"}) {
    auto no_id = ActivityDetails::FromJson(json::parse(text));
    ASSERT_FALSE(no_id.ok()) << text;
    EXPECT_NE(no_id.error().message.find("/id"), std::string::npos) << no_id.error().message;
  }
}

TEST(InviteHandleTest, RequestBodyCarriesOneInvitee) {
  InviteAttributes attributes;
  attributes.title_id = "8397267";
  attributes.context = "join?mode=ctf";
  attributes.context_string = "inviteString1";
  auto body = MakeInviteRequestBody(Ref(), "1002", attributes);
  ASSERT_TRUE(body.ok()) << body.error().message;
  EXPECT_EQ(*body, json::parse(R"({"version":1,"type":"invite","sessionRef":{"scid":"S","templateName":"open","name":"s1"},
      "invitedXuid":"1002","inviteAttributes":{"titleId":"8397267","context":"join?mode=ctf","contextString":"inviteString1"}})"));
}

TEST(InviteHandleTest, ContextLimitIsCountedAfterUriEncoding) {
  InviteAttributes attributes;
  attributes.title_id = "1";
  attributes.context = std::string(256, 'a');
  EXPECT_TRUE(MakeInviteRequestBody(Ref(), "1002", attributes).ok()) << "256 unreserved characters fit";
  attributes.context = std::string(86, ' ');  // 86 * 3 = 258 once encoded
  auto body = MakeInviteRequestBody(Ref(), "1002", attributes);
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(UriEncodedLength("a b~"), 6u);
}

TEST(InviteHandleTest, RequestBodyValidatesArguments) {
  InviteAttributes attributes;
  attributes.title_id = "1";
  EXPECT_EQ(MakeInviteRequestBody(Ref(), "", attributes).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(MakeInviteRequestBody(SessionReference{}, "1", attributes).error().code, ErrorCode::kInvalidArgument);
  attributes.title_id.clear();
  EXPECT_EQ(MakeInviteRequestBody(Ref(), "1", attributes).error().code, ErrorCode::kInvalidArgument);
}

TEST(InviteHandleTest, ParsesServiceResponse) {
  auto const doc = json::parse(R"({"id":"inv-1","type":"invite","version":1,"sessionRef":{"scid":"S","templateName":"open","name":"s1"},
      "invitedXuid":"1002","senderXuid":"1001","inviteAttributes":{"titleId":"8397267","contextString":"x"},
      "expiration":"2026-11-21T12:00:00.0000000Z"})");
  auto handle = InviteHandle::FromJson(doc);
  ASSERT_TRUE(handle.ok()) << handle.error().message;
  EXPECT_EQ(handle->id, "inv-1");
  EXPECT_EQ(handle->invited_xuid, "1002");
  EXPECT_EQ(handle->sender_xuid, "1001");
  EXPECT_EQ(handle->attributes.title_id, "8397267");
  EXPECT_EQ(handle->attributes.context_string, "x");
  ASSERT_TRUE(handle->expiration);
  EXPECT_EQ(handle->expiration->ToString(), "2026-11-21T12:00:00.0000000Z");
  EXPECT_EQ(handle->ToJson(), doc);
}

TEST(TransferHandleTest, RequestBodyAndResponse) {
  SessionReference lobby{"S", "lobby", "L"};
  SessionReference game{"S", "game", "G"};
  auto body = MakeTransferRequestBody(game, lobby);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(*body, json::parse(R"({"version":1,"type":"transfer","sessionRef":{"scid":"S","templateName":"game","name":"G"},
      "originSessionRef":{"scid":"S","templateName":"lobby","name":"L"}})"));
  EXPECT_EQ(MakeTransferRequestBody(game, SessionReference{}).error().code, ErrorCode::kInvalidArgument);

  auto doc = *body;
  doc["id"] = "t-9";
  auto handle = TransferHandle::FromJson(doc);
  ASSERT_TRUE(handle.ok()) << handle.error().message;
  EXPECT_EQ(handle->id, "t-9");
  EXPECT_EQ(handle->session_reference, game);
  EXPECT_EQ(handle->origin_session_reference, lobby);
  EXPECT_EQ(handle->ToJson(), doc);
}

TEST(SearchHandleTest, RequestBodyWithTagsStringsNumbers) {
  SearchHandleRequest request;
  request.session_reference = Ref();
  request.tags = {"coolpeopleonly"};
  request.strings = {{"region", "West"}};
  request.numbers = {{"rank", 42.5}};
  auto body = request.ToRequestBody();
  ASSERT_TRUE(body.ok()) << body.error().message;
  EXPECT_EQ(*body, json::parse(R"({"version":1,"type":"search","sessionRef":{"scid":"S","templateName":"open","name":"s1"},
      "searchAttributes":{"tags":["coolpeopleonly"],"strings":{"region":"West"},"numbers":{"rank":42.5}}})"));
}

TEST(SearchHandleTest, RequestBodyRejectsBadNames) {
  SearchHandleRequest request;
  request.session_reference = Ref();
  request.tags = {"has space"};
  EXPECT_EQ(request.ToRequestBody().error().code, ErrorCode::kInvalidArgument);
  request.tags = {"1starts_with_digit"};
  EXPECT_EQ(request.ToRequestBody().error().code, ErrorCode::kInvalidArgument);
  request.tags = {std::string(100, 'a')};
  EXPECT_EQ(request.ToRequestBody().error().code, ErrorCode::kInvalidArgument);
  request.tags = {};
  request.numbers = {{"rank", std::nan("")}};
  EXPECT_EQ(request.ToRequestBody().error().code, ErrorCode::kInvalidArgument);
}

TEST(SearchHandleTest, QueryBodyIsGlobalAndASocialGroupNarrowsIt) {
  SearchHandlesQuery query;
  query.scid = "S";
  query.template_name = "srch";
  query.filter = "numbers/rank lt 60 and tags/any(d:tolower(d) eq 'coolpeopleonly')";
  query.order_by = "numbers/rank";
  query.order_ascending = true;
  EXPECT_EQ(*query.ToRequestBody(), json::parse(R"j({"type":"search","scid":"S","templateName":"srch","global":true,
      "filter":"numbers/rank lt 60 and tags/any(d:tolower(d) eq 'coolpeopleonly')","orderBy":"numbers/rank asc"})j"));
  query.social_group = "people";
  query.social_group_xuid = "1001";
  query.order_ascending = false;
  EXPECT_EQ(*query.ToRequestBody(), json::parse(R"j({"type":"search","scid":"S","templateName":"srch","global":true,
      "filter":"numbers/rank lt 60 and tags/any(d:tolower(d) eq 'coolpeopleonly')","orderBy":"numbers/rank desc",
      "sessionMembers":{"people":{"moniker":"people","monikerXuid":"1001"}}})j"));
  query.social_group_xuid.clear();
  EXPECT_EQ(query.ToRequestBody().error().code, ErrorCode::kInvalidArgument);
}

TEST(SearchHandleTest, ParsesDetailsWithRelatedInfoRolesAndCustomProperties) {
  auto const doc = json::parse(R"({"id":"sh-1","type":"search","version":1,"createTime":"2026-11-21T10:00:00.0000000Z",
      "sessionRef":{"scid":"S","templateName":"srch","name":"s1"},
      "searchAttributes":{"tags":["CoolPeopleOnly"],"strings":{"region":"West"},"numbers":{"rank":55}},
      "customProperties":{"map":"dust"},
      "relatedInfo":{"visibility":"open","joinRestriction":"local","closed":true,"maxMembersCount":8,"membersCount":3,
                     "sessionOwners":["1001"]},
      "roleInfo":{"roleTypes":{"lfg":{"roles":{"confirmed":{"count":1,"max":3,"target":2,"memberXuids":["1001"]}}}}}})");
  auto details = SearchHandleDetails::FromJson(doc);
  ASSERT_TRUE(details.ok()) << details.error().message;
  EXPECT_EQ(details->handle_id, "sh-1");
  EXPECT_EQ(details->create_time->ToString(), "2026-11-21T10:00:00.0000000Z");
  EXPECT_EQ(details->tags, std::vector<std::string>{"CoolPeopleOnly"});
  EXPECT_EQ(details->strings.at("region"), "West");
  EXPECT_EQ(details->numbers.at("rank"), 55.0);
  EXPECT_EQ(details->custom_properties["map"], "dust");
  ASSERT_TRUE(details->related_info);
  EXPECT_TRUE(details->related_info->closed);
  EXPECT_EQ(details->related_info->session_owners, std::vector<std::string>{"1001"});
  auto const& role = details->role_types.at("lfg").roles.at("confirmed");
  EXPECT_EQ(role.count, 1u);
  EXPECT_EQ(role.max, 3u);
  EXPECT_EQ(role.target, 2u);
  EXPECT_EQ(role.member_xuids, std::vector<std::string>{"1001"});
  EXPECT_EQ(details->ToJson(), doc);
}

TEST(SearchHandleTest, MalformedAttributesNameThePath) {
  auto bad = SearchHandleDetails::FromJson(json::parse(R"({"id":"sh","type":"search","searchAttributes":{"numbers":{"rank":"high"}}})"));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("/searchAttributes/numbers/rank"), std::string::npos) << bad.error().message;
}

}  // namespace
}  // namespace xbl::multiplayer
