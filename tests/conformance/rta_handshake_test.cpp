// rta-protocol: the /connect handshake on the emulator's own port.
#include "rta_client.h"

namespace xbl::conformance {
namespace {

using RtaHandshake = RtaTest;

TEST_F(RtaHandshake, UpgradeAtConnectIgnoresQueryString) {
  RtaClient client(emulator_->port());
  EXPECT_EQ(client.Connect(kA, kRtaSubprotocol, "/connect?x=1&y=2"), 101);
  EXPECT_FALSE(client.Subscribe().empty());
}

TEST_F(RtaHandshake, PlainGetOfConnectIs426TextPlain) {
  Response r = client_->Send("GET", "/connect");
  EXPECT_EQ(r.status, 426);
  EXPECT_EQ(r.Header("content-type").rfind("text/plain", 0), 0u);
}

TEST_F(RtaHandshake, RtaUrlNamesConnectOnTheSamePort) {
  EXPECT_EQ(emulator_->rta_url(), "ws://127.0.0.1:" + std::to_string(emulator_->port()) + "/connect");
}

TEST_F(RtaHandshake, MissingOrUnparsableTokenIs401) {
  RtaClient missing(emulator_->port());
  EXPECT_EQ(missing.Connect(nullptr), 401);
  EXPECT_EQ(missing.response_headers().at("content-type").rfind("text/plain", 0), 0u);
  RtaClient garbage(emulator_->port());
  EXPECT_EQ(garbage.Connect("Bearer nonsense"), 401);
}

TEST_F(RtaHandshake, ServerPrincipalIs403) {
  RtaClient client(emulator_->port());
  EXPECT_EQ(client.Connect(kSrv), 403);
  EXPECT_EQ(client.response_headers().at("content-type").rfind("text/plain", 0), 0u);
}

TEST_F(RtaHandshake, V2InAnyPositionIsSelected) {
  RtaClient first(emulator_->port());
  ASSERT_EQ(first.Connect(kA, kRtaSubprotocol), 101);
  EXPECT_EQ(first.response_headers().at("sec-websocket-protocol"), kRtaSubprotocol);
  RtaClient later(emulator_->port());
  ASSERT_EQ(later.Connect(kA, std::string("chat, ") + kRtaSubprotocol + ", other"), 101);
  EXPECT_EQ(later.response_headers().at("sec-websocket-protocol"), kRtaSubprotocol);
}

TEST_F(RtaHandshake, NoSubprotocolHeaderUpgradesWithoutOne) {
  RtaClient client(emulator_->port());
  ASSERT_EQ(client.Connect(kA, ""), 101);
  EXPECT_EQ(client.response_headers().count("sec-websocket-protocol"), 0u);
  EXPECT_FALSE(client.Subscribe().empty());
}

TEST_F(RtaHandshake, ListWithoutV2Is400) {
  RtaClient client(emulator_->port());
  EXPECT_EQ(client.Connect(kA, "rta.xboxlive.com.V1, chat"), 400);
}

TEST_F(RtaHandshake, NonceIsNotServed) {
  EXPECT_EQ(client_->Send("GET", "/nonce").status, 404);
}

TEST_F(RtaHandshake, FaultsRateLimitsAndRequestLogDoNotApply) {
  ASSERT_EQ(Admin("PUT", "/faults", Json{{"rules", {{{"path", ".*"}, {"status", 503}}}}}).status, 200);
  ASSERT_EQ(Admin("PUT", "/ratelimits", Json{{"enabled", true}, {"burst", 0}, {"sustain", 0}}).status, 200);
  RtaClient client(emulator_->port());
  EXPECT_EQ(client.Connect(kA), 101);
  EXPECT_FALSE(client.Subscribe().empty());
  EXPECT_TRUE(Admin("GET", "/requests").JsonBody()["requests"].empty());
}

TEST_F(RtaHandshake, OnlyTheRefuseHookRefusesAnUpgrade) {
  ASSERT_EQ(Admin("POST", "/rta/refuse", Json{{"count", 2}, {"status", 429}}).status, 200);
  RtaClient a(emulator_->port()), b(emulator_->port()), c(emulator_->port());
  EXPECT_EQ(a.Connect(kA), 429);
  EXPECT_EQ(a.response_headers().at("content-type").rfind("text/plain", 0), 0u);
  EXPECT_EQ(b.Connect(kA), 429);
  EXPECT_EQ(c.Connect(kA), 101);
}

TEST_F(RtaHandshake, RefuseDefaultsTo503AndCountZeroClears) {
  ASSERT_EQ(Admin("POST", "/rta/refuse", Json{{"count", 5}}).status, 200);
  RtaClient a(emulator_->port());
  EXPECT_EQ(a.Connect(kA), 503);
  ASSERT_EQ(Admin("POST", "/rta/refuse", Json{{"count", 0}}).status, 200);
  RtaClient b(emulator_->port());
  EXPECT_EQ(b.Connect(kA), 101);
  EXPECT_EQ(Admin("POST", "/rta/refuse", Json{{"count", 1}, {"status", 302}}).status, 400);
  EXPECT_EQ(Admin("POST", "/rta/refuse", Json{{"count", -1}}).status, 400);
}

}  // namespace
}  // namespace xbl::conformance
