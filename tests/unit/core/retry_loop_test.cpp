#include "retry_test_harness.h"
#include "wait_for.h"
#include <gtest/gtest.h>
#include <atomic>
#include <thread>

namespace xbl::testing {
namespace {

using ::testing::_;
using ::testing::Field;
using ::testing::Invoke;
using ::testing::Return;
using std::chrono::milliseconds;
using std::chrono::seconds;

RetrySettings Settings(milliseconds initial = seconds(2), milliseconds cap = seconds(60),
                       milliseconds window = seconds(20), int max_attempts = 10) {
  RetrySettings settings;
  settings.initial_delay = initial;
  settings.max_delay = cap;
  settings.window = window;
  settings.max_attempts = max_attempts;
  return settings;
}

TEST(RetryLoopTest, Status429WithRetryAfter3IsNotRetriedBefore3Seconds) {
  RetryHarness h(Settings(milliseconds(500)));
  milliseconds second_attempt_at{-1};
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(429, {{"Retry-After", "3"}}, R"({"limitType":"rate"})")))
      .WillOnce(Invoke([&](HttpRequest, pplx::cancellation_token) {
        second_attempt_at = h.clock->elapsed();
        return RespondWith(200, {}, "{}");
      }));
  auto result = h.Run();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(result->response.status, 200);
  EXPECT_EQ(result->attempts, 2);
  EXPECT_GE(second_attempt_at, seconds(3));
  EXPECT_EQ(h.sleeper->sleeps(), std::vector<milliseconds>{seconds(3)});
}

TEST(RetryLoopTest, RetryAfterReplacesTheBackoffWithZeroJitter) {
  RetryHarness h(Settings(seconds(2)), /*jitter=*/0.0);  // backoff alone would be 2 s
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(503, {{"Retry-After", "1"}})))
      .WillOnce(Return(RespondWith(200)));
  auto result = h.Run();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(h.sleeper->sleeps(), std::vector<milliseconds>{seconds(1)});
}

TEST(RetryLoopTest, RetryAfterWithFullJitterWaitsATenthLonger) {
  RetryHarness h(Settings(seconds(2)), /*jitter=*/1.0);  // backoff alone would be 4 s
  milliseconds second_attempt_at{-1};
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(503, {{"Retry-After", "1"}})))
      .WillOnce(Invoke([&](HttpRequest, pplx::cancellation_token) {
        second_attempt_at = h.clock->elapsed();
        return RespondWith(200);
      }));
  auto result = h.Run();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(h.sleeper->sleeps(), std::vector<milliseconds>{milliseconds(1100)});
  EXPECT_EQ(second_attempt_at, milliseconds(1100));
}

TEST(RetryLoopTest, RetryAfterJitterIsCappedAtOneSecond) {
  RetryHarness h(Settings(seconds(2), seconds(60), seconds(60)), /*jitter=*/1.0);
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(429, {{"Retry-After", "30"}})))
      .WillOnce(Return(RespondWith(200)));
  auto result = h.Run();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(h.sleeper->sleeps(), std::vector<milliseconds>{seconds(31)});
}

TEST(RetryLoopTest, WithoutRetryAfterTheBackoffContinuesExponentially) {
  RetryHarness h(Settings(seconds(2)), /*jitter=*/0.0);
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(503, {{"Retry-After", "1"}})))
      .WillOnce(Return(RespondWith(503)))
      .WillOnce(Return(RespondWith(200)));
  auto result = h.Run();
  ASSERT_TRUE(result.ok());
  // The second wait is the backoff after two failed attempts: 4 s.
  EXPECT_EQ(h.sleeper->sleeps(), (std::vector<milliseconds>{seconds(1), seconds(4)}));
}

TEST(RetryLoopTest, RetryAfterThatIsNotDeltaSecondsOrADateIsIgnored) {
  for (char const* value : {"-5", "1.5", "soon"}) {
    RetryHarness h(Settings(seconds(2)), /*jitter=*/0.0);
    EXPECT_CALL(*h.transport, SendAsync(_, _))
        .WillOnce(Return(RespondWith(503, {{"Retry-After", value}})))
        .WillOnce(Return(RespondWith(200)));
    auto result = h.Run();
    ASSERT_TRUE(result.ok()) << value;
    EXPECT_EQ(h.sleeper->sleeps(), std::vector<milliseconds>{seconds(2)}) << value;
  }
}

TEST(RetryLoopTest, RetryAfterZeroRetriesAtOnce) {
  RetryHarness h(Settings(seconds(2)), /*jitter=*/1.0);
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(503, {{"Retry-After", "0"}})))
      .WillOnce(Return(RespondWith(200)));
  auto result = h.Run();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(h.sleeper->sleeps(), std::vector<milliseconds>{milliseconds(0)});
}

TEST(RetryLoopTest, RetryAfterHttpDateFormIsHonoured) {
  RetryHarness h(Settings(milliseconds(100)));
  // ManualClock's wall time starts at 2026-01-01T00:00:00Z (a Thursday).
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(503, {{"Retry-After", "Thu, 01 Jan 2026 00:00:05 GMT"}})))
      .WillOnce(Return(RespondWith(200)));
  auto result = h.Run();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(h.sleeper->sleeps(), std::vector<milliseconds>{seconds(5)});
}

TEST(RetryLoopTest, RetryAfterPastTheWindowFailsAtOnceWithThrottled) {
  RetryHarness h(Settings());
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(429, {{"Retry-After", "30"}}, "{}")));
  auto result = h.Run();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kThrottled);
  EXPECT_EQ(result.error().http_status, 429);
  EXPECT_EQ(result.error().attempts, 1);
  ASSERT_TRUE(result.error().retry_after.has_value());
  EXPECT_EQ(*result.error().retry_after, h.clock->SystemNow() + seconds(30));
  EXPECT_TRUE(h.sleeper->sleeps().empty());
}

TEST(RetryLoopTest, ServiceUnavailableRetryAfterPastTheWindowFailsAtOnce) {
  RetryHarness h(Settings());
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(503, {{"Retry-After", "120"}})));
  auto result = h.Run();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kServiceUnavailable);
  EXPECT_NE(result.error().message.find("retry after 120 s"), std::string::npos) << result.error().message;
}

TEST(RetryLoopTest, A503StormEndsInsideTheWindowWithBoundedAttempts) {
  RetryHarness h(Settings(seconds(2), seconds(60), seconds(20)));
  int calls = 0;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillRepeatedly(Invoke([&](HttpRequest, pplx::cancellation_token) {
    ++calls;
    return RespondWith(503);
  }));
  auto result = h.Run();
  ASSERT_TRUE(result.ok());  // the last response is returned; the service maps it
  EXPECT_EQ(result->response.status, 503);
  // Jitter 0: waits 2, 4, 8 s (14 s); the next (16 s) would pass the 20 s window.
  EXPECT_EQ(calls, 4);
  EXPECT_EQ(result->attempts, 4);
  EXPECT_EQ(h.sleeper->sleeps(), (std::vector<milliseconds>{seconds(2), seconds(4), seconds(8)}));
  EXPECT_LE(h.clock->elapsed(), seconds(20));
}

TEST(RetryLoopTest, AttemptTimeoutIsClampedToWhatIsLeftOfTheWindow) {
  RetryHarness h(Settings(seconds(2), seconds(60), seconds(20)));  // attempt_timeout is 10 s
  std::vector<milliseconds> timeouts;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillRepeatedly(Invoke([&](HttpRequest request, pplx::cancellation_token) {
    timeouts.push_back(request.timeout);
    h.clock->Advance(seconds(1));  // each attempt takes a second before the 503
    return RespondWith(503);
  }));
  auto result = h.Run();
  ASSERT_TRUE(result.ok());
  // Attempts start at 0, 3, 8 and 17 s (1 s attempts, waits 2, 4, 8 s): 20 s window minus that,
  // capped at the 10 s attempt timeout. The next wait (16 s) would pass the window.
  EXPECT_EQ(timeouts, (std::vector<milliseconds>{seconds(10), seconds(10), seconds(10), seconds(3)}));
  EXPECT_EQ(result->attempts, 4);
}

TEST(RetryLoopTest, ARequestsOwnTimeoutIsAlsoClampedToTheWindow) {
  RetryHarness h(Settings(seconds(2), seconds(60), seconds(5)));
  HttpRequest request = RetryHarness::Get();
  request.timeout = seconds(30);
  EXPECT_CALL(*h.transport, SendAsync(Field(&HttpRequest::timeout, milliseconds(seconds(5))), _))
      .WillOnce(Return(RespondWith(200)));
  EXPECT_TRUE(h.Run(request).ok());
}

TEST(RetryLoopTest, AZeroWindowMakesOneAttemptWithTheConfiguredTimeout) {
  RetryHarness h(Settings(seconds(2), seconds(60), milliseconds(0)));
  EXPECT_CALL(*h.transport, SendAsync(Field(&HttpRequest::timeout, milliseconds(seconds(10))), _))
      .WillOnce(Return(RespondWith(503)));
  auto result = h.Run();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->attempts, 1);
}

TEST(RetryLoopTest, NoRetryIsScheduledThatWouldStartWithNoTimeLeft) {
  RetryHarness h(Settings(seconds(2), seconds(60), seconds(6)));
  EXPECT_CALL(*h.transport, SendAsync(_, _)).Times(2).WillRepeatedly(Return(RespondWith(503)));
  auto result = h.Run();
  ASSERT_TRUE(result.ok());
  // Waits 2 s, then a 4 s wait would end exactly at the 6 s window: no attempt is left to make.
  EXPECT_EQ(result->attempts, 2);
  EXPECT_EQ(h.sleeper->sleeps(), std::vector<milliseconds>{seconds(2)});
}

TEST(RetryLoopTest, MaxAttemptsBoundsRetriesInsideTheWindow) {
  RetryHarness h(Settings(milliseconds(10), seconds(1), seconds(20), 3));
  EXPECT_CALL(*h.transport, SendAsync(_, _)).Times(3).WillRepeatedly(Return(RespondWith(500)));
  auto result = h.Run();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->attempts, 3);
}

TEST(RetryLoopTest, NonTransientStatusIsReturnedWithoutRetry) {
  RetryHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(412, {}, "{}")));
  auto result = h.Run(RetryHarness::Put());
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->response.status, 412);
  EXPECT_EQ(result->attempts, 1);
}

TEST(RetryLoopTest, UnconditionalWriteRetriesOn503ButNotOn500) {
  RetryHarness h(Settings(milliseconds(10)));
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(503)))
      .WillOnce(Return(RespondWith(500)));
  auto result = h.Run(RetryHarness::Put(), internal::RetryClass::kThrottledOnly);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->response.status, 500);
  EXPECT_EQ(result->attempts, 2);
}

TEST(RetryLoopTest, UnconditionalWriteIsNotRetriedOnNetworkFailure) {
  RetryHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(FailWith(ErrorCode::kNetwork, "connection reset")));
  auto result = h.Run(RetryHarness::Put(), internal::RetryClass::kThrottledOnly);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kNetwork);
  EXPECT_EQ(result.error().attempts, 1);
}

TEST(RetryLoopTest, IdempotentRequestRetriesTransportFailuresAndReportsAttempts) {
  RetryHarness h(Settings(milliseconds(10), seconds(1), seconds(20), 3));
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .Times(3)
      .WillRepeatedly(Return(FailWith(ErrorCode::kTimeout, "deadline passed")));
  auto result = h.Run();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kTimeout);
  EXPECT_EQ(result.error().attempts, 3);
  EXPECT_NE(result.error().message.find("after 3 attempts"), std::string::npos);
}

TEST(RetryLoopTest, GateMakesConcurrentCallsFailFastWhileRetryAfterIsPastTheirWindow) {
  RetryHarness h(Settings());
  EXPECT_CALL(*h.transport, SendAsync(_, _)).Times(1).WillOnce(Return(RespondWith(429, {{"Retry-After", "60"}})));
  auto first = h.Run();
  ASSERT_FALSE(first.ok());
  h.clock->Advance(seconds(1));
  auto second = h.Run();  // StrictMock: a second send would fail the test
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kThrottled);
  EXPECT_EQ(second.error().attempts, 0);
  ASSERT_TRUE(second.error().retry_after.has_value());
  EXPECT_EQ(*second.error().retry_after, *first.error().retry_after);
}

TEST(RetryLoopTest, GateFailFastCarriesTheCodeOfTheRecordedStatus) {
  RetryHarness h(Settings());
  EXPECT_CALL(*h.transport, SendAsync(_, _)).Times(1).WillOnce(Return(RespondWith(503, {{"Retry-After", "45"}})));
  auto first = h.Run();
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().code, ErrorCode::kServiceUnavailable);
  auto second = h.Run();
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kServiceUnavailable);
  EXPECT_EQ(second.error().http_status, 503);
  EXPECT_NE(second.error().message.find("nothing was sent"), std::string::npos);
}

TEST(RetryLoopTest, GateExpiresOnceItsTimeHasPassed) {
  RetryHarness h(Settings());
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(429, {{"Retry-After", "45"}})))
      .WillOnce(Return(RespondWith(200)));
  ASSERT_FALSE(h.Run().ok());
  h.clock->Advance(seconds(45));
  auto later = h.Run();
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(later->attempts, 1);
  EXPECT_TRUE(h.sleeper->sleeps().empty());
}

TEST(RetryLoopTest, GateWaitThatLeavesNoTimeForTheAttemptFailsFast) {
  RetryHarness h(Settings(seconds(2), seconds(60), milliseconds(19050), /*max_attempts=*/1));
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(503, {{"Retry-After", "19"}})));
  ASSERT_TRUE(h.Run().ok());  // one attempt allowed: the 503 comes back, the gate is set for 19 s
  auto second = h.Run();  // would wait 19 s of its 19.05 s window, leaving 50 ms: not sent
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kServiceUnavailable);
  EXPECT_EQ(second.error().attempts, 0);
  EXPECT_TRUE(h.sleeper->sleeps().empty());
}

TEST(RetryLoopTest, GateMakesOtherCallsWaitForAPendingRetryAfter) {
  RetryHarness h(Settings(seconds(2), seconds(60), seconds(20), /*max_attempts=*/1));
  milliseconds second_sent_at{-1};
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(503, {{"Retry-After", "3"}})))
      .WillOnce(Invoke([&](HttpRequest, pplx::cancellation_token) {
        second_sent_at = h.clock->elapsed();
        return RespondWith(200);
      }));
  auto first = h.Run();  // one attempt allowed: returns the 503, leaves the gate set
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->response.status, 503);
  auto second = h.Run();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->response.status, 200);
  EXPECT_GE(second_sent_at, seconds(3));
  EXPECT_EQ(h.sleeper->sleeps(), std::vector<milliseconds>{seconds(3)});
}

TEST(RetryLoopTest, CancellingDuringBackoffEndsTheCallPromptly) {
  RetryHarness h;
  h.sleeper->set_hold(true);
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(503)));
  pplx::cancellation_token_source cts;
  auto task = internal::SendWithRetry(h.context, RetryHarness::Get(), internal::RetryClass::kIdempotent,
                                      cts.get_token());
  testing_support::WaitUntil([&] { return !h.sleeper->sleeps().empty(); });
  ASSERT_EQ(h.sleeper->sleeps().size(), 1u) << "the call never reached its backoff";
  cts.cancel();
  auto result = WaitFor(task, seconds(5));
  ASSERT_TRUE(result.has_value()) << "cancellation did not end the backoff";
  ASSERT_FALSE(result->ok());
  EXPECT_EQ(result->error().code, ErrorCode::kCancelled);
  EXPECT_EQ(result->error().attempts, 1);
}

TEST(RetryLoopTest, AlreadyCancelledTokenSendsNothing) {
  RetryHarness h;
  pplx::cancellation_token_source cts;
  cts.cancel();
  auto result = h.Run(RetryHarness::Get(), internal::RetryClass::kIdempotent, cts.get_token());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kCancelled);
  EXPECT_EQ(result.error().attempts, 0);
}

TEST(RetryLoopTest, Unauthorized401RefreshesTheTokenOnceAndRetries) {
  RetryHarness h;
  std::vector<bool> refresh_flags;
  h.context->auth = [&](bool force, pplx::cancellation_token) {
    refresh_flags.push_back(force);
    return pplx::task_from_result(Result<std::string>(force ? "XBL3.0 x=1;fresh" : "XBL3.0 x=1;stale"));
  };
  EXPECT_CALL(*h.transport, SendAsync(HasHeader("Authorization", "XBL3.0 x=1;stale"), _))
      .WillOnce(Return(RespondWith(401)));
  EXPECT_CALL(*h.transport, SendAsync(HasHeader("Authorization", "XBL3.0 x=1;fresh"), _))
      .WillOnce(Return(RespondWith(200)));
  auto result = h.Run(RetryHarness::Put(), internal::RetryClass::kThrottledOnly);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->response.status, 200);
  EXPECT_EQ(result->attempts, 2);
  EXPECT_EQ(refresh_flags, (std::vector<bool>{false, true}));
  EXPECT_TRUE(h.sleeper->sleeps().empty());
}

TEST(RetryLoopTest, CancellingWhileTheTokenIsFetchedIsACancellation) {
  RetryHarness h;  // StrictMock: nothing may be sent
  pplx::cancellation_token_source cts;
  h.context->auth = [&](bool, pplx::cancellation_token) {
    cts.cancel();  // the provider honours the caller's token
    return pplx::task_from_exception<Result<std::string>>(pplx::task_canceled());
  };
  auto result = h.Run(RetryHarness::Get(), internal::RetryClass::kIdempotent, cts.get_token());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kCancelled) << result.error().ToString();
}

TEST(RetryLoopTest, A401ThatUsedUpTheWindowIsReturnedWithoutRetrying) {
  RetryHarness h;  // 20 s window
  h.context->auth = [](bool force, pplx::cancellation_token) {
    return pplx::task_from_result(Result<std::string>(force ? "XBL3.0 x=1;fresh" : "XBL3.0 x=1;stale"));
  };
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Invoke([&](HttpRequest, pplx::cancellation_token) {
    h.clock->Advance(milliseconds(19950));  // a slow 401: 50 ms of the window left
    return RespondWith(401);
  }));
  auto result = h.Run();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->response.status, 401);
  EXPECT_EQ(result->attempts, 1);
}

TEST(RetryLoopTest, Unauthorized401TwiceIsReturnedAfterOneRefresh) {
  RetryHarness h;
  int provider_calls = 0;
  h.context->auth = [&](bool, pplx::cancellation_token) {
    ++provider_calls;
    return pplx::task_from_result(Result<std::string>("XBL3.0 x=1;t"));
  };
  EXPECT_CALL(*h.transport, SendAsync(_, _)).Times(2).WillRepeatedly(Return(RespondWith(401)));
  auto result = h.Run();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->response.status, 401);
  EXPECT_EQ(provider_calls, 2);
}

TEST(RetryLoopTest, FailingTokenProviderFailsTheCallWithoutSending) {
  RetryHarness h;
  h.context->auth = [](bool, pplx::cancellation_token) {
    return pplx::task_from_result(Result<std::string>(Error(ErrorCode::kUnauthorized, "signed out")));
  };
  auto result = h.Run();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kUnauthorized);
  EXPECT_EQ(result.error().message, "signed out");
}

TEST(RetryLoopTest, EveryExchangeIsReportedWithAuthorizationRedacted) {
  RetryHarness h(Settings(milliseconds(100)));
  h.context->auth = StaticAuthToken("XBL3.0 x=1;secret");
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(503)))
      .WillOnce(Return(RespondWith(200, {{"ETag", "\"7\""}}, "{\"ok\":1}")));
  ASSERT_TRUE(h.Run(RetryHarness::Put()).ok());
  auto events = h.Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].attempt, 1);
  EXPECT_EQ(events[0].status, 503);
  EXPECT_EQ(events[1].attempt, 2);
  EXPECT_EQ(events[1].status, 200);
  EXPECT_EQ(events[1].method, "PUT");
  EXPECT_EQ(events[1].request_body, "{}");
  EXPECT_EQ(events[1].response_body, "{\"ok\":1}");
  EXPECT_EQ(HeaderValue(events[1].response_headers, "etag"), "\"7\"");
  for (auto const& event : events) EXPECT_EQ(HeaderValue(event.request_headers, "Authorization"), kRedacted);
  for (auto const& line : h.Logs()) EXPECT_EQ(line.find("secret"), std::string::npos) << line;
}

TEST(RetryLoopTest, EveryRetryDecisionIsLoggedAtVerboseWithReasonAndDelay) {
  RetryHarness h(Settings(seconds(2)));
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(503)))
      .WillOnce(Return(RespondWith(200)));
  ASSERT_TRUE(h.Run().ok());
  bool found = false;
  for (auto const& line : h.Logs()) {
    if (line.rfind("verbose: ", 0) == 0 && line.find("HTTP 503; retrying in 2000 ms") != std::string::npos) found = true;
  }
  EXPECT_TRUE(found);
}

TEST(RetryLoopTest, TransportAnsweringLaterFromAnotherThreadCompletesTheCall) {
  RetryHarness h;
  pplx::task_completion_event<Result<HttpResponse>> pending;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(pplx::create_task(pending)));
  auto task = internal::SendWithRetry(h.context, RetryHarness::Get(), internal::RetryClass::kIdempotent,
                                      pplx::cancellation_token::none());
  std::thread answer([pending] { pending.set(Result<HttpResponse>(HttpResponse(200, {}, "late"))); });
  auto result = WaitFor(task, seconds(5));
  answer.join();
  ASSERT_TRUE(result.has_value());
  ASSERT_TRUE(result->ok());
  EXPECT_EQ((*result)->response.body, "late");
}

TEST(RetryLoopTest, ThrowingTransportBecomesANetworkError) {
  RetryHarness h(Settings(milliseconds(10), seconds(1), seconds(20), 1));
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Invoke([](HttpRequest, pplx::cancellation_token) {
    return pplx::task_from_exception<Result<HttpResponse>>(std::runtime_error("boom"));
  }));
  auto result = h.Run();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kNetwork);
}

}  // namespace
}  // namespace xbl::testing
