#include "service_test_support.h"
#include <cstdlib>

namespace xbl::testing {
namespace {

using multiplayer::SessionResultStatus;
using ::testing::_;
using ::testing::AllOf;
using ::testing::Field;
using ::testing::Invoke;
using ::testing::Return;

TEST(GetCurrentSessionTest, GetsTheSessionWithItsEtag) {
  ServiceHarness h;
  HttpRequest sent;
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Invoke(CaptureAndRespond(&sent, HttpResponse(200, JsonHeaders("\"r1\""), SessionJson(3)))));
  auto result = h.service->GetCurrentSessionAsync(Reference()).get();
  EXPECT_EQ(sent.method, "GET");
  EXPECT_EQ(sent.url, kSessionUrl);
  EXPECT_EQ(sent.body, "");
  EXPECT_EQ(sent.headers.count("Content-Type"), 0u);
  EXPECT_EQ(sent.headers.count("If-None-Match"), 0u);
  EXPECT_EQ(HeaderValue(sent.headers, "x-xbl-contract-version"), "107");
  EXPECT_EQ(HeaderValue(sent.headers, "Authorization"), kAuthorization);
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(result->status, SessionResultStatus::kRead);
  EXPECT_EQ(result->session->etag(), "\"r1\"");
  EXPECT_EQ(result->session->properties().custom["counter"], 3);
  EXPECT_EQ(result->session->members().size(), 1u);
}

// As XSAPI takes the user from its context: the session read is ready for `SetCurrentUser*`.
TEST(GetCurrentSessionTest, TheServicesUserIsTheSessionsCurrentUser) {
  ServiceHarness h([](ClientOptions& options) { options.user_xuid = "1001"; });
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(200, JsonHeaders("\"r1\""), SessionJson(3))));
  auto result = h.service->GetCurrentSessionAsync(Reference()).get();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(result->session->current_user_xuid(), "1001");
  ASSERT_NE(result->session->current_user(), nullptr);
  EXPECT_EQ(result->session->current_user()->xuid, "1001");
}

TEST(GetCurrentSessionTest, TheOptionsRequestSignerSignsTheCall) {
  ServiceHarness h([](ClientOptions& options) {
    options.request_signer = [](HttpRequest const& request, pplx::cancellation_token) {
      return pplx::task_from_result(Result<std::string>("signed " + request.method + " " + request.url));
    };
  });
  EXPECT_CALL(*h.transport, SendAsync(HasHeader("Signature", std::string("signed GET ") + kSessionUrl), _))
      .WillOnce(Return(RespondWith(200, JsonHeaders("\"r1\""), SessionJson(3))));
  auto result = h.service->GetCurrentSessionAsync(Reference()).get();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
}

// A user who is not a member reads the session: it names them, and they can join but not write as a member.
TEST(GetCurrentSessionTest, ANonMembersReadCanJoinButNotWriteAsAMember) {
  ServiceHarness h([](ClientOptions& options) { options.user_xuid = "1009"; });
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(200, JsonHeaders("\"r1\""), SessionJson(3))));
  auto result = h.service->GetCurrentSessionAsync(Reference()).get();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  multiplayer::MultiplayerSession session = *result->session;
  EXPECT_EQ(session.current_user_xuid(), "1009");
  EXPECT_EQ(session.current_user(), nullptr);
  EXPECT_EQ(session.SetCurrentUserCustomProperty("x", 1).error().code, ErrorCode::kInvalidState);
  ASSERT_TRUE(session.Join().ok());
  EXPECT_EQ(session.RequestBody()["members"]["me"]["constants"]["system"]["xuid"], "1009");
}

TEST(GetCurrentSessionTest, Status204IsNoSuchSessionNotAnError) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(204)));
  auto result = h.service->GetCurrentSessionAsync(Reference()).get();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, SessionResultStatus::kNotFound);
  EXPECT_FALSE(result->has_session());
}

TEST(GetCurrentSessionTest, KnownEtagIsSentAsIfNoneMatchAnd304MeansUnchanged) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(AllOf(HasHeader("If-None-Match", "\"r1\""), LacksHeader("If-Match")), _))
      .WillOnce(Return(RespondWith(304)));
  auto result = h.service->GetCurrentSessionAsync(Reference(), "\"r1\"").get();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, SessionResultStatus::kNotModified);
  EXPECT_FALSE(result->has_session());
}

TEST(GetCurrentSessionTest, Status404IsANotFoundError) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(404, {{"Content-Type", "text/plain"}}, "The requested session wasn't found.")));
  auto result = h.service->GetCurrentSessionAsync(Reference()).get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(result.error().message, "The requested session wasn't found.");
}

TEST(GetCurrentSessionTest, GetsAreRetriedOnTransientFailures) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(FailWith(ErrorCode::kNetwork, "broken pipe")))
      .WillOnce(Return(RespondWith(502)))
      .WillOnce(Return(RespondWith(200, JsonHeaders("\"r\""), SessionJson())));
  auto result = h.service->GetCurrentSessionAsync(Reference()).get();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->attempts, 3);
  EXPECT_EQ(h.sleeper->sleeps(), (std::vector<std::chrono::milliseconds>{std::chrono::seconds(2), std::chrono::seconds(4)}));
}

TEST(GetCurrentSessionTest, TruncatedBodyIsMalformedNotACrash) {
  ServiceHarness h;
  auto const body = SessionJson();
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(200, JsonHeaders("\"r\""), body.substr(0, 40))));
  auto result = h.service->GetCurrentSessionAsync(Reference()).get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kMalformedResponse);
}

TEST(GetCurrentSessionTest, CancelledTokenEndsTheCall) {
  ServiceHarness h;
  pplx::cancellation_token_source cts;
  cts.cancel();
  auto result = h.service->GetCurrentSessionAsync(Reference(), {}, cts.get_token()).get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kCancelled);
}

TEST(GetCurrentSessionByHandleTest, ReadsTheReferenceFromContentLocation) {
  ServiceHarness h;
  auto headers = JsonHeaders("\"h\"");
  headers["Content-Location"] = "https://mpsd.test/serviceconfigs/s/sessiontemplates/t/sessions/n";
  EXPECT_CALL(*h.transport, SendAsync(AllOf(Field(&HttpRequest::method, "GET"),
                                            Field(&HttpRequest::url, "https://mpsd.test/handles/h%20x/session")),
                                      _))
      .WillOnce(Return(RespondWith(200, headers, SessionJson())));
  auto result = h.service->GetCurrentSessionByHandleAsync("h x").get();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(result->session->reference(), (multiplayer::SessionReference{"s", "t", "n"}));
  EXPECT_TRUE(result->session->current_user_xuid().empty()) << "the service has no user_xuid";
}

TEST(GetCurrentSessionByHandleTest, TheServicesUserIsTheSessionsCurrentUser) {
  ServiceHarness h([](ClientOptions& options) { options.user_xuid = "1001"; });
  auto headers = JsonHeaders("\"h\"");
  headers["Content-Location"] = "https://mpsd.test/serviceconfigs/s/sessiontemplates/t/sessions/n";
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(200, headers, SessionJson())));
  auto result = h.service->GetCurrentSessionByHandleAsync("h").get();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  ASSERT_NE(result->session->current_user(), nullptr);
  EXPECT_EQ(result->session->current_user()->xuid, "1001");
}

TEST(GetCurrentSessionByHandleTest, StaleHandleIsNotFound) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(404, {}, "handle not found")));
  auto result = h.service->GetCurrentSessionByHandleAsync("gone").get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
}

TEST(LeaveSessionTest, DeletesMembersMeAndReturnsTheSession) {
  ServiceHarness h;
  HttpRequest sent;
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Invoke(CaptureAndRespond(&sent, HttpResponse(200, JsonHeaders("\"l\""), SessionJson()))));
  auto result = h.service->LeaveSessionAsync(Reference()).get();
  EXPECT_EQ(sent.method, "DELETE");
  EXPECT_EQ(sent.url, std::string(kSessionUrl) + "/members/me");
  EXPECT_EQ(sent.body, "");
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, SessionResultStatus::kUpdated);
  EXPECT_EQ(result->session->etag(), "\"l\"");
}

TEST(LeaveSessionTest, Status204AlsoMeansDone) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(204)));
  auto result = h.service->LeaveSessionAsync(Reference()).get();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, SessionResultStatus::kDeleted);
}

TEST(UpdateSessionPropertiesTest, PutsThePropertiesWithIfMatch) {
  ServiceHarness h;
  HttpRequest sent;
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Invoke(CaptureAndRespond(&sent, HttpResponse(200, JsonHeaders("\"p2\""), SessionJson(0, R"(,"map":"dust")")))));
  nlohmann::json properties = {{"custom", {{"map", "dust"}}}, {"system", {{"keywords", {"a"}}}}};
  auto result = h.service->UpdateSessionPropertiesAsync(Reference(), properties, "\"p1\"").get();
  EXPECT_EQ(sent.method, "PUT");
  EXPECT_EQ(sent.url, std::string(kSessionUrl) + "/properties");
  EXPECT_EQ(HeaderValue(sent.headers, "If-Match"), "\"p1\"");
  EXPECT_EQ(HeaderValue(sent.headers, "Content-Type"), "application/json");
  EXPECT_EQ(nlohmann::json::parse(sent.body), properties);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->session->properties().custom["map"], "dust");
  EXPECT_EQ(result->session->etag(), "\"p2\"");
}

TEST(UpdateSessionPropertiesTest, WithoutEtagNoIfMatchAndMissingSessionIs404) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(LacksHeader("If-Match"), _)).WillOnce(Return(RespondWith(404, {}, "no session")));
  auto result = h.service->UpdateSessionPropertiesAsync(Reference(), {{"custom", {{"a", 1}}}}).get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
}

TEST(UpdateSessionPropertiesTest, Status412CarriesTheEntireSession) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(412, JsonHeaders("\"p9\""), SessionJson(9))));
  auto result = h.service->UpdateSessionPropertiesAsync(Reference(), {{"custom", {{"a", 1}}}}, "\"p1\"").get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kPreconditionFailed);
  ASSERT_NE(result.error().session, nullptr);
  EXPECT_EQ(result.error().session->etag(), "\"p9\"");
}

TEST(UpdateSessionPropertiesTest, NonObjectIsRejected) {
  ServiceHarness h;
  auto result = h.service->UpdateSessionPropertiesAsync(Reference(), nlohmann::json::array()).get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
}

TEST(RemoveMemberTest, DeletesTheMemberIndex) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(AllOf(Field(&HttpRequest::method, "DELETE"),
                                            Field(&HttpRequest::url, std::string(kSessionUrl) + "/members/3")),
                                      _))
      .WillOnce(Return(RespondWith(200, JsonHeaders("\"m\""), SessionJson())));
  auto result = h.service->RemoveMemberAsync(Reference(), 3).get();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, SessionResultStatus::kUpdated);
}

TEST(RemoveServerTest, DeletesTheServerEntryUrlEncoded) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(AllOf(Field(&HttpRequest::method, "DELETE"),
                                            Field(&HttpRequest::url, std::string(kSessionUrl) + "/servers/game%20server")),
                                      _))
      .WillOnce(Return(RespondWith(204)));
  auto result = h.service->RemoveServerAsync(Reference(), "game server").get();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, SessionResultStatus::kDeleted);
}

TEST(RemoveServerTest, ForbiddenForAUserPrincipal) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(403, {}, "server principal required")));
  auto result = h.service->RemoveServerAsync(Reference(), "game").get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(result.error().session, nullptr);
}

TEST(SessionTemplatesTest, ListsTemplates) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport,
              SendAsync(Field(&HttpRequest::url, "https://mpsd.test/serviceconfigs/scid-1/sessiontemplates"), _))
      .WillOnce(Return(RespondWith(200, JsonHeaders(),
                                   R"({"results":[{"name":"lobby","contractVersion":107},{"name":"game"}]})")));
  auto result = h.service->GetSessionTemplatesAsync("scid-1").get();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  ASSERT_EQ(result->size(), 2u);
  EXPECT_EQ((*result)[0].name, "lobby");
  EXPECT_EQ((*result)[0].contract_version, 107);
  EXPECT_EQ((*result)[1].name, "game");
  EXPECT_FALSE((*result)[1].contract_version.has_value());
}

TEST(SessionTemplatesTest, MalformedListIsAnError) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(200, JsonHeaders(), R"({"results":[{"x":1}]})")));
  auto result = h.service->GetSessionTemplatesAsync("scid-1").get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kMalformedResponse);
}

TEST(SessionTemplatesTest, GetsOneTemplate) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport,
              SendAsync(Field(&HttpRequest::url, "https://mpsd.test/serviceconfigs/scid-1/sessiontemplates/lobby"), _))
      .WillOnce(Return(RespondWith(200, JsonHeaders(), R"({"constants":{"system":{"maxMembersCount":8}}})")));
  auto result = h.service->GetSessionTemplateAsync("scid-1", "lobby").get();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->name, "lobby");
  EXPECT_EQ(result->document["constants"]["system"]["maxMembersCount"], 8);
}

TEST(SessionTemplatesTest, UnknownTemplateIsNotFound) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(404, {}, "template not found")));
  auto result = h.service->GetSessionTemplateAsync("scid-1", "nope").get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
}

TEST(ServiceOptionsTest, EnvironmentEndpointIsUsedAndLoggedOnce) {
  ::setenv("XBL_MPSD_ENDPOINT", "http://127.0.0.1:9/", 1);
  ServiceHarness h([](ClientOptions& o) { o.honor_environment = true; });
  ::unsetenv("XBL_MPSD_ENDPOINT");
  EXPECT_EQ(h.service->endpoint(), "http://127.0.0.1:9");
  EXPECT_CALL(*h.transport, SendAsync(Field(&HttpRequest::url, ::testing::StartsWith("http://127.0.0.1:9/serviceconfigs/")), _))
      .Times(2)
      .WillRepeatedly(Return(RespondWith(204)));
  ASSERT_TRUE(h.service->GetCurrentSessionAsync(Reference()).get().ok());
  ASSERT_TRUE(h.service->GetCurrentSessionAsync(Reference()).get().ok());
  int endpoint_lines = 0;
  for (auto const& line : h.Logs()) {
    if (line.find("MPSD endpoint: http://127.0.0.1:9 (from XBL_MPSD_ENDPOINT)") != std::string::npos) ++endpoint_lines;
  }
  EXPECT_EQ(endpoint_lines, 1);
}

TEST(ServiceOptionsTest, UserAgentIsSent) {
  ServiceHarness h([](ClientOptions& o) { o.user_agent = "my-title/1.0"; });
  EXPECT_CALL(*h.transport, SendAsync(HasHeader("User-Agent", "my-title/1.0"), _)).WillOnce(Return(RespondWith(204)));
  ASSERT_TRUE(h.service->GetCurrentSessionAsync(Reference()).get().ok());
}

TEST(ServiceOptionsTest, NoAuthProviderSendsNoAuthorization) {
  ServiceHarness h([](ClientOptions& o) { o.auth_token_provider = nullptr; });
  EXPECT_CALL(*h.transport, SendAsync(LacksHeader("Authorization"), _)).WillOnce(Return(RespondWith(204)));
  ASSERT_TRUE(h.service->GetCurrentSessionAsync(Reference()).get().ok());
}

TEST(ServiceOptionsTest, Unauthorized401RefreshesTheTokenOnce) {
  std::vector<bool> refreshes;
  ServiceHarness h([&refreshes](ClientOptions& o) {
    o.auth_token_provider = [&refreshes](bool force, pplx::cancellation_token) {
      refreshes.push_back(force);
      return pplx::task_from_result(Result<std::string>(force ? "XBL3.0 x=1;new" : "XBL3.0 x=1;old"));
    };
  });
  EXPECT_CALL(*h.transport, SendAsync(HasHeader("Authorization", "XBL3.0 x=1;old"), _)).WillOnce(Return(RespondWith(401)));
  EXPECT_CALL(*h.transport, SendAsync(HasHeader("Authorization", "XBL3.0 x=1;new"), _))
      .WillOnce(Return(RespondWith(200, JsonHeaders("\"a\""), SessionJson())));
  auto result = h.service->GetCurrentSessionAsync(Reference()).get();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(refreshes, (std::vector<bool>{false, true}));
}

TEST(ServiceOptionsTest, HttpEventsReachTheHandlerRedacted) {
  std::vector<HttpExchangeEvent> events;
  std::mutex mutex;
  ServiceHarness h([&](ClientOptions& o) {
    o.diagnostics.http_exchange_handler = [&](HttpExchangeEvent const& e) {
      std::lock_guard<std::mutex> lock(mutex);
      events.push_back(e);
    };
  });
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(204)));
  ASSERT_TRUE(h.service->GetCurrentSessionAsync(Reference()).get().ok());
  std::lock_guard<std::mutex> lock(mutex);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].method, "GET");
  EXPECT_EQ(events[0].url, kSessionUrl);
  EXPECT_EQ(events[0].status, 204);
  EXPECT_EQ(HeaderValue(events[0].request_headers, "Authorization"), kRedacted);
  EXPECT_EQ(HeaderValue(events[0].request_headers, "x-xbl-contract-version"), "107");
}

}  // namespace
}  // namespace xbl::testing
