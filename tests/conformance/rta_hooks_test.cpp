// rta-protocol: the RTA test hooks under /_emulator/rta/ and reset.
#include "rta_client.h"

#include <thread>

namespace xbl::conformance {
namespace {

using RtaHooks = RtaTest;

TEST_F(RtaHooks, ResyncSendsFourAndChangesNothing) {
  std::string id;
  auto client = Open(kA, &id);
  ASSERT_EQ(Admin("POST", "/rta/connections/1/resync").status, 200);
  EXPECT_EQ(client->Read().json(), Json::array({4}));
  client->SendJson(Json::array({1, 2, kMpsdResource}));
  EXPECT_EQ(client->Read().json(), Json::array({1, 2, 0, 1, {{"ConnectionId", id}}}));
}

TEST_F(RtaHooks, ResetDropsSocketsAndForgetsEverythingRta) {
  std::string id;
  auto client = Open(kA, &id);
  ASSERT_EQ(CreateRtaSession(kA, "1001", "s", id).status, 201);
  auto other = Open(kB, nullptr);
  ASSERT_EQ(Admin("POST", "/rta/connections/2/drop").status, 200);  // a retired id in its grace
  ASSERT_EQ(Admin("PUT", "/rta/settings", Json{{"grace_ms", 1}, {"max_age_ms", 2}}).status, 200);
  ASSERT_EQ(Admin("POST", "/rta/refuse", Json{{"count", 3}}).status, 200);
  ASSERT_EQ(Admin("POST", "/rta/subscribe-error", Json{{"count", 3}}).status, 200);
  ASSERT_EQ(Admin("POST", "/reset").status, 200);
  client->Read();  // the create's tap may come first
  EXPECT_EQ(client->Read().kind, RtaFrame::Kind::kLost);
  Json list = Admin("GET", "/rta/connections").JsonBody();
  EXPECT_TRUE(list["connections"].empty());
  EXPECT_TRUE(list["retired"].empty());
  EXPECT_EQ(Admin("GET", "/rta/settings").JsonBody(), Json({{"grace_ms", 30000}, {"max_age_ms", 7200000}}));
  EXPECT_TRUE(Admin("GET", "/rta/frames").JsonBody()["frames"].empty());
  std::string fresh;
  auto again = Open(kA, &fresh);  // neither refused nor answered with an error
  EXPECT_EQ(Admin("GET", "/rta/connections").JsonBody()["connections"][0]["socket"], 1);
  EXPECT_EQ(CreateRtaSession(kA, "1001", "s", id).status, 400);  // the old id is gone with the reset
}

TEST_F(RtaHooks, LegacyDisconnectHookDecaysAtOnceWithTapsAndLeavesTheSocket) {
  std::string a_id, b_id;
  auto a = Open(kA, &a_id);
  auto b = Open(kB, &b_id);
  ASSERT_EQ(CreateRtaSession(kA, "1001", "s", a_id).status, 201);
  ASSERT_EQ(JoinRta(kB, "1002", "s", b_id).status, 200);
  DrainUntilMarker(*a, 1);
  Response r = Admin("POST", "/rta", Json{{"connection", b_id}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.JsonBody()["sessionsChanged"], 1);
  EXPECT_EQ(DrainUntilMarker(*a, 1).size(), 1u);
  EXPECT_EQ(Admin("GET", "/rta/connections").JsonBody()["connections"].size(), 2u);
}

TEST_F(RtaHooks, KeyIsASocketNumberOrALiveIdInAnyCase) {
  std::string id;
  auto client = Open(kA, &id);
  std::string upper = id;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  ASSERT_EQ(Admin("POST", "/rta/connections/" + upper + "/resync").status, 200);
  EXPECT_EQ(client->Read().json(), Json::array({4}));
  EXPECT_EQ(Admin("POST", "/rta/connections/9/resync").status, 404);
  EXPECT_EQ(Admin("POST", "/rta/connections/0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9/resync").status, 404);
  EXPECT_EQ(Admin("POST", "/rta/connections/1/deaf", Json::array({1})).status, 400);
  EXPECT_EQ(client_->Send("POST", "/_emulator/rta/connections/1/close", {}, "{not json").status, 400);
}

TEST_F(RtaHooks, DroppedSocketIsRetiredWhenTheHookAnswers) {
  std::string id;
  auto client = Open(kA, &id);
  ASSERT_EQ(Admin("POST", "/rta/connections/1/drop").status, 200);
  EXPECT_EQ(Admin("GET", "/rta/connections").JsonBody()["retired"][0]["connectionId"], id);
  EXPECT_EQ(CreateRtaSession(kA, "1001", "s", id).status, 400);
  EXPECT_EQ(client->Read().kind, RtaFrame::Kind::kLost);
}

TEST_F(RtaHooks, ConnectionsListShowsEachSocketAndItsSessions) {
  std::string id;
  auto client = Open(kA, &id);
  RtaClient bare(emulator_->port());
  ASSERT_EQ(bare.Connect(kB, ""), 101);
  ASSERT_EQ(CreateRtaSession(kA, "1001", "Lobby", id).status, 201);
  ASSERT_EQ(Put(kA, SessionPath("dyn", "plain"), BoundMe("1001", id, Json::array())).status, 201);
  Json list = Admin("GET", "/rta/connections").JsonBody();
  ASSERT_EQ(list["connections"].size(), 2u);
  Json first = list["connections"][0];
  EXPECT_EQ(first["socket"], 1);
  EXPECT_EQ(first["xuid"], "1001");
  EXPECT_EQ(first["connectionId"], id);
  EXPECT_EQ(first["subId"], 1);
  EXPECT_EQ(first["subprotocol"], "rta.xboxlive.com.V2");
  EXPECT_EQ(first["state"], "open");
  EXPECT_EQ(first["openedAt"], "2026-01-01T00:00:00.0000000Z");
  EXPECT_EQ(first["sessions"], Json::array({std::string(kScid) + "~dyn~lobby"}));  // RTA sessions only
  Json second = list["connections"][1];
  EXPECT_TRUE(second["connectionId"].is_null());
  EXPECT_TRUE(second["subId"].is_null());
  EXPECT_TRUE(second["subprotocol"].is_null());
  EXPECT_TRUE(second["sessions"].empty());
}

TEST_F(RtaHooks, CloseSendsTheCodeAndDefaultsTo1000) {
  auto a = Open(kA, nullptr);
  auto b = Open(kB, nullptr);
  ASSERT_EQ(Admin("POST", "/rta/connections/1/close", Json{{"code", 4001}, {"reason", "go away"}}).status, 200);
  RtaFrame f = a->Read();
  ASSERT_EQ(f.kind, RtaFrame::Kind::kClosed);
  EXPECT_EQ(f.close_code, 4001);
  EXPECT_EQ(f.close_reason, "go away");
  ASSERT_EQ(Admin("POST", "/rta/connections/2/close").status, 200);
  f = b->Read();
  ASSERT_EQ(f.kind, RtaFrame::Kind::kClosed);
  EXPECT_EQ(f.close_code, 1000);
}

TEST_F(RtaHooks, CloseRefusesCodesThatMayNotGoOnTheWire) {
  auto a = Open(kA, nullptr);
  for (int code : {999, 1004, 1005, 1006, 1015, 5000})
    EXPECT_EQ(Admin("POST", "/rta/connections/1/close", Json{{"code", code}}).status, 400) << code;
  EXPECT_EQ(Admin("GET", "/rta/connections").JsonBody()["connections"].size(), 1u);
}

TEST_F(RtaHooks, DeafSocketDeliversNothingAndLosesTaps) {
  std::string id;
  auto client = Open(kA, &id);
  ASSERT_EQ(Admin("POST", "/rta/connections/1/deaf", Json{{"deaf", true}}).status, 200);
  EXPECT_EQ(Admin("GET", "/rta/connections").JsonBody()["connections"][0]["state"], "deaf");
  ASSERT_EQ(CreateRtaSession(kA, "1001", "s", id).status, 201);  // the id stays live
  client->Ping();
  client->SendJson(Json::array({1, 77, kMpsdResource}));
  ASSERT_TRUE(WaitForInboundFrame(Json::array({1, 77, kMpsdResource}).dump()));
  ASSERT_EQ(Admin("POST", "/rta/connections/1/resync").status, 200);  // not delivered either
  ASSERT_EQ(Admin("POST", "/rta/connections/1/deaf", Json{{"deaf", false}}).status, 200);
  client->SendJson(Json::array({1, 78, kMpsdResource}));
  EXPECT_EQ(client->Read().json(), Json::array({1, 78, 0, 1, {{"ConnectionId", id}}}));  // the first reply
  EXPECT_EQ(client->pongs(), 0);
}

TEST_F(RtaHooks, CloseByTheClientOfADeafSocketIsStillNoticed) {
  std::string id;
  auto client = Open(kA, &id);
  ASSERT_EQ(Admin("POST", "/rta/connections/1/deaf", Json{{"deaf", true}}).status, 200);
  client->Close(1000);
  bool retired = false;
  for (int i = 0; i < 500 && !retired; ++i) {
    retired = !Admin("GET", "/rta/connections").JsonBody()["retired"].empty();
    if (!retired) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(retired);
}

TEST_F(RtaHooks, SendWritesTextVerbatimEvenWhenDeaf) {
  auto client = Open(kA, nullptr);
  ASSERT_EQ(Admin("POST", "/rta/connections/1/send", Json{{"text", "[3,99,{\"latent\":true}]"}}).status, 200);
  EXPECT_EQ(client->Read().text, "[3,99,{\"latent\":true}]");
  ASSERT_EQ(Admin("POST", "/rta/connections/1/deaf", Json{{"deaf", true}}).status, 200);
  ASSERT_EQ(Admin("POST", "/rta/connections/1/send", Json{{"text", "not json {"}}).status, 200);
  EXPECT_EQ(client->Read().text, "not json {");
  EXPECT_EQ(Admin("POST", "/rta/connections/1/send", Json{{"text", 5}}).status, 400);
}

TEST_F(RtaHooks, SettingsReadAndWriteEitherOrBoth) {
  EXPECT_EQ(Admin("GET", "/rta/settings").JsonBody(), Json({{"grace_ms", 30000}, {"max_age_ms", 7200000}}));
  EXPECT_EQ(Admin("PUT", "/rta/settings", Json{{"grace_ms", 10}}).JsonBody(), Json({{"grace_ms", 10}, {"max_age_ms", 7200000}}));
  EXPECT_EQ(Admin("PUT", "/rta/settings", Json{{"grace_ms", 1}, {"max_age_ms", 2}}).JsonBody(),
            Json({{"grace_ms", 1}, {"max_age_ms", 2}}));
  EXPECT_EQ(Admin("PUT", "/rta/settings", Json{{"grace_ms", -1}}).status, 400);
  EXPECT_EQ(Admin("PUT", "/rta/settings", Json{{"max_age_ms", "5"}}).status, 400);
}

TEST_F(RtaHooks, EmbeddedOptionsSetTheStartupSettings) {
  testing::LocalSessionDirectoryOptions options;
  options.manual_clock = true;
  options.rta_grace = std::chrono::milliseconds(1500);
  options.rta_max_age = std::chrono::milliseconds(60000);
  testing::LocalSessionDirectory emulator(options);
  HttpClient http(emulator.port());
  EXPECT_EQ(http.Send("GET", "/_emulator/rta/settings").JsonBody(), Json({{"grace_ms", 1500}, {"max_age_ms", 60000}}));
}

TEST_F(RtaHooks, FrameLogHoldsBothDirectionsInOrder) {
  auto client = Open(kA, nullptr);
  Json frames = Admin("GET", "/rta/frames").JsonBody()["frames"];
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0]["seq"], 1);
  EXPECT_EQ(frames[0]["socket"], 1);
  EXPECT_EQ(frames[0]["direction"], "in");
  EXPECT_EQ(frames[0]["text"], Json::array({1, 1, kMpsdResource}).dump());
  EXPECT_EQ(frames[1]["seq"], 2);
  EXPECT_EQ(frames[1]["direction"], "out");
  EXPECT_EQ(Json::parse(frames[1]["text"].get<std::string>())[0], 1);
  Json later = Admin("GET", "/rta/frames?since=2").JsonBody()["frames"];
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0]["seq"], 2);
  EXPECT_EQ(Admin("GET", "/rta/frames?since=x").status, 400);
}

}  // namespace
}  // namespace xbl::conformance
