#include "xbl/client_options.h"
#include "xbl/retry_policy.h"
#include <gtest/gtest.h>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace xbl {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using std::chrono::hours;

TEST(RetryPolicyTest, DefaultsAreTwoSixtyAndTwentySeconds) {
  RetrySettings settings;
  EXPECT_EQ(settings.initial_delay, seconds(2));
  EXPECT_EQ(settings.max_delay, seconds(60));
  EXPECT_EQ(settings.window, seconds(20));
}

TEST(RetryPolicyTest, DefaultsDoNotContradictEachOther) {
  ClientOptions options;
  // One attempt must fit in the window, and the first backoff too.
  EXPECT_LT(options.attempt_timeout, options.retry.window);
  EXPECT_LT(options.retry.initial_delay, options.retry.window);
  EXPECT_LE(options.retry.initial_delay, options.retry.max_delay);
  EXPECT_GT(options.retry.max_attempts, 1);
}

TEST(RetryPolicyTest, BackoffDoublesWithZeroJitter) {
  ExponentialBackoffRetryPolicy policy(RetrySettings{}, [] { return 0.0; });
  EXPECT_EQ(policy.BackoffDelay(1), seconds(2));
  EXPECT_EQ(policy.BackoffDelay(2), seconds(4));
  EXPECT_EQ(policy.BackoffDelay(3), seconds(8));
  EXPECT_EQ(policy.BackoffDelay(6), seconds(60));   // 64 s capped
  EXPECT_EQ(policy.BackoffDelay(1000), seconds(60));  // no overflow
}

TEST(RetryPolicyTest, JitterStaysInsideTheBackoffBand) {
  for (double jitter : {0.0, 0.25, 0.5, 1.0, -3.0, 7.0, std::numeric_limits<double>::quiet_NaN()}) {
    ExponentialBackoffRetryPolicy policy(RetrySettings{}, [jitter] { return jitter; });
    for (int attempt = 1; attempt <= 8; ++attempt) {
      auto const low = std::min<milliseconds>(seconds(2) * (1 << (attempt - 1)), seconds(60));
      auto const high = std::min<milliseconds>(low * 2, seconds(60));
      auto const delay = policy.BackoffDelay(attempt);
      EXPECT_GE(delay, low) << "jitter " << jitter << " attempt " << attempt;
      EXPECT_LE(delay, high) << "jitter " << jitter << " attempt " << attempt;
    }
  }
}

TEST(RetryPolicyTest, DefaultJitterDrawsFromZeroToOne) {
  auto jitter = DefaultJitter();
  for (int i = 0; i < 1000; ++i) {
    double const value = jitter();
    ASSERT_GE(value, 0.0);
    ASSERT_LE(value, 1.0);
  }
}

TEST(RetryPolicyTest, HalfJitterLandsMidBand) {
  ExponentialBackoffRetryPolicy policy(RetrySettings{}, [] { return 0.5; });
  EXPECT_EQ(policy.BackoffDelay(1), milliseconds(3000));
  EXPECT_EQ(policy.BackoffDelay(2), milliseconds(6000));
}

TEST(RetryPolicyTest, PushbackIsTheRetryAfterWithZeroJitter) {
  ExponentialBackoffRetryPolicy policy({}, [] { return 0.0; });
  EXPECT_EQ(policy.PushbackDelay(milliseconds(0)), milliseconds(0));
  EXPECT_EQ(policy.PushbackDelay(milliseconds(1500)), milliseconds(1500));
  EXPECT_EQ(policy.PushbackDelay(seconds(90)), seconds(90));
}

TEST(RetryPolicyTest, PushbackJitterAddsAtMostATenthAndAtMostOneSecond) {
  ExponentialBackoffRetryPolicy full({}, [] { return 1.0; });
  EXPECT_EQ(full.PushbackDelay(milliseconds(1500)), milliseconds(1650));
  EXPECT_EQ(full.PushbackDelay(seconds(10)), seconds(11));
  EXPECT_EQ(full.PushbackDelay(seconds(90)), seconds(91));
  ExponentialBackoffRetryPolicy half({}, [] { return 0.5; });
  EXPECT_EQ(half.PushbackDelay(seconds(2)), milliseconds(2100));
  ExponentialBackoffRetryPolicy out_of_range({}, [] { return 7.0; });
  EXPECT_EQ(out_of_range.PushbackDelay(seconds(2)), milliseconds(2200));
  ExponentialBackoffRetryPolicy negative({}, [] { return -3.0; });
  EXPECT_EQ(negative.PushbackDelay(seconds(2)), seconds(2)) << "never less than the Retry-After";
}

TEST(RetryPolicyTest, PushbackOfAYearDoesNotOverflow) {
  ExponentialBackoffRetryPolicy policy({}, [] { return 1.0; });
  EXPECT_EQ(policy.PushbackDelay(hours(24 * 365)), hours(24 * 365) + seconds(1));
}

TEST(RetryPolicyTest, TransientStatusesAreExactlyTheDocumentedOnes) {
  for (int status : {408, 429, 500, 502, 503, 504}) EXPECT_TRUE(IsTransientHttpStatus(status)) << status;
  for (int status : {200, 204, 304, 400, 401, 403, 404, 409, 412, 501}) EXPECT_FALSE(IsTransientHttpStatus(status)) << status;
}

std::chrono::system_clock::time_point Jan1st2026() { return std::chrono::system_clock::from_time_t(1767225600); }

TEST(ParseRetryAfterTest, DeltaSeconds) {
  EXPECT_EQ(ParseRetryAfter("3", Jan1st2026()), milliseconds(3000));
  EXPECT_EQ(ParseRetryAfter(" 120 ", Jan1st2026()), seconds(120));
  EXPECT_EQ(ParseRetryAfter("0", Jan1st2026()), milliseconds(0));
}

TEST(ParseRetryAfterTest, HttpDateForms) {
  EXPECT_EQ(ParseRetryAfter("Thu, 01 Jan 2026 00:00:07 GMT", Jan1st2026()), seconds(7));
  EXPECT_EQ(ParseRetryAfter("Thursday, 01-Jan-26 00:01:00 GMT", Jan1st2026()), seconds(60));
  EXPECT_EQ(ParseRetryAfter("Thu Jan  1 00:00:09 2026", Jan1st2026()), seconds(9));
}

TEST(ParseRetryAfterTest, PastDateMeansNow) {
  EXPECT_EQ(ParseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", Jan1st2026()), milliseconds(0));
}

TEST(ParseRetryAfterTest, FarFutureValuesAreCappedAtAYear) {
  milliseconds const year = hours(24 * 365);
  EXPECT_EQ(ParseRetryAfter("Fri, 31 Dec 9999 23:59:59 GMT", Jan1st2026()), year) << "past system_clock's range";
  EXPECT_EQ(ParseRetryAfter("Sat, 01 Jan 2028 00:00:00 GMT", Jan1st2026()), year);
  EXPECT_EQ(ParseRetryAfter("999999999", Jan1st2026()), year);
  EXPECT_EQ(ParseRetryAfter("99999999999999", Jan1st2026()), year);
}

TEST(ParseRetryAfterTest, DatesBeforeTheClocksRangeMeanNow) {
  // 1678 and earlier do not fit system_clock's nanoseconds: still "now", never a wait of centuries.
  EXPECT_EQ(ParseRetryAfter("Sat, 01 Jan 1600 00:00:00 GMT", Jan1st2026()), milliseconds(0));
  EXPECT_EQ(ParseRetryAfter("Mon, 01 Jan 0001 00:00:00 GMT", Jan1st2026()), milliseconds(0));
  EXPECT_EQ(ParseRetryAfter("Thu, 01 Jan 1970 00:00:00 GMT", Jan1st2026()), milliseconds(0));
}

TEST(ParseRetryAfterTest, ADateIsCountedFromNowIncludingItsFraction) {
  auto const now = Jan1st2026() + milliseconds(250);
  EXPECT_EQ(ParseRetryAfter("Thu, 01 Jan 2026 00:00:07 GMT", now), milliseconds(6750));
  EXPECT_EQ(ParseRetryAfter("Thu, 01 Jan 2026 00:00:00 GMT", now), milliseconds(0));
}

TEST(ParseRetryAfterTest, ADateAYearAheadOfAClockBefore1970StaysWithinTheCap) {
  // Half a second before 1970, a date exactly a year after the whole second gave a year and a half
  // second; the fuzz seed tests/fuzz/seeds/fuzz_retry_after/before_1970_a_year_ahead is this case.
  auto const now = std::chrono::system_clock::time_point(milliseconds(-500));
  milliseconds const year = hours(24 * 365);
  EXPECT_EQ(ParseRetryAfter("Fri, 01 Jan 1971 00:00:00 GMT", now), year);
  EXPECT_EQ(ParseRetryAfter("Thu, 31 Dec 1970 23:59:59 GMT", now), year - milliseconds(500));
}

TEST(ParseRetryAfterTest, AbsurdDeltasAreCappedOrRejected) {
  milliseconds const year = hours(24 * 365);
  EXPECT_EQ(ParseRetryAfter("18446744073709551616", Jan1st2026()), year) << "past uint64";
  EXPECT_EQ(ParseRetryAfter(std::string(5000, '9'), Jan1st2026()), year);
  EXPECT_EQ(ParseRetryAfter("31536001", Jan1st2026()), year) << "a second over a year";
  EXPECT_EQ(ParseRetryAfter("0000000003", Jan1st2026()), seconds(3)) << "leading zeros are not size";
  EXPECT_EQ(ParseRetryAfter(std::string(5000, '0'), Jan1st2026()), milliseconds(0));
  for (char const* value : {"-0", "+3", "1e3", "3.", ".5", "0x10", "3 s", "-99999999999999999999"}) {
    EXPECT_EQ(ParseRetryAfter(value, Jan1st2026()), std::nullopt) << value;
  }
}

TEST(ParseRetryAfterTest, GarbageIsRejected) {
  EXPECT_EQ(ParseRetryAfter("", Jan1st2026()), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("-5", Jan1st2026()), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("soon", Jan1st2026()), std::nullopt);
  EXPECT_EQ(ParseRetryAfter("3.5", Jan1st2026()), std::nullopt);
}

TEST(ClientOptionsTest, DefaultEndpointAndContractVersion) {
  ClientOptions options;
  options.honor_environment = false;
  EXPECT_EQ(options.EffectiveEndpoint(), "https://sessiondirectory.xboxlive.com");
  EXPECT_EQ(options.ContractVersionHeader(), "107");
  options.contract_version = ContractVersion::kV105;
  EXPECT_EQ(options.ContractVersionHeader(), "105");
  options.contract_version = ContractVersion::kV104;
  EXPECT_EQ(options.ContractVersionHeader(), "104");
}

TEST(ClientOptionsTest, EnvironmentVariableOverridesTheEndpoint) {
  ::setenv("XBL_MPSD_ENDPOINT", "http://127.0.0.1:8080/", 1);
  ClientOptions options;
  EXPECT_EQ(options.EffectiveEndpoint(), "http://127.0.0.1:8080");
  options.honor_environment = false;
  options.endpoint = "https://mpsd.example/";
  EXPECT_EQ(options.EffectiveEndpoint(), "https://mpsd.example");
  ::unsetenv("XBL_MPSD_ENDPOINT");
  options.honor_environment = true;
  EXPECT_EQ(options.EffectiveEndpoint(), "https://mpsd.example");
}

}  // namespace
}  // namespace xbl
