// Protocol §4.14 and §3.16: rate limiting (429) and injected overload (503).
#include "conformance_fixture.h"

namespace xbl::conformance {
namespace {

class RateLimits : public ConformanceTest {
 protected:
  void SetUp() override {
    ConformanceTest::SetUp();
    ASSERT_EQ(Admin("PUT", "/ratelimits",
                    Json{{"enabled", true}, {"burst", 30}, {"burst_period_s", 15}, {"sustain", 300}, {"sustain_period_s", 300}})
                  .status,
              200);
  }
};

TEST_F(RateLimits, Conformance_4_14_138_ThirtyFirstRequestInBurstWindowReturns429) {
  Advance(3000);  // 3 s into a 15 s window
  for (int i = 0; i < 30; ++i) ASSERT_EQ(Get(kA, SessionPath("open", "s1")).status, 204) << i;
  auto r = Get(kA, SessionPath("open", "s1"));
  ASSERT_EQ(r.status, 429);
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_EQ(r.JsonBody(), (Json{{"version", 1},
                                {"currentRequests", 31},
                                {"maxRequests", 30},
                                {"periodInSeconds", 15},
                                {"limitType", "rate"}}));
  EXPECT_EQ(r.Header("retry-after"), "12");
  // Another user (or title) has its own window.
  EXPECT_EQ(Get(kB, SessionPath("open", "s1")).status, 204);
}

TEST_F(RateLimits, Conformance_4_14_139_NextBurstWindowSucceeds) {
  for (int i = 0; i < 31; ++i) Get(kA, SessionPath("open", "s1"));
  ASSERT_EQ(Get(kA, SessionPath("open", "s1")).status, 429);
  Advance(15000);
  EXPECT_EQ(Get(kA, SessionPath("open", "s1")).status, 204);
}

TEST_F(RateLimits, SustainWindowCountsThrottledRequests) {
  ASSERT_EQ(Admin("PUT", "/ratelimits",
                  Json{{"enabled", true}, {"burst", 30}, {"burst_period_s", 15}, {"sustain", 100}, {"sustain_period_s", 300}})
                .status,
            200);
  // The worked example of protocol §3.16: 35 in the first window -> 5 throttled.
  int throttled = 0;
  for (int i = 0; i < 35; ++i) throttled += Get(kA, SessionPath("open", "s1")).status == 429;
  EXPECT_EQ(throttled, 5);
  // Windows of 25 and 24 bring the sustain count to 84; then 36 requests: 16 pass, 20 throttled.
  for (int n : {25, 24}) {
    Advance(15000);
    for (int i = 0; i < n; ++i) ASSERT_EQ(Get(kA, SessionPath("open", "s1")).status, 204);
  }
  Advance(15000);
  throttled = 0;
  for (int i = 0; i < 36; ++i) throttled += Get(kA, SessionPath("open", "s1")).status == 429;
  EXPECT_EQ(throttled, 20);
}

TEST_F(RateLimits, DisabledLimitsLetEverythingThrough) {
  ASSERT_EQ(Admin("PUT", "/ratelimits", Json{{"enabled", false}}).status, 200);
  for (int i = 0; i < 40; ++i) ASSERT_EQ(Get(kA, SessionPath("open", "s1")).status, 204);
}

TEST_F(RateLimits, Conformance_4_14_143_InjectedOverloadReturns503WithRetryAfter) {
  Json rules = {{"rules", {{{"method", "PUT"}, {"path", "/sessions/"}, {"status", 503}, {"retry_after", "7"}}}}};
  ASSERT_EQ(Admin("PUT", "/faults", rules).status, 200);
  auto r = Put(kA, SessionPath("open", "s1"), JoinBody("1001"));
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.Header("retry-after"), "7");
  EXPECT_TRUE(r.body.empty());
  EXPECT_NE(r.Header("content-type").find("text/plain"), std::string::npos);
  EXPECT_EQ(Get(kA, SessionPath("open", "s1")).status, 204);  // nothing was written
}

}  // namespace
}  // namespace xbl::conformance
