#include "service_test_support.h"

namespace xbl::testing {
namespace {

using multiplayer::SessionReference;
using ::testing::_;
using ::testing::Invoke;
using nlohmann::json;

HttpHeaders Json() { return {{"Content-Type", "application/json"}}; }

TEST(HandlesTest, SetActivityPostsActivityHandle) {
  ServiceHarness h;
  HttpRequest sent;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Invoke(CaptureAndRespond(&sent, HttpResponse(204, {}, ""))));
  auto result = h.service->SetActivityAsync(Reference()).get();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, std::string(kEndpoint) + "/handles");
  EXPECT_EQ(HeaderValue(sent.headers, "x-xbl-contract-version"), "107");
  EXPECT_EQ(HeaderValue(sent.headers, "Authorization"), kAuthorization);
  EXPECT_EQ(HeaderValue(sent.headers, "Content-Type"), "application/json");
  EXPECT_EQ(json::parse(sent.body), (json{{"version", 1}, {"type", "activity"}, {"sessionRef", Reference()}}));
}

TEST(HandlesTest, HandleCreationIsNotRetriedOnServerError) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).Times(1).WillOnce(::testing::Return(RespondWith(500, {}, "boom")));
  auto result = h.service->SetActivityAsync(Reference()).get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kServerError);
  EXPECT_EQ(result.error().attempts, 1) << "a POST /handles may have been applied: only 429/503 are retried";
}

TEST(HandlesTest, GetActivitiesForUsersQueriesWithInclude) {
  ServiceHarness h;
  HttpRequest sent;
  auto const reply = R"({"results":[{"id":"a1","type":"activity","sessionRef":{"scid":"s","templateName":"t","name":"n"},
      "ownerXuid":"1001","titleId":"8397267","relatedInfo":{"membersCount":2}}]})";
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Invoke(CaptureAndRespond(&sent, HttpResponse(200, Json(), reply))));
  auto result = h.service->GetActivitiesForUsersAsync("s", {"1001", "1002"}).get();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, std::string(kEndpoint) + "/handles/query?include=relatedInfo,customProperties");
  EXPECT_EQ(json::parse(sent.body), json::parse(R"({"type":"activity","scid":"s","owners":{"xuids":["1001","1002"]}})"));
  ASSERT_EQ(result->size(), 1u);
  EXPECT_EQ((*result)[0].owner_xuid, "1001");
  EXPECT_EQ((*result)[0].related_info->members_count, 2u);
}

TEST(HandlesTest, GetActivitiesForSocialGroupSendsPeopleMoniker) {
  ServiceHarness h;
  HttpRequest sent;
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Invoke(CaptureAndRespond(&sent, HttpResponse(200, Json(), R"({"results":[]})"))));
  auto result = h.service->GetActivitiesForSocialGroupAsync("s", "1001", "favorites").get();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(json::parse(sent.body),
            json::parse(R"({"type":"activity","scid":"s","owners":{"people":{"moniker":"favorites","monikerXuid":"1001"}}})"));
  EXPECT_TRUE(result->empty());
}

TEST(HandlesTest, SendInvitesPostsOnePerInviteeAndKeepsGoingPastAFailure) {
  ServiceHarness h;
  std::vector<HttpRequest> sent;
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .Times(3)
      .WillRepeatedly(Invoke([&sent](HttpRequest request, pplx::cancellation_token) {
        sent.push_back(request);
        auto const invited = json::parse(request.body)["invitedXuid"].get<std::string>();
        if (invited == "1003") return RespondWith(403, {}, "blocked");
        return RespondWith(201, Json(), json{{"id", "inv-" + invited}, {"type", "invite"}}.dump());
      }));
  auto result = h.service->SendInvitesAsync(Reference(), {"1002", "1003", "1004"}, "8397267", "inviteString", "ctx").get();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  ASSERT_EQ(result->size(), 3u);
  EXPECT_EQ((*result)[0].handle_id, "inv-1002");
  EXPECT_FALSE((*result)[0].error);
  EXPECT_EQ((*result)[1].invited_xuid, "1003");
  ASSERT_TRUE((*result)[1].error);
  EXPECT_EQ((*result)[1].error->code, ErrorCode::kForbidden);
  EXPECT_EQ((*result)[2].handle_id, "inv-1004") << "a failed invitee does not stop the others";
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(json::parse(sent[0].body), json::parse(R"({"version":1,"type":"invite",
      "sessionRef":{"scid":")" + Reference().scid + R"(","templateName":")" + Reference().template_name +
                                                    R"(","name":")" + Reference().name + R"("},
      "invitedXuid":"1002","inviteAttributes":{"titleId":"8397267","contextString":"inviteString","context":"ctx"}})"));
}

TEST(HandlesTest, SendInvitesValidatesBeforeSendingAnything) {
  ServiceHarness h;  // StrictMock: any request fails the test
  EXPECT_EQ(h.service->SendInvitesAsync(Reference(), {}, "1").get().error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(h.service->SendInvitesAsync(Reference(), {"1002", ""}, "1").get().error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(h.service->SendInvitesAsync(Reference(), {"1002"}, "1", "", std::string(300, 'x')).get().error().code,
            ErrorCode::kInvalidArgument);
}

TEST(HandlesTest, SetTransferHandleReturnsTheId) {
  ServiceHarness h;
  HttpRequest sent;
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Invoke(CaptureAndRespond(&sent, HttpResponse(201, Json(), R"({"id":"t-1","type":"transfer"})"))));
  SessionReference lobby{"s", "lobby", "L"};
  auto result = h.service->SetTransferHandleAsync(Reference(), lobby).get();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(*result, "t-1");
  EXPECT_EQ(json::parse(sent.body)["originSessionRef"], json(lobby));
  EXPECT_EQ(json::parse(sent.body)["type"], "transfer");
}

TEST(HandlesTest, CreatedHandleWithoutIdIsMalformed) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(::testing::Return(RespondWith(201, Json(), R"({"type":"transfer"})")));
  auto result = h.service->SetTransferHandleAsync(Reference(), SessionReference{"s", "l", "L"}).get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kMalformedResponse);
}

TEST(HandlesTest, CreatedSearchHandleWithoutIdIsMalformed) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(::testing::Return(RespondWith(201, Json(), R"({"type":"search","sessionRef":{"scid":"s","templateName":"t","name":"n"},
          "searchAttributes":{"tags":["ranked"]}})")));
  multiplayer::SearchHandleRequest request;
  request.session_reference = Reference();
  request.tags = {"ranked"};
  auto result = h.service->SetSearchHandleAsync(request).get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kMalformedResponse);
}

TEST(HandlesTest, ClearActivityNeverDeletesAHandleWithoutId) {
  ServiceHarness h([](ClientOptions& options) { options.user_xuid = "1001"; });
  EXPECT_CALL(*h.transport, SendAsync(_, _))  // only the query goes out
      .WillOnce(::testing::Return(RespondWith(200, Json(), R"({"results":[{"type":"activity",
          "sessionRef":{"scid":"s","templateName":"t","name":"n"},"ownerXuid":"1001"}]})")));
  auto result = h.service->ClearActivityAsync("s").get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kMalformedResponse);
}

TEST(HandlesTest, SearchHandleCreateQueryAndClear) {
  ServiceHarness h;
  std::vector<HttpRequest> sent;
  auto const details = R"({"id":"sh-1","type":"search","sessionRef":{"scid":"s","templateName":"t","name":"n"},
      "searchAttributes":{"tags":["ranked"],"strings":{},"numbers":{"rank":5}}})";
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Invoke([&](HttpRequest r, pplx::cancellation_token) { sent.push_back(r); return RespondWith(201, Json(), details); }))
      .WillOnce(Invoke([&](HttpRequest r, pplx::cancellation_token) {
        sent.push_back(r);
        return RespondWith(200, Json(), std::string(R"({"results":[)") + details + "]}");
      }))
      .WillOnce(Invoke([&](HttpRequest r, pplx::cancellation_token) { sent.push_back(r); return RespondWith(204); }));

  multiplayer::SearchHandleRequest request;
  request.session_reference = Reference();
  request.tags = {"ranked"};
  request.numbers = {{"rank", 5}};
  auto created = h.service->SetSearchHandleAsync(request).get();
  ASSERT_TRUE(created.ok()) << created.error().ToString();
  EXPECT_EQ(created->handle_id, "sh-1") << "unlike XSAPI, the created handle comes back";

  multiplayer::SearchHandlesQuery query;
  query.scid = "s";
  query.template_name = "t";
  query.filter = "numbers/rank lt 60";
  auto found = h.service->GetSearchHandlesAsync(query).get();
  ASSERT_TRUE(found.ok()) << found.error().ToString();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].numbers.at("rank"), 5.0);

  ASSERT_TRUE(h.service->ClearSearchHandleAsync("sh-1").get().ok());
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(json::parse(sent[0].body)["searchAttributes"]["tags"], json({"ranked"}));
  EXPECT_EQ(sent[1].url, std::string(kEndpoint) + "/handles/query?include=relatedInfo,roleInfo,customProperties");
  EXPECT_EQ(json::parse(sent[1].body)["filter"], "numbers/rank lt 60");
  EXPECT_EQ(sent[2].method, "DELETE");
  EXPECT_EQ(sent[2].url, std::string(kEndpoint) + "/handles/sh-1");
}

TEST(HandlesTest, QueryWithMalformedResultIsAnError) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(::testing::Return(RespondWith(200, Json(), R"({"results":[{"type":"invite"}]})")));
  auto result = h.service->GetActivitiesForUsersAsync("s", {"1"}).get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kMalformedResponse);
}

}  // namespace
}  // namespace xbl::testing

namespace xbl::testing {
namespace {

TEST(HandlesTest, RefusalThroughAHandleWithoutContentLocationKeepsItsStatus) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(::testing::_, ::testing::_))
      .WillOnce(::testing::Return(RespondWith(403, {{"Content-Type", "application/json"}, {"ETag", "\"e9\""}}, SessionJson())));
  multiplayer::MultiplayerSession join(multiplayer::SessionReference{}, "1003");
  ASSERT_TRUE(join.Join().ok());
  auto result = h.service->WriteSessionByHandleAsync(join, multiplayer::SessionWriteMode::kUpdateExisting, "t-1").get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kForbidden) << result.error().ToString();
}

}  // namespace
}  // namespace xbl::testing

namespace xbl::testing {
namespace {

TEST(HandlesTest, ClearActivityFindsThenDeletesTheCallersHandle) {
  ServiceHarness h([](ClientOptions& options) { options.user_xuid = "1001"; });
  std::vector<HttpRequest> sent;
  EXPECT_CALL(*h.transport, SendAsync(::testing::_, ::testing::_))
      .WillOnce(::testing::Invoke([&](HttpRequest r, pplx::cancellation_token) {
        sent.push_back(r);
        return RespondWith(200, {{"Content-Type", "application/json"}},
                           R"({"results":[{"id":"act-9","type":"activity","ownerXuid":"1001"}]})");
      }))
      .WillOnce(::testing::Invoke([&](HttpRequest r, pplx::cancellation_token) {
        sent.push_back(r);
        return RespondWith(204);
      }));
  ASSERT_TRUE(h.service->ClearActivityAsync("s").get().ok());
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(sent[0].body)["owners"]["xuids"], nlohmann::json({"1001"}));
  EXPECT_EQ(sent[1].method, "DELETE");
  EXPECT_EQ(sent[1].url, std::string(kEndpoint) + "/handles/act-9");
}

TEST(HandlesTest, ClearActivityNeedsTheUsersXuid) {
  ServiceHarness h;
  EXPECT_EQ(h.service->ClearActivityAsync("s").get().error().code, ErrorCode::kInvalidState);
}

}  // namespace
}  // namespace xbl::testing
