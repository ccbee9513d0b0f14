// The RTA client's socket in a HAR: the upgrade entry with its messages in order, as Chrome's
// developer tools export them, through DiagnosticsOptions and HarWriter only.
#include "rta_test_harness.h"
#include "xbl/har_writer.h"

namespace xbl::rta {
namespace {

using std::chrono::milliseconds;

class RtaHarTest : public RtaClientTest {
 protected:
  RtaHarTest() { diagnostics_.websocket_event_handler = har_.WebSocketHandler(); }

  nlohmann::json Entries() const { return har_.ToJson()["log"]["entries"]; }

  HarWriter har_;
};

/// The wall time of the manual clock `offset` after its start, as `_webSocketMessages` write it.
double At(milliseconds offset) {
  auto const since_epoch = std::chrono::duration_cast<milliseconds>(testing::ManualClock::kStartWallTime) + offset;
  return static_cast<double>(since_epoch.count()) / 1000.0;  // one rounding, as the writer's
}

nlohmann::json Frame(char const* type, milliseconds at, std::string const& data) {
  return {{"type", type}, {"time", At(at)}, {"opcode", 1}, {"data", data}};
}

TEST_F(RtaHarTest, TheUpgradeEntryHoldsWhatWasSentAndReceivedInOrder) {
  Make()->Start();
  Drain();
  clock_->Advance(milliseconds(20));
  Accept(0);  // sends the Subscribe
  clock_->Advance(milliseconds(5));
  Send(0, R"([1,1,0,7,{"ConnectionId":"c-1"}])");
  clock_->Advance(milliseconds(5));
  Send(0, R"([3,7,{"shoulderTaps":[]}])");

  auto const entries = Entries();
  ASSERT_EQ(entries.size(), 1u);
  auto const& entry = entries[0];
  EXPECT_EQ(entry["_resourceType"], "websocket");
  EXPECT_EQ(entry["request"]["method"], "GET");
  EXPECT_EQ(entry["request"]["url"], "ws://127.0.0.1:1/connect");
  EXPECT_EQ(entry["response"]["status"], 101);
  EXPECT_EQ(entry["time"], 20.0);
  EXPECT_EQ(entry["_webSocketMessages"],
            nlohmann::json::array({Frame("send", milliseconds(20), nlohmann::json::array({1, 1, kMpsdResource}).dump()),
                                   Frame("receive", milliseconds(25), R"([1,1,0,7,{"ConnectionId":"c-1"}])"),
                                   Frame("receive", milliseconds(30), R"([3,7,{"shoulderTaps":[]}])")}));
}

TEST_F(RtaHarTest, TheUpgradeAuthorizationIsRedactedAsInHttpEntries) {
  Make()->Start();
  Accept(0);
  auto const headers = Entries()[0]["request"]["headers"];
  EXPECT_EQ(headers, nlohmann::json::parse(R"([{"name":"Authorization","value":"[redacted]"},
                                               {"name":"Sec-WebSocket-Protocol","value":"rta.xboxlive.com.V2"}])"));
  EXPECT_EQ(har_.ToJson().dump().find("token"), std::string::npos);
  // The wire still carries it.
  EXPECT_EQ(HeaderValue(holds_.at(0).request.headers, "Authorization"), "XBL3.0 x=1001;token");
}

TEST_F(RtaHarTest, ARefusedUpgradeIsAnEntryWithItsStatus) {
  Make()->Start();
  Refuse(0, Error(ErrorCode::kUnauthorized, "upgrade refused", 401));
  Accept(1);  // the one retry with a fresh token (R-51)
  auto const entries = Entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0]["_resourceType"], "websocket");
  EXPECT_EQ(entries[0]["response"]["status"], 401);
  EXPECT_NE(entries[0]["response"]["_error"].get<std::string>().find("upgrade refused"), std::string::npos);
  EXPECT_EQ(entries[0]["_webSocketMessages"], nlohmann::json::array());
  EXPECT_EQ(entries[1]["response"]["status"], 101);
  EXPECT_EQ(entries[1]["_webSocketMessages"].size(), 1u);
}

TEST_F(RtaHarTest, AClosedConnectionKeepsItsEntryAndTheNextHasOneOfItsOwn) {
  Make()->Start();
  Subscribe(0, "c-1");
  auto const while_open = Entries()[0]["_webSocketMessages"];
  ASSERT_EQ(while_open.size(), 2u);
  CloseFromServer(0, 1001);
  Advance(settings_.reconnect_base);
  Accept(1);
  auto const entries = Entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0]["_webSocketMessages"], while_open);
  EXPECT_EQ(entries[1]["_webSocketMessages"].size(), 1u);
}

TEST_F(RtaHarTest, ShutdownsUnsubscribeIsTheLastMessageRecorded) {
  Make()->Start();
  Subscribe(0, "c-1", /*sub_id=*/7);
  client_->Shutdown();
  Drain();
  auto const messages = Entries()[0]["_webSocketMessages"];
  ASSERT_EQ(messages.size(), 3u);
  EXPECT_EQ(messages[2]["type"], "send");
  EXPECT_EQ(nlohmann::json::parse(messages[2]["data"].get<std::string>()), nlohmann::json::array({2, 2, 7}));
}

TEST_F(RtaHarTest, KeepsTheLatestMessagesOfALongLivedSocket) {
  Make()->Start();
  Subscribe(0, "c-1", /*sub_id=*/7);
  auto const events = HarWriter::kDefaultMaxWebSocketMessages - 1;  // with the Subscribe and its ack: one too many
  for (std::size_t i = 0; i < events; ++i) sides_[0].events.on_text(R"([3,7,{"n":)" + std::to_string(i) + "}]");
  Drain();
  auto const entry = Entries()[0];
  ASSERT_EQ(entry["_webSocketMessages"].size(), HarWriter::kDefaultMaxWebSocketMessages);
  EXPECT_EQ(entry["_webSocketMessages"][0]["data"], R"([1,1,0,7,{"ConnectionId":"c-1"}])");
  EXPECT_EQ(entry["_webSocketMessages"].back()["data"], R"([3,7,{"n":)" + std::to_string(events - 1) + "}]");
  EXPECT_EQ(entry["_webSocketMessagesDropped"], 1);
}

}  // namespace
}  // namespace xbl::rta
