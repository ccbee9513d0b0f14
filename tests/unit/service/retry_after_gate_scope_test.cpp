// The Retry-After gate belongs to the ServiceContext: services built on one context, or on
// contexts given the same gate, must not reach an endpoint while a 503's Retry-After from it is
// pending, nor while a 429's is pending for the same user. Nothing is shared process-wide.
#include "service_test_support.h"

namespace xbl::testing {
namespace {

using ::testing::_;
using ::testing::Return;
namespace mp = xbl::multiplayer;

/// A service over its own strict transport and context; `shared_gate` is the gate its context
/// shares with other contexts (null: a gate of its own).
struct Service {
  Service(std::shared_ptr<ManualClock> clock, std::shared_ptr<RetryAfterGate> shared_gate,
          std::string endpoint = kEndpoint, bool gate = true, int max_attempts = 10, std::string user_xuid = "1001")
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
    context = ServiceContext::Create(transport, options, std::move(shared_gate));
    service = std::make_unique<mp::MultiplayerService>(context);
  }
  Result<mp::SessionResult> Get() { return service->GetCurrentSessionAsync(Reference()).get(); }

  std::shared_ptr<::testing::StrictMock<MockHttpTransport>> transport;
  std::shared_ptr<ServiceContext> context;
  std::unique_ptr<mp::MultiplayerService> service;
};

/// A gate for several contexts on `clock`.
std::shared_ptr<RetryAfterGate> GateOn(std::shared_ptr<ManualClock> const& clock) {
  return std::make_shared<RetryAfterGate>(clock);
}

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

TEST(RetryAfterGateScopeTest, A503HoldsBackAnotherUsersServiceOnTheSameEndpoint) {
  auto clock = std::make_shared<ManualClock>();
  auto gate = GateOn(clock);
  Service first(clock, gate), second(clock, gate, kEndpoint, true, 10, "2002");
  HoldBack(first, 503);
  auto result = second.Get();  // StrictMock: a send would fail the test
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kServiceUnavailable);
  EXPECT_EQ(result.error().attempts, 0);
  ASSERT_TRUE(result.error().retry_after.has_value());
  EXPECT_EQ(*result.error().retry_after, clock->SystemNow() + std::chrono::seconds(60));
}

TEST(RetryAfterGateScopeTest, A429HoldsBackTheSameUsersOtherService) {
  auto clock = std::make_shared<ManualClock>();
  auto gate = GateOn(clock);
  Service first(clock, gate), second(clock, gate);  // both user 1001
  HoldBack(first, 429);
  auto result = second.Get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kThrottled);
  EXPECT_EQ(result.error().attempts, 0);
}

TEST(RetryAfterGateScopeTest, A429DoesNotHoldBackOtherUsers) {
  auto clock = std::make_shared<ManualClock>();
  auto gate = GateOn(clock);
  Service first(clock, gate), other_user(clock, gate, kEndpoint, true, 10, "2002"),
      anonymous(clock, gate, kEndpoint, true, 10, "");
  HoldBack(first, 429);
  ExpectSentAndAnswered(other_user);
  ExpectSentAndAnswered(anonymous);
}

TEST(RetryAfterGateScopeTest, AnotherServiceWaitsOutAShortRetryAfterBeforeSending) {
  auto clock = std::make_shared<ManualClock>();
  auto gate = GateOn(clock);
  Service first(clock, gate, kEndpoint, true, /*max_attempts=*/1), second(clock, gate, kEndpoint, true, 10, "2002");
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

TEST(RetryAfterGateScopeTest, OtherEndpointsAreNotHeldBack) {
  auto clock = std::make_shared<ManualClock>();
  auto gate = GateOn(clock);
  Service first(clock, gate), elsewhere(clock, gate, "https://other-mpsd.test");
  HoldBack(first);
  ExpectSentAndAnswered(elsewhere);
}

TEST(RetryAfterGateScopeTest, ContextsWithGatesOfTheirOwnDoNotHoldEachOtherBack) {
  auto clock = std::make_shared<ManualClock>();
  Service first(clock, nullptr), second(clock, nullptr, kEndpoint, true, 10, "2002");  // same endpoint and clock
  HoldBack(first, 503);
  ExpectSentAndAnswered(second);
}

TEST(RetryAfterGateScopeTest, AGateOnAnotherClockIsNotShared) {
  auto clock = std::make_shared<ManualClock>();
  auto gate = GateOn(clock);
  Service first(clock, gate), other_clock(std::make_shared<ManualClock>(), gate);
  EXPECT_NE(other_clock.context->retry_after_gate(), gate);
  HoldBack(first);
  ExpectSentAndAnswered(other_clock);
}

TEST(RetryAfterGateScopeTest, ServicesOnOneContextShareItsGate) {
  auto clock = std::make_shared<ManualClock>();
  Service first(clock, nullptr);
  mp::MultiplayerService second(first.context);  // another service on the same context
  HoldBack(first, 503);
  auto result = second.GetCurrentSessionAsync(Reference()).get();  // StrictMock: a send would fail the test
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kServiceUnavailable);
  EXPECT_EQ(result.error().attempts, 0);
}

TEST(RetryAfterGateScopeTest, AServiceWithTheGateOffIsNotHeldBack) {
  auto clock = std::make_shared<ManualClock>();
  auto gate = GateOn(clock);
  Service first(clock, gate), ungated(clock, gate, kEndpoint, /*gate=*/false);
  HoldBack(first);
  ExpectSentAndAnswered(ungated);
}

TEST(RetryAfterGateScopeTest, AContextsOwnGateEndsWithIt) {
  auto clock = std::make_shared<ManualClock>();
  std::weak_ptr<RetryAfterGate> gate;
  {
    Service first(clock, nullptr);
    gate = first.context->retry_after_gate();
    HoldBack(first);
  }
  EXPECT_TRUE(gate.expired());
  Service later(clock, nullptr);
  ExpectSentAndAnswered(later);
}

}  // namespace
}  // namespace xbl::testing
