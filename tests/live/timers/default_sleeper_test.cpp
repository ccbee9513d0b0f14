#include "retry_test_harness.h"
#include "xbl/clock.h"
#include <gtest/gtest.h>

namespace xbl::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(DefaultSleeperTest, CompletesAfterTheDelay) {
  auto sleeper = MakeDefaultSleeper();
  auto const start = std::chrono::steady_clock::now();
  auto result = WaitFor(sleeper->SleepAsync(milliseconds(20), pplx::cancellation_token::none()));
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->ok());
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(20));
}

TEST(DefaultSleeperTest, CancellationEndsALongWaitAtOnce) {
  auto sleeper = MakeDefaultSleeper();
  pplx::cancellation_token_source cts;
  auto task = sleeper->SleepAsync(seconds(600), cts.get_token());
  cts.cancel();
  auto result = WaitFor(task, seconds(5));
  ASSERT_TRUE(result.has_value()) << "a 600 s wait did not end on cancellation";
  ASSERT_FALSE(result->ok());
  EXPECT_EQ(result->error().code, ErrorCode::kCancelled);
}

TEST(DefaultSleeperTest, AlreadyCancelledTokenFailsAtOnce) {
  auto sleeper = MakeDefaultSleeper();
  pplx::cancellation_token_source cts;
  cts.cancel();
  auto result = sleeper->SleepAsync(seconds(600), cts.get_token()).get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kCancelled);
}

}  // namespace
}  // namespace xbl::testing
