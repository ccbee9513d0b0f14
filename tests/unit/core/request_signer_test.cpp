// ClientOptions::request_signer: every attempt is signed as it will be sent.
#include "retry_test_harness.h"
#include <gtest/gtest.h>
#include <stdexcept>
#include <thread>

namespace xbl::testing {
namespace {

using ::testing::_;
using ::testing::Invoke;
using ::testing::Return;

/// What a signer saw of one request.
struct Seen {
  std::string method;
  std::string url;
  std::string body;
  std::string authorization;
  bool had_signature = false;
};

TEST(RequestSignerTest, EachAttemptIsSignedAsSentAfterItsAuthorization) {
  RetryHarness h;
  h.context->auth = [](bool force, pplx::cancellation_token) {
    return pplx::task_from_result(Result<std::string>(force ? "XBL3.0 x=1;fresh" : "XBL3.0 x=1;stale"));
  };
  std::vector<Seen> seen;
  h.context->signer = [&](HttpRequest const& request, pplx::cancellation_token) {
    seen.push_back({request.method, request.url, request.body, HeaderValue(request.headers, "Authorization"),
                    request.headers.count("Signature") != 0});
    return pplx::task_from_result(Result<std::string>("sig-" + std::to_string(seen.size())));
  };
  std::vector<std::string> signatures;
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Invoke([&](HttpRequest r, pplx::cancellation_token) {
        signatures.push_back(HeaderValue(r.headers, "Signature"));
        return RespondWith(401);
      }))
      .WillOnce(Invoke([&](HttpRequest r, pplx::cancellation_token) {
        signatures.push_back(HeaderValue(r.headers, "Signature"));
        return RespondWith(503);
      }))
      .WillOnce(Invoke([&](HttpRequest r, pplx::cancellation_token) {
        signatures.push_back(HeaderValue(r.headers, "Signature"));
        return RespondWith(200);
      }));
  auto result = h.Run(RetryHarness::Put());
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(result->attempts, 3);
  EXPECT_EQ(signatures, (std::vector<std::string>{"sig-1", "sig-2", "sig-3"}));
  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[0].authorization, "XBL3.0 x=1;stale");
  EXPECT_EQ(seen[1].authorization, "XBL3.0 x=1;fresh") << "the 401's retry is signed with the new token";
  for (auto const& s : seen) {
    EXPECT_EQ(s.method, "PUT");
    EXPECT_EQ(s.url, RetryHarness::Put().url);
    EXPECT_EQ(s.body, "{}");
    EXPECT_FALSE(s.had_signature) << "the signer never sees the previous attempt's signature";
  }
  auto const events = h.Events();
  ASSERT_EQ(events.size(), 3u);
  for (auto const& event : events) {
    EXPECT_EQ(HeaderValue(event.request_headers, "Signature"), kRedacted) << "signatures never reach the logs";
  }
}

TEST(RequestSignerTest, AFailingSignerEndsTheCallWithItsErrorAndNothingIsSent) {
  RetryHarness h;  // StrictMock: any send fails the test
  h.context->signer = [](HttpRequest const&, pplx::cancellation_token) {
    return pplx::task_from_result(Result<std::string>(Error(ErrorCode::kUnauthorized, "no device key")));
  };
  auto result = h.Run();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kUnauthorized);
  EXPECT_EQ(result.error().message, "no device key");
  EXPECT_EQ(result.error().attempts, 0);
}

TEST(RequestSignerTest, ASignerThatThrowsIsAnErrorNotACrash) {
  RetryHarness h;
  h.context->signer = [](HttpRequest const&, pplx::cancellation_token) -> pplx::task<Result<std::string>> {
    throw std::runtime_error("boom");
  };
  auto thrown = h.Run();
  ASSERT_FALSE(thrown.ok());
  EXPECT_EQ(thrown.error().code, ErrorCode::kUnauthorized);
  EXPECT_NE(thrown.error().message.find("boom"), std::string::npos) << thrown.error().message;

  h.context->signer = [](HttpRequest const&, pplx::cancellation_token) {
    return pplx::create_task([]() -> Result<std::string> { throw std::runtime_error("late boom"); });
  };
  auto faulted = h.Run();
  ASSERT_FALSE(faulted.ok());
  EXPECT_EQ(faulted.error().code, ErrorCode::kUnauthorized);
  EXPECT_NE(faulted.error().message.find("late boom"), std::string::npos) << faulted.error().message;
}

TEST(RequestSignerTest, CancellingWhileSigningIsACancellationNotAnAuthFailure) {
  RetryHarness h;  // StrictMock: nothing may be sent
  pplx::cancellation_token_source cts;
  h.context->signer = [&](HttpRequest const&, pplx::cancellation_token) {
    cts.cancel();  // the caller gives up while the signature is being made; the signer honours it
    return pplx::task_from_exception<Result<std::string>>(pplx::task_canceled());
  };
  auto result = h.Run(RetryHarness::Get(), internal::RetryClass::kIdempotent, cts.get_token());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kCancelled) << result.error().ToString();
}

TEST(RequestSignerTest, ASignatureThatArrivesLaterIsWaitedFor) {
  RetryHarness h;
  pplx::task_completion_event<Result<std::string>> signed_later;
  h.context->signer = [&](HttpRequest const&, pplx::cancellation_token) { return pplx::create_task(signed_later); };
  EXPECT_CALL(*h.transport, SendAsync(HasHeader("Signature", "sig-async"), _)).WillOnce(Return(RespondWith(200)));
  auto call = internal::SendWithRetry(h.context, RetryHarness::Get(), internal::RetryClass::kIdempotent,
                                      pplx::cancellation_token::none());
  std::thread signer([&] { signed_later.set(Result<std::string>("sig-async")); });
  auto result = WaitFor(call, std::chrono::seconds(10));
  signer.join();
  ASSERT_TRUE(result.has_value()) << "the call never finished";
  ASSERT_TRUE(result->ok()) << result->error().ToString();
  EXPECT_EQ((*result)->response.status, 200);
}

}  // namespace
}  // namespace xbl::testing
