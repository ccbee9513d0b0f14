// Protocol §6: the emulator's own surface (admin endpoints, test identities, embedded class).
#include "conformance_fixture.h"

namespace xbl::conformance {
namespace {

class Admin : public ConformanceTest {};

TEST_F(Admin, HealthReturnsOk) {
  auto r = ConformanceTest::Admin("GET", "/health");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.JsonBody(), (Json{{"status", "ok"}}));
}

TEST_F(Admin, ResetDropsSessionsButKeepsTemplates) {
  Create(kA, "1001", "open", "s1");
  EXPECT_EQ(ConformanceTest::Admin("POST", "/reset").status, 200);
  EXPECT_EQ(Get(kA, SessionPath("open", "s1")).status, 204);
  EXPECT_EQ(Put(kA, SessionPath("open", "s1"), JoinBody("1001")).status, 201);
}

TEST_F(Admin, InstallAndDeleteTemplate) {
  Json tpl = {{"constants", {{"system", {{"version", 1}, {"maxMembersCount", 3}}}}}};
  EXPECT_EQ(ConformanceTest::Admin("PUT", "/templates/my-scid/mine", tpl).status, 201);
  EXPECT_EQ(ConformanceTest::Admin("PUT", "/templates/my-scid/mine", tpl).status, 200);
  auto r = Put(kA, SessionPath("mine", "m1", "my-scid"), JoinBody("1001"));
  ASSERT_EQ(r.status, 201);
  EXPECT_EQ(r.JsonBody()["constants"]["system"]["maxMembersCount"], 3);
  EXPECT_EQ(ConformanceTest::Admin("DELETE", "/templates/my-scid/mine").status, 204);
  EXPECT_EQ(Put(kA, SessionPath("mine", "m2", "my-scid"), JoinBody("1001")).status, 404);
  EXPECT_EQ(ConformanceTest::Admin("PUT", "/templates/my-scid/bad", Json{{"nonsense", 1}}).status, 400);
}

TEST_F(Admin, ManualClockAdvanceAndSet) {
  auto r = ConformanceTest::Admin("POST", "/clock", Json{{"advance_ms", 1500}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.JsonBody()["now"], "2026-01-01T00:00:01.5000000Z");
  auto s = ConformanceTest::Admin("POST", "/clock", Json{{"set", "2030-06-15T13:45:30.0900000Z"}});
  EXPECT_EQ(s.JsonBody()["now"], "2030-06-15T13:45:30.0900000Z");
  EXPECT_EQ(ConformanceTest::Admin("POST", "/clock", Json{{"set", "yesterday"}}).status, 400);
}

TEST_F(Admin, ClockEndpointRequiresManualClock) {
  testing::LocalSessionDirectory realtime;  // default options: wall clock
  HttpClient client(realtime.port());
  auto r = client.Send("POST", "/_emulator/clock", {}, R"({"advance_ms":1})");
  EXPECT_EQ(r.status, 409);
}

TEST_F(Admin, FaultRulesInjectAnswersAndCountDown) {
  Json rules = {{"rules", {{{"method", "GET"}, {"path", "/sessions/s1$"}, {"status", 503}, {"retry_after", "2"}, {"times", 2}}}}};
  ASSERT_EQ(ConformanceTest::Admin("PUT", "/faults", rules).status, 200);
  for (int i = 0; i < 2; ++i) {
    auto r = Get(kA, SessionPath("open", "s1"));
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(r.Header("retry-after"), "2");
    EXPECT_TRUE(r.body.empty());
  }
  EXPECT_EQ(Get(kA, SessionPath("open", "s1")).status, 204);
  ASSERT_EQ(ConformanceTest::Admin("PUT", "/faults", rules).status, 200);
  EXPECT_EQ(ConformanceTest::Admin("DELETE", "/faults").status, 204);
  EXPECT_EQ(Get(kA, SessionPath("open", "s1")).status, 204);
}

TEST_F(Admin, FaultDropConnectionClosesWithoutAnswer) {
  Json rules = {{"rules", {{{"path", "/sessions/drop$"}, {"drop_connection", true}, {"times", 1}}}}};
  ASSERT_EQ(ConformanceTest::Admin("PUT", "/faults", rules).status, 200);
  std::string raw = HttpClient::SendRaw(
      emulator_->port(), "GET " + SessionPath("open", "drop") +
                             " HTTP/1.1\r\nHost: x\r\nX-Xbl-Contract-Version: 107\r\nAuthorization: XBL3.0 x=1001;\r\n\r\n");
  EXPECT_TRUE(raw.empty());
  EXPECT_EQ(Get(kA, SessionPath("open", "drop")).status, 204);
}

TEST_F(Admin, RequestLogRecordsMpsdRequestsWithRedactedAuthorization) {
  Create(kA, "1001", "open", "s1");
  Get(kB, SessionPath("open", "s1") + "?x=1");
  auto log = ConformanceTest::Admin("GET", "/requests?since=0").JsonBody()["requests"];
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0]["seq"], 1);
  EXPECT_EQ(log[0]["method"], "PUT");
  EXPECT_EQ(log[0]["status"], 201);
  EXPECT_EQ(log[0]["headers"]["authorization"], "XBL3.0 x=1001;***");
  EXPECT_EQ(log[1]["query"], "x=1");
  EXPECT_EQ(ConformanceTest::Admin("GET", "/requests?since=2").JsonBody()["requests"].size(), 1u);
  EXPECT_EQ(emulator_->Requests(2)["requests"].size(), 1u);
}

TEST_F(Admin, UnknownAdminEndpointReturns404) { EXPECT_EQ(ConformanceTest::Admin("GET", "/nope").status, 404); }

TEST_F(Admin, EmbeddedInstancesUseDistinctLoopbackPorts) {
  testing::LocalSessionDirectory other;
  EXPECT_NE(other.port(), emulator_->port());
  EXPECT_EQ(other.base_url(), "http://127.0.0.1:" + std::to_string(other.port()));
  HttpClient client(other.port());
  EXPECT_EQ(client.Send("GET", "/_emulator/health").status, 200);
}

TEST_F(Admin, EmbeddedInstallTemplateAndClock) {
  ASSERT_TRUE(emulator_->InstallTemplate("s2", "t", nlohmann::json{{"constants", {{"system", {{"maxMembersCount", 2}}}}}}));
  EXPECT_FALSE(emulator_->InstallTemplate("s2", "bad", nlohmann::json::array()));
  EXPECT_EQ(Put(kA, SessionPath("t", "x", "s2"), JoinBody("1001")).status, 201);
  EXPECT_EQ(emulator_->Now(), "2026-01-01T00:00:00.0000000Z");
  EXPECT_TRUE(emulator_->AdvanceClock(std::chrono::milliseconds(250)));
  EXPECT_EQ(emulator_->Now(), "2026-01-01T00:00:00.2500000Z");
}

}  // namespace
}  // namespace xbl::conformance
