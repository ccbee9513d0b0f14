#include "service_test_support.h"

namespace xbl::testing {
namespace {

using multiplayer::GetSessionsRequest;
using multiplayer::MemberStatus;
using multiplayer::SessionRestriction;
using multiplayer::SessionVisibility;
using ::testing::_;
using ::testing::Invoke;
using ::testing::Return;

constexpr char kScid[] = "00000000-0000-0000-0000-00000000abcd";

TEST(GetSessionsTest, KeywordQueryIsAGetWithEncodedKeyword) {
  ServiceHarness h;
  HttpRequest sent;
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Invoke(CaptureAndRespond(&sent, HttpResponse(200, JsonHeaders(), R"({"results":[]})"))));
  auto result = h.service->GetSessionsAsync(GetSessionsRequest(kScid).set_keyword("a b&c=d/é")).get();
  EXPECT_EQ(sent.method, "GET");
  EXPECT_EQ(sent.url, std::string("https://mpsd.test/serviceconfigs/") + kScid +
                          "/sessions?keyword=a%20b%26c%3Dd%2F%C3%A9");
  EXPECT_EQ(sent.body, "");
  EXPECT_EQ(HeaderValue(sent.headers, "x-xbl-contract-version"), "107");
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->empty());
}

TEST(GetSessionsTest, EveryFilterIsSentInOrder) {
  ServiceHarness h;
  HttpRequest sent;
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Invoke(CaptureAndRespond(&sent, HttpResponse(200, JsonHeaders(), R"({"results":[]})"))));
  auto request = GetSessionsRequest(kScid)
                     .set_template_name("lobby")
                     .set_xuid("2535")
                     .set_keyword("k")
                     .set_visibility(SessionVisibility::kPrivate)
                     .set_contract_version(107)
                     .set_include_private(true)
                     .set_include_reservations(true)
                     .set_include_inactive(true)
                     .set_take(25);
  ASSERT_TRUE(h.service->GetSessionsAsync(request).get().ok());
  EXPECT_EQ(sent.url, std::string("https://mpsd.test/serviceconfigs/") + kScid +
                          "/sessiontemplates/lobby/sessions?xuid=2535&keyword=k&visibility=private&version=107"
                          "&private=true&reservations=true&inactive=true&take=25");
}

TEST(GetSessionsTest, SeveralXuidsArePostedToBatch) {
  ServiceHarness h;
  HttpRequest sent;
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Invoke(CaptureAndRespond(&sent, HttpResponse(200, JsonHeaders(), R"({"results":[]})"))));
  auto request = GetSessionsRequest(kScid).set_xuids({"1", "2"}).set_include_inactive(true).set_take(0);
  ASSERT_TRUE(h.service->GetSessionsAsync(request).get().ok());
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.url, std::string("https://mpsd.test/serviceconfigs/") + kScid + "/batch?inactive=true&take=0");
  EXPECT_EQ(HeaderValue(sent.headers, "Content-Type"), "application/json");
  EXPECT_EQ(sent.body, R"({"xuids":["1","2"]})");
}

TEST(GetSessionsTest, TemplateLevelBatch) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport,
              SendAsync(::testing::Field(&HttpRequest::url, std::string("https://mpsd.test/serviceconfigs/") + kScid +
                                                                "/sessiontemplates/game/batch"),
                        _))
      .WillOnce(Return(RespondWith(200, JsonHeaders(), R"({"results":[]})")));
  ASSERT_TRUE(h.service->GetSessionsAsync(GetSessionsRequest(kScid).set_template_name("game").set_xuids({"9"})).get().ok());
}

TEST(GetSessionsTest, ParsesResults) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(200, JsonHeaders(), R"({"results":[
        {"xuid":"2535","startTime":"2026-01-01T00:00:00.0000000Z",
         "sessionRef":{"scid":"s","templateName":"t","name":"n1"},"accepted":4,"status":"reserved",
         "visibility":"open","joinRestriction":"followed","myTurn":true,"keywords":["one","two"],"extra":1},
        {"sessionRef":{"scid":"s","templateName":"t","name":"n2"},"visibility":"full"}]})")));
  auto result = h.service->GetSessionsAsync(GetSessionsRequest(kScid).set_xuid("2535")).get();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  ASSERT_EQ(result->size(), 2u);
  auto const& first = (*result)[0];
  EXPECT_EQ(first.reference, (multiplayer::SessionReference{"s", "t", "n1"}));
  EXPECT_EQ(first.xuid, "2535");
  ASSERT_TRUE(first.start_time.has_value());
  EXPECT_EQ(first.start_time->ToString(), "2026-01-01T00:00:00.0000000Z");
  EXPECT_EQ(first.accepted, 4u);
  EXPECT_EQ(first.status, MemberStatus::kReserved);
  EXPECT_EQ(first.visibility, SessionVisibility::kOpen);
  EXPECT_EQ(first.join_restriction, SessionRestriction::kFollowed);
  EXPECT_TRUE(first.my_turn);
  EXPECT_EQ(first.keywords, (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(first.document["extra"], 1);
  auto const& second = (*result)[1];
  EXPECT_EQ(second.visibility, SessionVisibility::kFull);
  EXPECT_EQ(second.status, MemberStatus::kUnknown);
  EXPECT_FALSE(second.my_turn);
}

// Legacy samples send a xuid as a number; counts may come as integral floats, as elsewhere.
TEST(GetSessionsTest, ResultsAcceptANumericXuidAndAnIntegralFloatCount) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(200, JsonHeaders(), R"({"results":[
        {"xuid":2535,"sessionRef":{"scid":"s","templateName":"t","name":"n1"},"accepted":4.0,"status":"Active"}]})")));
  auto result = h.service->GetSessionsAsync(GetSessionsRequest(kScid).set_xuid("2535")).get();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  ASSERT_EQ(result->size(), 1u);
  EXPECT_EQ((*result)[0].xuid, "2535");
  EXPECT_EQ((*result)[0].accepted, 4u);
  EXPECT_EQ((*result)[0].status, MemberStatus::kActive);
}

TEST(GetSessionsTest, MalformedResultsAreAnError) {
  for (std::string body : {R"({"results":{}})", R"({"results":[{"name":"x"}]})", "not json", R"({"results":[{"sessionRef":{"scid":"s"}}]})",
                           R"({"results":[{"sessionRef":{"scid":"s","templateName":"t","name":"n"},"accepted":"four"}]})",
                           R"({"results":[{"sessionRef":{"scid":"s","templateName":"t","name":"n"},"startTime":"soon"}]})"}) {
    ServiceHarness h;
    EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(200, JsonHeaders(), body)));
    auto result = h.service->GetSessionsAsync(GetSessionsRequest(kScid).set_keyword("k")).get();
    ASSERT_FALSE(result.ok()) << body;
    EXPECT_EQ(result.error().code, ErrorCode::kMalformedResponse) << body;
  }
}

TEST(GetSessionsTest, ForbiddenPrivateQueryIsAnError) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(403, {}, "server access required")));
  auto result =
      h.service->GetSessionsAsync(GetSessionsRequest(kScid).set_xuid("1").set_include_private(true)).get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(result.error().message, "server access required");
}

struct InvalidCase {
  char const* name;
  GetSessionsRequest request;
};

TEST(GetSessionsTest, InvalidRequestsAreRejectedWithoutSending) {
  std::vector<InvalidCase> cases = {
      {"no filter", GetSessionsRequest(kScid)},
      {"no scid", GetSessionsRequest("").set_keyword("k")},
      {"take 101", GetSessionsRequest(kScid).set_keyword("k").set_take(101)},
      {"take -1", GetSessionsRequest(kScid).set_keyword("k").set_take(-1)},
      {"reservations without xuid", GetSessionsRequest(kScid).set_keyword("k").set_include_reservations(true)},
      {"inactive without xuid", GetSessionsRequest(kScid).set_keyword("k").set_include_inactive(true)},
      {"private visibility without private",
       GetSessionsRequest(kScid).set_keyword("k").set_visibility(SessionVisibility::kPrivate)},
      {"xuid and xuids", GetSessionsRequest(kScid).set_xuid("1").set_xuids({"2"})},
      {"empty xuid in xuids", GetSessionsRequest(kScid).set_xuids({"1", ""})},
  };
  for (auto const& c : cases) {
    ServiceHarness h;  // StrictMock: any send fails the test
    auto result = h.service->GetSessionsAsync(c.request).get();
    ASSERT_FALSE(result.ok()) << c.name;
    EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument) << c.name;
    EXPECT_EQ(result.error().attempts, 0) << c.name;
  }
}

TEST(GetSessionsTest, ValidBoundaryRequestsPassValidation) {
  EXPECT_TRUE(GetSessionsRequest(kScid).set_keyword("k").set_take(0).Validate().ok());
  EXPECT_TRUE(GetSessionsRequest(kScid).set_keyword("k").set_take(100).Validate().ok());
  EXPECT_TRUE(GetSessionsRequest(kScid).set_xuids({"1"}).set_include_reservations(true).Validate().ok());
  EXPECT_TRUE(GetSessionsRequest(kScid)
                  .set_keyword("k")
                  .set_visibility(SessionVisibility::kPrivate)
                  .set_include_private(true)
                  .Validate()
                  .ok());
}

}  // namespace
}  // namespace xbl::testing
