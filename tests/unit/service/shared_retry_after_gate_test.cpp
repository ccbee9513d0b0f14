// The Retry-After gate is per endpoint across services: a second MultiplayerService calling the
// same endpoint (on the same clock) must not reach the service while a 503's Retry-After is
// pending, nor while a 429's is pending for the same user.
#include "service_test_support.h"

namespace xbl::testing {
namespace {

using ::testing::_;
using ::testing::Return;
namespace mp = xbl::multiplayer;

/// A service over its own strict transport; `clock` is shared with other services when given.
struct Service {
  Service(std::shared_ptr<ManualClock> clock, std::string endpoint = kEndpoint, bool gate = true,
          int max_attempts = 10, std::string user_xuid = "1001")
      : transport(std::make_shared<::testing::StrictMock<MockHttpTransport>>()) {
    ClientOptions options;
    options.endpoint = std::move(endpoint);
    options.honor_environment = false;
    options.clock = clock;
    options.sleeper = std::make_shared<ManualSleeper>(clock);
    options.jitter = [] { return 0.0; };
    options.retry_after_gate = gate;
    options.retry.max_attempts = max_attempts;
    options.user_xuid = std::move(user_xuid);
    service = std::make_unique<mp::MultiplayerService>(transport, options);
  }
  Result<mp::SessionResult> Get() { return service->GetCurrentSessionAsync(Reference()).get(); }

  std::shared_ptr<::testing::StrictMock<MockHttpTransport>> transport;
  std::unique_ptr<mp::MultiplayerService> service;
};

/// Expects `service`'s call to reach the transport and succeed.
void ExpectSentAndAnswered(Service& service) {
  EXPECT_CALL(*service.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(200, JsonHeaders("\"e\""), SessionJson())));
  EXPECT_TRUE(service.Get().ok());
}

/// Makes `service` receive `status` with a Retry-After (60 s) past the 20 s window.
void HoldBack(Service& service, int status = 503) {
  EXPECT_CALL(*service.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(status, {{"Retry-After", "60"}})));
  auto result = service.Get();
  ASSERT_FALSE(result.ok());
  ASSERT_EQ(result.error().http_status, status);
}

TEST(SharedRetryAfterGateTest, A503HoldsBackAnotherUsersServiceOnTheSameEndpoint) {
  auto clock = std::make_shared<ManualClock>();
  Service first(clock), second(clock, kEndpoint, true, 10, "2002");
  HoldBack(first, 503);
  auto result = second.Get();  // StrictMock: a send would fail the test
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kServiceUnavailable);
  EXPECT_EQ(result.error().attempts, 0);
  ASSERT_TRUE(result.error().retry_after.has_value());
  EXPECT_EQ(*result.error().retry_after, clock->SystemNow() + std::chrono::seconds(60));
}

TEST(SharedRetryAfterGateTest, A429HoldsBackTheSameUsersOtherService) {
  auto clock = std::make_shared<ManualClock>();
  Service first(clock), second(clock);  // both user 1001
  HoldBack(first, 429);
  auto result = second.Get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kThrottled);
  EXPECT_EQ(result.error().attempts, 0);
}

TEST(SharedRetryAfterGateTest, A429DoesNotHoldBackOtherUsers) {
  auto clock = std::make_shared<ManualClock>();
  Service first(clock), other_user(clock, kEndpoint, true, 10, "2002"), anonymous(clock, kEndpoint, true, 10, "");
  HoldBack(first, 429);
  ExpectSentAndAnswered(other_user);
  ExpectSentAndAnswered(anonymous);
}

TEST(SharedRetryAfterGateTest, AnotherServiceWaitsOutAShortRetryAfterBeforeSending) {
  auto clock = std::make_shared<ManualClock>();
  Service first(clock, kEndpoint, true, /*max_attempts=*/1), second(clock, kEndpoint, true, 10, "2002");
  EXPECT_CALL(*first.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(503, {{"Retry-After", "4"}})));
  std::chrono::milliseconds sent_at{-1};
  EXPECT_CALL(*second.transport, SendAsync(_, _)).WillOnce([&](HttpRequest, pplx::cancellation_token) {
    sent_at = clock->elapsed();
    return RespondWith(200, JsonHeaders("\"e\""), SessionJson());
  });
  auto first_result = first.Get();  // one attempt allowed: the 503 comes back, the gate stays set
  ASSERT_FALSE(first_result.ok());
  EXPECT_EQ(first_result.error().http_status, 503);
  ASSERT_TRUE(second.Get().ok());
  EXPECT_EQ(sent_at, std::chrono::seconds(4));
}

TEST(SharedRetryAfterGateTest, OtherEndpointsAreNotHeldBack) {
  auto clock = std::make_shared<ManualClock>();
  Service first(clock), elsewhere(clock, "https://other-mpsd.test");
  HoldBack(first);
  ExpectSentAndAnswered(elsewhere);
}

TEST(SharedRetryAfterGateTest, ServicesOnDifferentClocksDoNotShareAGate) {
  auto clock = std::make_shared<ManualClock>();
  Service first(clock), other_clock(std::make_shared<ManualClock>());
  HoldBack(first);
  ExpectSentAndAnswered(other_clock);
}

TEST(SharedRetryAfterGateTest, AServiceWithTheGateOffIsNotHeldBack) {
  auto clock = std::make_shared<ManualClock>();
  Service first(clock), ungated(clock, kEndpoint, /*gate=*/false);
  HoldBack(first);
  ExpectSentAndAnswered(ungated);
}

TEST(SharedRetryAfterGateTest, TheGateEndsWithTheLastServiceHoldingIt) {
  auto clock = std::make_shared<ManualClock>();
  {
    Service first(clock);
    HoldBack(first);
  }
  Service later(clock);
  ExpectSentAndAnswered(later);
}

}  // namespace
}  // namespace xbl::testing
