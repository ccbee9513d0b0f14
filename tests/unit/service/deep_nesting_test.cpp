// A response body nested a few hundred thousand levels deep is refused as kMalformedResponse by
// every reader before it is parsed or copied (a recursive copy of it would exhaust the stack).
#include "service_test_support.h"

namespace xbl::testing {
namespace {

using multiplayer::GetSessionsRequest;
using multiplayer::SearchHandleRequest;
using multiplayer::SearchHandlesQuery;
using ::testing::_;
using ::testing::Invoke;

constexpr std::size_t kDepth = 300000;

/// `{"results":[[[[...]]]]}`, `{"id":[[[...]]]}` and the like: valid JSON, absurdly deep.
std::string DeepBody(std::string const& key) {
  return "{\"" + key + "\":" + std::string(kDepth, '[') + std::string(kDepth, ']') + "}";
}

template <typename T>
void ExpectMalformed(Result<T> const& result, char const* call) {
  ASSERT_FALSE(result.ok()) << call;
  EXPECT_EQ(result.error().code, ErrorCode::kMalformedResponse) << call << ": " << result.error().ToString();
  EXPECT_NE(result.error().message.find("nests deeper"), std::string::npos) << call << ": " << result.error().message;
}

struct DeepHarness {
  explicit DeepHarness(std::string key, int status = 200) : body(DeepBody(key)) {
    EXPECT_CALL(*h.transport, SendAsync(_, _)).WillRepeatedly(Invoke([this, status](HttpRequest, pplx::cancellation_token) {
      return RespondWith(status, JsonHeaders("\"e\""), body);
    }));
  }
  std::string body;
  ServiceHarness h;
};

TEST(DeepNestingTest, SessionQueryResponse) {
  DeepHarness d("results");
  ExpectMalformed(d.h.service->GetSessionsAsync(GetSessionsRequest("scid").set_keyword("k")).get(), "GetSessionsAsync");
}

TEST(DeepNestingTest, TemplateListAndTemplate) {
  DeepHarness d("results");
  ExpectMalformed(d.h.service->GetSessionTemplatesAsync("scid").get(), "GetSessionTemplatesAsync");
  ExpectMalformed(d.h.service->GetSessionTemplateAsync("scid", "lobby").get(), "GetSessionTemplateAsync");
}

TEST(DeepNestingTest, ActivityAndSearchHandleQueries) {
  DeepHarness d("results");
  ExpectMalformed(d.h.service->GetActivitiesForUsersAsync("scid", {"1"}).get(), "GetActivitiesForUsersAsync");
  ExpectMalformed(d.h.service->GetActivitiesForSocialGroupAsync("scid", "1", "people").get(),
                  "GetActivitiesForSocialGroupAsync");
  SearchHandlesQuery query;
  query.scid = "scid";
  query.template_name = "lobby";
  ExpectMalformed(d.h.service->GetSearchHandlesAsync(query).get(), "GetSearchHandlesAsync");
}

TEST(DeepNestingTest, CreatedHandleDocuments) {
  DeepHarness d("id", 201);
  ExpectMalformed(d.h.service->SetTransferHandleAsync(Reference(), Reference()).get(), "SetTransferHandleAsync");
  SearchHandleRequest search;
  search.session_reference = Reference();
  ExpectMalformed(d.h.service->SetSearchHandleAsync(search).get(), "SetSearchHandleAsync");
  auto invites = d.h.service->SendInvitesAsync(Reference(), {"2533274800000002"}, "1234567").get();
  ASSERT_TRUE(invites.ok()) << invites.error().ToString();
  ASSERT_EQ(invites->size(), 1u);
  ASSERT_TRUE((*invites)[0].error.has_value());
  EXPECT_EQ((*invites)[0].error->code, ErrorCode::kMalformedResponse) << (*invites)[0].error->ToString();
}

TEST(DeepNestingTest, SessionDocument) {
  DeepHarness d("properties");
  auto read = d.h.service->GetCurrentSessionAsync(Reference()).get();
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, ErrorCode::kMalformedResponse) << read.error().ToString();
}

TEST(DeepNestingTest, RateLimitBodyOfA429) {
  ServiceHarness h([](ClientOptions& options) { options.retry.max_attempts = 1; });
  std::string const body = DeepBody("limitType");
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Invoke([&](HttpRequest, pplx::cancellation_token) {
    return RespondWith(429, JsonHeaders(), body);
  }));
  auto read = h.service->GetSessionTemplatesAsync("scid").get();
  ASSERT_FALSE(read.ok());
  EXPECT_EQ(read.error().code, ErrorCode::kThrottled) << read.error().ToString();
}

}  // namespace
}  // namespace xbl::testing
