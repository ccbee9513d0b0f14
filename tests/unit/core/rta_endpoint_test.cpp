// Where the RTA client connects (docs/rta-protocol.md R-47) and its default timings.
#include "xbl/client_options.h"
#include <gtest/gtest.h>
#include <cstdlib>

namespace xbl {
namespace {

/// Sets or clears the two endpoint variables for one test and restores them after it.
class RtaEndpointTest : public ::testing::Test {
 protected:
  void TearDown() override {
    ::unsetenv(kMpsdEndpointEnvironmentVariable);
    ::unsetenv(kRtaEndpointEnvironmentVariable);
  }
};

TEST_F(RtaEndpointTest, R47_DefaultIsTheProductionEndpoint) {
  ::unsetenv(kMpsdEndpointEnvironmentVariable);
  ::unsetenv(kRtaEndpointEnvironmentVariable);
  EXPECT_EQ(ClientOptions().EffectiveRtaEndpoint(), "wss://rta.xboxlive.com/connect");
}

TEST_F(RtaEndpointTest, R47_MpsdEndpointGivesTheSameHostWithWsSchemeAndConnectPath) {
  ::setenv(kMpsdEndpointEnvironmentVariable, "http://127.0.0.1:8080/", 1);
  EXPECT_EQ(ClientOptions().EffectiveRtaEndpoint(), "ws://127.0.0.1:8080/connect");
  ::setenv(kMpsdEndpointEnvironmentVariable, "https://mpsd.example:443", 1);
  EXPECT_EQ(ClientOptions().EffectiveRtaEndpoint(), "wss://mpsd.example:443/connect");
}

TEST_F(RtaEndpointTest, R47_RtaVariableWinsAndNeitherCountsWhenNotHonoured) {
  ::setenv(kMpsdEndpointEnvironmentVariable, "http://127.0.0.1:8080", 1);
  ::setenv(kRtaEndpointEnvironmentVariable, "ws://127.0.0.1:9/connect", 1);
  EXPECT_EQ(ClientOptions().EffectiveRtaEndpoint(), "ws://127.0.0.1:9/connect");
  ClientOptions options;
  options.honor_environment = false;
  options.rta_endpoint = "ws://own/connect";
  EXPECT_EQ(options.EffectiveRtaEndpoint(), "ws://own/connect");
}

TEST(RtaEndpointForTest, R47_SameHostAndPortWithWsSchemeAndConnectPath_EmptyForOtherSchemes) {
  EXPECT_EQ(RtaEndpointFor("http://127.0.0.1:8080"), "ws://127.0.0.1:8080/connect");
  EXPECT_EQ(RtaEndpointFor("https://mpsd.example/base/"), "wss://mpsd.example/connect");
  EXPECT_EQ(RtaEndpointFor("ftp://mpsd.example"), "");
  EXPECT_EQ(RtaEndpointFor("127.0.0.1:8080"), "");
}

TEST(RtaSettingsTest, R48_DefaultsAreTheDocumentedOnes) {
  RtaSettings const settings;
  using std::chrono::seconds;
  EXPECT_EQ(settings.handshake_timeout, seconds(10));
  EXPECT_EQ(settings.subscribe_timeout, seconds(15));
  EXPECT_EQ(settings.unsubscribe_timeout, seconds(5));
  EXPECT_EQ(settings.ping_interval, seconds(30));
  EXPECT_EQ(settings.pong_timeout, seconds(10));
  EXPECT_EQ(settings.reconnect_base, seconds(1));
  EXPECT_EQ(settings.reconnect_cap, seconds(60));
  EXPECT_EQ(settings.lost_after, seconds(60));
  EXPECT_EQ(settings.renew_after, std::chrono::minutes(90));
  EXPECT_EQ(settings.connection_wait, seconds(15));
  EXPECT_EQ(settings.resync_min_interval, seconds(30));
}

}  // namespace
}  // namespace xbl
