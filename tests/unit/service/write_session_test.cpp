#include "service_test_support.h"

namespace xbl::testing {
namespace {

using multiplayer::MultiplayerSession;
using multiplayer::SessionResultStatus;
using multiplayer::SessionWriteMode;
using ::testing::_;
using ::testing::AllOf;
using ::testing::Invoke;
using ::testing::Return;

MultiplayerSession NewSessionWithCustomProperty() {
  MultiplayerSession session(Reference());
  EXPECT_TRUE(session.SetCustomProperty("mode", "ffa").ok());
  return session;
}

MultiplayerSession ReadSession(std::string const& etag, int counter = 0) {
  auto parsed = MultiplayerSession::Parse(Reference(), SessionJson(counter), etag);
  EXPECT_TRUE(parsed.ok());
  return std::move(parsed).value();
}

TEST(WriteSessionTest, CreateNewSendsTheDeltaWithIfNoneMatchStar) {
  ServiceHarness h;
  HttpRequest sent;
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Invoke(CaptureAndRespond(&sent, HttpResponse(201, JsonHeaders("\"e1\""), SessionJson(0, R"(,"mode":"ffa")")))));
  auto session = NewSessionWithCustomProperty();
  auto result = h.service->WriteSessionAsync(session, SessionWriteMode::kCreateNew).get();

  EXPECT_EQ(sent.method, "PUT");
  EXPECT_EQ(sent.url, kSessionUrl);
  EXPECT_EQ(HeaderValue(sent.headers, "x-xbl-contract-version"), "107");
  EXPECT_EQ(HeaderValue(sent.headers, "Content-Type"), "application/json");
  EXPECT_EQ(HeaderValue(sent.headers, "Authorization"), kAuthorization);
  EXPECT_EQ(HeaderValue(sent.headers, "If-None-Match"), "*");
  EXPECT_EQ(sent.headers.count("If-Match"), 0u);
  EXPECT_EQ(nlohmann::json::parse(sent.body), nlohmann::json::parse(R"({"properties":{"custom":{"mode":"ffa"}}})"));
  EXPECT_EQ(sent.body, session.RequestBodyText());

  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(result->status, SessionResultStatus::kCreated);
  EXPECT_EQ(result->http_status, 201);
  ASSERT_NE(result->session, nullptr);
  EXPECT_EQ(result->session->etag(), "\"e1\"");
  EXPECT_EQ(result->session->reference(), Reference());
  EXPECT_EQ(result->session->properties().custom["mode"], "ffa");
  EXPECT_FALSE(result->session->has_pending_changes());
}

TEST(WriteSessionTest, ASessionWithoutAUserComesBackWithTheServicesUser) {
  ServiceHarness h([](ClientOptions& options) { options.user_xuid = "1001"; });
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(201, JsonHeaders("\"e1\""), SessionJson(0, R"(,"mode":"ffa")"))));
  auto session = NewSessionWithCustomProperty();
  ASSERT_TRUE(session.current_user_xuid().empty());
  auto result = h.service->WriteSessionAsync(session, SessionWriteMode::kCreateNew).get();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(result->session->current_user_xuid(), "1001");
}

TEST(WriteSessionTest, ReservationsGoOnTheWireInCallOrderPastTen) {
  ServiceHarness h;
  HttpRequest sent;
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Invoke(CaptureAndRespond(&sent, HttpResponse(200, JsonHeaders("\"e1\""), SessionJson()))));
  auto session = ReadSession("\"e0\"");
  for (int i = 0; i < 12; ++i) ASSERT_TRUE(session.AddMemberReservation(std::to_string(9000 + i)).ok());
  ASSERT_TRUE(h.service->WriteSessionAsync(session, SessionWriteMode::kUpdateExisting).get().ok());
  // MPSD adds members in the order they appear; a sorted JSON object would put reserve_10 first.
  EXPECT_LT(sent.body.find("\"reserve_2\""), sent.body.find("\"reserve_10\"")) << sent.body;
  EXPECT_LT(sent.body.find("\"reserve_9\""), sent.body.find("\"reserve_10\"")) << sent.body;
}

TEST(WriteSessionTest, UpdateExistingSendsIfMatchStar) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(AllOf(HasHeader("If-Match", "*"), LacksHeader("If-None-Match")), _))
      .WillOnce(Return(RespondWith(200, JsonHeaders("\"e2\""), SessionJson())));
  auto result = h.service->WriteSessionAsync(NewSessionWithCustomProperty(), SessionWriteMode::kUpdateExisting).get();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, SessionResultStatus::kUpdated);
}

TEST(WriteSessionTest, UpdateOrCreateNewSendsNoPrecondition) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(AllOf(LacksHeader("If-Match"), LacksHeader("If-None-Match")), _))
      .WillOnce(Return(RespondWith(200, JsonHeaders("\"e2\""), SessionJson())));
  ASSERT_TRUE(h.service->WriteSessionAsync(NewSessionWithCustomProperty(), SessionWriteMode::kUpdateOrCreateNew).get().ok());
}

TEST(WriteSessionTest, SynchronizedUpdateSendsTheSessionsEtag) {
  ServiceHarness h;
  auto session = ReadSession("\"etag-1\"");
  ASSERT_TRUE(session.SetCustomProperty("counter", 1).ok());
  HttpRequest sent;
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Invoke(CaptureAndRespond(&sent, HttpResponse(200, JsonHeaders("\"etag-2\""), SessionJson(1)))));
  auto result = h.service->WriteSessionAsync(session, SessionWriteMode::kSynchronizedUpdate).get();
  EXPECT_EQ(HeaderValue(sent.headers, "If-Match"), "\"etag-1\"");
  EXPECT_EQ(sent.headers.count("If-None-Match"), 0u);
  EXPECT_EQ(nlohmann::json::parse(sent.body), nlohmann::json::parse(R"({"properties":{"custom":{"counter":1}}})"));
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->session->etag(), "\"etag-2\"");
  EXPECT_EQ(result->session->properties().custom["counter"], 1);
  EXPECT_TRUE(session.has_pending_changes()) << "the caller's object is not changed by a write";
}

TEST(WriteSessionTest, SynchronizedUpdateWithoutEtagSendsIfNoneMatchStar) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(AllOf(HasHeader("If-None-Match", "*"), LacksHeader("If-Match")), _))
      .WillOnce(Return(RespondWith(201, JsonHeaders("\"e\""), SessionJson())));
  ASSERT_TRUE(h.service->WriteSessionAsync(NewSessionWithCustomProperty(), SessionWriteMode::kSynchronizedUpdate).get().ok());
}

TEST(WriteSessionTest, ContractVersionIsConfigurable) {
  for (auto version : {ContractVersion::kV104, ContractVersion::kV105}) {
    ServiceHarness h([version](ClientOptions& o) { o.contract_version = version; });
    EXPECT_CALL(*h.transport,
                SendAsync(HasHeader("x-xbl-contract-version", std::to_string(static_cast<int>(version))), _))
        .WillOnce(Return(RespondWith(200, JsonHeaders("\"e\""), SessionJson())));
    ASSERT_TRUE(h.service->WriteSessionAsync(NewSessionWithCustomProperty(), SessionWriteMode::kUpdateOrCreateNew).get().ok());
  }
}

TEST(WriteSessionTest, ReferencePartsAreUrlEncoded) {
  ServiceHarness h;
  MultiplayerSession session(multiplayer::SessionReference{"scid 1", "tmpl/x", "name?&#"});
  EXPECT_CALL(*h.transport,
              SendAsync(::testing::Field(&HttpRequest::url,
                                         "https://mpsd.test/serviceconfigs/scid%201/sessiontemplates/tmpl%2Fx/sessions/name%3F%26%23"),
                        _))
      .WillOnce(Return(RespondWith(204)));
  auto result = h.service->WriteSessionAsync(session, SessionWriteMode::kUpdateOrCreateNew).get();
  ASSERT_TRUE(result.ok());
}

TEST(WriteSessionTest, Status204MeansTheSessionWasDeleted) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(204)));
  auto result = h.service->WriteSessionAsync(NewSessionWithCustomProperty(), SessionWriteMode::kUpdateExisting).get();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, SessionResultStatus::kDeleted);
  EXPECT_FALSE(result->has_session());
}

TEST(WriteSessionTest, Status412CarriesTheCurrentSessionAndItsEtag) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(412, JsonHeaders("\"etag-9\""), SessionJson(9))));
  auto session = ReadSession("\"etag-1\"");
  ASSERT_TRUE(session.SetCustomProperty("counter", 2).ok());
  session.set_current_user_xuid("1001");
  auto result = h.service->WriteSessionAsync(session, SessionWriteMode::kSynchronizedUpdate).get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kPreconditionFailed);
  EXPECT_EQ(result.error().http_status, 412);
  EXPECT_EQ(result.error().attempts, 1);
  ASSERT_NE(result.error().session, nullptr);
  EXPECT_EQ(result.error().session->etag(), "\"etag-9\"");
  EXPECT_EQ(result.error().session->properties().custom["counter"], 9);
  EXPECT_EQ(result.error().session->reference(), Reference());
  EXPECT_EQ(result.error().session->current_user_xuid(), "1001");
}

TEST(WriteSessionTest, Status412WithoutBodyIsAConflictWithoutSession) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(412)));
  auto result = h.service->WriteSessionAsync(NewSessionWithCustomProperty(), SessionWriteMode::kCreateNew).get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kPreconditionFailed);
  EXPECT_EQ(result.error().session, nullptr);
}

TEST(WriteSessionTest, Status403WithJsonCarriesTheReadableSession) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(403, JsonHeaders("\"etag-4\""), SessionJson(4))));
  auto result = h.service->WriteSessionAsync(NewSessionWithCustomProperty(), SessionWriteMode::kUpdateExisting).get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kForbidden);
  ASSERT_NE(result.error().session, nullptr);
  EXPECT_EQ(result.error().session->etag(), "\"etag-4\"");
}

TEST(WriteSessionTest, TextErrorsMapToTypedCodesWithTheServiceMessage) {
  struct Case {
    int status;
    ErrorCode code;
  };
  for (auto c : {Case{400, ErrorCode::kBadRequest}, Case{403, ErrorCode::kForbidden}, Case{404, ErrorCode::kNotFound},
                 Case{405, ErrorCode::kMethodNotAllowed}, Case{409, ErrorCode::kConflict},
                 Case{413, ErrorCode::kPayloadTooLarge}, Case{501, ErrorCode::kServerError},
                 Case{418, ErrorCode::kHttpError}}) {
    ServiceHarness h;
    std::string const message = "The requested service config cannot be accessed. " + std::to_string(c.status);
    EXPECT_CALL(*h.transport, SendAsync(_, _))
        .WillOnce(Return(RespondWith(c.status, {{"Content-Type", "text/plain"}}, message)));
    auto result = h.service->WriteSessionAsync(NewSessionWithCustomProperty(), SessionWriteMode::kUpdateExisting).get();
    ASSERT_FALSE(result.ok()) << c.status;
    EXPECT_EQ(result.error().code, c.code) << c.status;
    EXPECT_EQ(result.error().http_status, c.status);
    EXPECT_EQ(result.error().message, message);
    EXPECT_EQ(result.error().session, nullptr);
  }
}

TEST(WriteSessionTest, TransientAndUnexpectedStatusesMapToTypedCodesOnceRetriesEnd) {
  struct Case {
    int status;
    ErrorCode code;
  };
  for (auto c : {Case{202, ErrorCode::kHttpError}, Case{408, ErrorCode::kTimeout}, Case{500, ErrorCode::kServerError},
                 Case{502, ErrorCode::kServerError}, Case{503, ErrorCode::kServiceUnavailable},
                 Case{504, ErrorCode::kServerError}}) {
    ServiceHarness h([](ClientOptions& o) { o.retry.max_attempts = 1; });
    EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(c.status)));
    auto result = h.service->WriteSessionAsync(NewSessionWithCustomProperty(), SessionWriteMode::kCreateNew).get();
    ASSERT_FALSE(result.ok()) << c.status;
    EXPECT_EQ(result.error().code, c.code) << c.status;
    EXPECT_EQ(result.error().http_status, c.status);
    EXPECT_EQ(result.error().attempts, 1);
  }
}

TEST(WriteSessionTest, Status429JsonBodyBecomesAReadableThrottledError) {
  ServiceHarness h([](ClientOptions& o) { o.retry.max_attempts = 1; });
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(
          429, {{"Content-Type", "application/json"}, {"Retry-After", "5"}},
          R"({"version":1,"currentRequests":13,"maxRequests":10,"periodInSeconds":15,"limitType":"rate"})")));
  auto result = h.service->WriteSessionAsync(NewSessionWithCustomProperty(), SessionWriteMode::kUpdateOrCreateNew).get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kThrottled);
  EXPECT_EQ(result.error().http_status, 429);
  EXPECT_NE(result.error().message.find("13 of 10 allowed in 15 s (rate limit)"), std::string::npos)
      << result.error().message;
  ASSERT_TRUE(result.error().retry_after.has_value());
  EXPECT_EQ(*result.error().retry_after, h.clock->SystemNow() + std::chrono::seconds(5));
}

TEST(WriteSessionTest, Status503IsRetriedForAnUnconditionalWrite) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(503, {{"Retry-After", "1"}})))
      .WillOnce(Return(RespondWith(200, JsonHeaders("\"e\""), SessionJson())));
  auto result = h.service->WriteSessionAsync(NewSessionWithCustomProperty(), SessionWriteMode::kUpdateOrCreateNew).get();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->attempts, 2);
}

TEST(WriteSessionTest, Status500IsNotRetriedForAnUnconditionalWrite) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(500)));
  auto result = h.service->WriteSessionAsync(NewSessionWithCustomProperty(), SessionWriteMode::kUpdateOrCreateNew).get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kServerError);
  EXPECT_EQ(result.error().attempts, 1);
}

TEST(WriteSessionTest, CallerMayAllowRetriesOfUnconditionalWrites) {
  ServiceHarness h([](ClientOptions& o) { o.retry_unconditional_writes = true; });
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(FailWith(ErrorCode::kNetwork, "broken pipe")))
      .WillOnce(Return(RespondWith(500)))
      .WillOnce(Return(RespondWith(200, JsonHeaders("\"e\""), SessionJson())));
  auto result = h.service->WriteSessionAsync(NewSessionWithCustomProperty(), SessionWriteMode::kUpdateOrCreateNew).get();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(result->attempts, 3);
}

TEST(WriteSessionTest, Status500IsRetriedForAConditionalWrite) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(500)))
      .WillOnce(Return(RespondWith(200, JsonHeaders("\"e\""), SessionJson())));
  auto result = h.service->WriteSessionAsync(NewSessionWithCustomProperty(), SessionWriteMode::kCreateNew).get();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->attempts, 2);
}

TEST(WriteSessionTest, MalformedOrTruncatedBodiesGiveMalformedResponse) {
  std::string const full = SessionJson();
  for (std::string body : {std::string("{not json"), full.substr(0, full.size() / 2), std::string("[1,2]"),
                           std::string(""), std::string("\"text\""), std::string(R"({"members":7})")}) {
    ServiceHarness h;
    EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(200, JsonHeaders("\"e\""), body)));
    auto result = h.service->WriteSessionAsync(NewSessionWithCustomProperty(), SessionWriteMode::kUpdateExisting).get();
    ASSERT_FALSE(result.ok()) << body;
    EXPECT_EQ(result.error().code, ErrorCode::kMalformedResponse) << body;
    EXPECT_EQ(result.error().http_status, 200);
  }
}

TEST(WriteSessionTest, CurrentUserIsCarriedToTheReturnedSession) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(200, JsonHeaders("\"e\""), SessionJson())));
  auto session = NewSessionWithCustomProperty();
  session.set_current_user_xuid("1001");
  auto result = h.service->WriteSessionAsync(session, SessionWriteMode::kUpdateOrCreateNew).get();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->session->current_user_xuid(), "1001");
}

TEST(WriteSessionTest, IncompleteReferenceIsRejectedWithoutSending) {
  ServiceHarness h;
  MultiplayerSession session(multiplayer::SessionReference{"scid", "", "name"});
  auto result = h.service->WriteSessionAsync(session, SessionWriteMode::kCreateNew).get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
}

TEST(WriteSessionTest, TransportFailureOfAnUnconditionalWriteIsReturnedNotRetried) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(FailWith(ErrorCode::kNetwork, "connection reset")));
  auto result = h.service->WriteSessionAsync(NewSessionWithCustomProperty(), SessionWriteMode::kUpdateOrCreateNew).get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kNetwork);
  EXPECT_EQ(result.error().attempts, 1);
}

TEST(WriteSessionByHandleTest, PutsToTheHandleAndTakesTheReferenceFromContentLocation) {
  ServiceHarness h;
  HttpRequest sent;
  auto headers = JsonHeaders("\"h1\"");
  headers["Content-Location"] = "/serviceconfigs/scid-2/sessiontemplates/game/sessions/match%201";
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Invoke(CaptureAndRespond(&sent, HttpResponse(200, headers, SessionJson()))));
  MultiplayerSession session{multiplayer::SessionReference{}};
  session.set_current_user_xuid("1001");
  ASSERT_TRUE(session.Join().ok());
  auto result =
      h.service->WriteSessionByHandleAsync(session, SessionWriteMode::kUpdateOrCreateNew, "a1b2-c3").get();
  EXPECT_EQ(sent.method, "PUT");
  EXPECT_EQ(sent.url, "https://mpsd.test/handles/a1b2-c3/session");
  EXPECT_EQ(HeaderValue(sent.headers, "x-xbl-contract-version"), "107");
  EXPECT_EQ(nlohmann::json::parse(sent.body), nlohmann::json(session.RequestBody()));
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(result->session->reference(), (multiplayer::SessionReference{"scid-2", "game", "match 1"}));
  EXPECT_EQ(result->session->etag(), "\"h1\"");
}

TEST(WriteSessionByHandleTest, MissingContentLocationIsAMalformedResponse) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(200, JsonHeaders("\"h1\""), SessionJson())));
  MultiplayerSession session{multiplayer::SessionReference{}};
  auto result = h.service->WriteSessionByHandleAsync(session, SessionWriteMode::kUpdateOrCreateNew, "h").get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kMalformedResponse);
}

TEST(WriteSessionByHandleTest, EmptyHandleIsRejected) {
  ServiceHarness h;
  auto result = h.service->WriteSessionByHandleAsync(NewSessionWithCustomProperty(), SessionWriteMode::kCreateNew, "").get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace xbl::testing
