// HarWriter's WebSocket entries: one per connection, its messages in `_webSocketMessages` the way
// Chrome's developer tools export them.
#include "xbl/har_writer.h"
#include <gtest/gtest.h>
#include <atomic>
#include <thread>

namespace xbl {
namespace {

using std::chrono::milliseconds;
constexpr double kStart = 1767225600.0;  // 2026-01-01T00:00:00Z

std::chrono::system_clock::time_point At(milliseconds offset) {
  return std::chrono::system_clock::from_time_t(1767225600) + offset;
}

WebSocketEvent Upgrade(std::uint64_t connection, int status = 101) {
  WebSocketEvent event;
  event.type = WebSocketEvent::Type::kUpgrade;
  event.connection = connection;
  event.time = At(milliseconds(0));
  event.url = "wss://rta.test/connect";
  event.request_headers = {{"Authorization", "XBL3.0 x=1;secret"}, {"Sec-WebSocket-Protocol", "rta.xboxlive.com.V2"}};
  event.status = status;
  event.elapsed = milliseconds(12);
  return event;
}

WebSocketEvent Message(std::uint64_t connection, WebSocketEvent::Type type, milliseconds at, std::string data) {
  WebSocketEvent event;
  event.type = type;
  event.connection = connection;
  event.time = At(at);
  event.data = std::move(data);
  return event;
}

WebSocketEvent Sent(milliseconds at, std::string data) {
  return Message(1, WebSocketEvent::Type::kSend, at, std::move(data));
}
WebSocketEvent Received(milliseconds at, std::string data) {
  return Message(1, WebSocketEvent::Type::kReceive, at, std::move(data));
}

nlohmann::json OnlyEntry(HarWriter const& writer) {
  auto const har = writer.ToJson();
  EXPECT_EQ(har["log"]["entries"].size(), 1u);
  return har["log"]["entries"].at(0);
}

std::vector<std::string> Data(nlohmann::json const& entry) {
  std::vector<std::string> data;
  for (auto const& message : entry["_webSocketMessages"]) data.push_back(message["data"]);
  return data;
}

TEST(HarWebSocketTest, UpgradeEntryCarriesItsMessagesAsChromeExportsThem) {
  HarWriter writer;
  writer.WebSocketHandler()(Upgrade(1));
  writer.Add(Sent(milliseconds(20), "[1,1,\"res\"]"));
  writer.Add(Received(milliseconds(25), "[1,1,0,1,{}]"));
  auto const entry = OnlyEntry(writer);
  EXPECT_EQ(entry["_resourceType"], "websocket");
  EXPECT_EQ(entry["startedDateTime"], "2026-01-01T00:00:00.000Z");
  EXPECT_EQ(entry["time"], 12.0);
  EXPECT_EQ(entry["request"]["method"], "GET");
  EXPECT_EQ(entry["request"]["url"], "wss://rta.test/connect");
  EXPECT_EQ(entry["response"]["status"], 101);
  EXPECT_EQ(entry["_webSocketMessages"],
            nlohmann::json::parse(R"([{"type":"send","time":1767225600.02,"opcode":1,"data":"[1,1,\"res\"]"},
                                      {"type":"receive","time":1767225600.025,"opcode":1,"data":"[1,1,0,1,{}]"}])"));
  EXPECT_FALSE(entry.contains("_webSocketMessagesDropped"));
}

TEST(HarWebSocketTest, MessagesStayInTimeOrderWhenTheyArriveOutOfOrder) {
  HarWriter writer;
  writer.Add(Upgrade(1));
  writer.Add(Received(milliseconds(30), "third"));
  writer.Add(Sent(milliseconds(10), "first"));
  writer.Add(Received(milliseconds(20), "second"));
  writer.Add(Sent(milliseconds(30), "fourth, as late as the third"));
  EXPECT_EQ(Data(OnlyEntry(writer)),
            (std::vector<std::string>{"first", "second", "third", "fourth, as late as the third"}));
}

TEST(HarWebSocketTest, UpgradeAuthorizationIsRedactedAsForHttp) {
  HarWriter writer;
  writer.Add(Upgrade(1));
  auto const entry = OnlyEntry(writer);
  EXPECT_EQ(entry["request"]["headers"],
            nlohmann::json::parse(R"([{"name":"Authorization","value":"[redacted]"},
                                      {"name":"Sec-WebSocket-Protocol","value":"rta.xboxlive.com.V2"}])"));
  EXPECT_EQ(writer.ToJson().dump().find("secret"), std::string::npos);
}

TEST(HarWebSocketTest, KeepsOnlyTheLatestMessagesPastTheBound) {
  HarWriter writer(/*max_websocket_messages=*/3);
  writer.Add(Upgrade(1));
  for (int i = 1; i <= 5; ++i) writer.Add(Sent(milliseconds(i), std::to_string(i)));
  auto const entry = OnlyEntry(writer);
  EXPECT_EQ(Data(entry), (std::vector<std::string>{"3", "4", "5"}));
  EXPECT_EQ(entry["_webSocketMessagesDropped"], 2);
}

TEST(HarWebSocketTest, DefaultBoundIsTenThousandMessages) {
  HarWriter writer;
  writer.Add(Upgrade(1));
  for (int i = 0; i <= 10000; ++i) writer.Add(Received(milliseconds(i), std::to_string(i)));
  auto const entry = OnlyEntry(writer);
  ASSERT_EQ(entry["_webSocketMessages"].size(), 10000u);
  EXPECT_EQ(entry["_webSocketMessages"][0]["data"], "1");
  EXPECT_EQ(entry["_webSocketMessagesDropped"], 1);
}

TEST(HarWebSocketTest, RefusedUpgradeIsRecordedWithItsStatusAndNoMessages) {
  HarWriter writer;
  auto refused = Upgrade(1, 401);
  refused.error = "unauthorized: 401 (HTTP 401)";
  writer.Add(refused);
  auto const entry = OnlyEntry(writer);
  EXPECT_EQ(entry["_resourceType"], "websocket");
  EXPECT_EQ(entry["response"]["status"], 401);
  EXPECT_EQ(entry["response"]["_error"], "unauthorized: 401 (HTTP 401)");
  EXPECT_EQ(entry["_webSocketMessages"], nlohmann::json::array());
}

TEST(HarWebSocketTest, OpenConnectionExportsTheMessagesSoFarAndLaterOnesToo) {
  HarWriter writer;
  writer.Add(Upgrade(1));
  writer.Add(Sent(milliseconds(1), "a"));
  EXPECT_EQ(Data(OnlyEntry(writer)), std::vector<std::string>{"a"});
  writer.Add(Received(milliseconds(2), "b"));
  EXPECT_EQ(Data(OnlyEntry(writer)), (std::vector<std::string>{"a", "b"}));
}

TEST(HarWebSocketTest, EachConnectionIsAnEntryOfItsOwnBesideTheHttpExchanges) {
  HarWriter writer;
  writer.Add(Upgrade(1));
  HttpExchangeEvent exchange;
  exchange.method = "PUT";
  exchange.status = 200;
  writer.Add(exchange);
  writer.Add(Upgrade(2));
  writer.Add(Message(2, WebSocketEvent::Type::kReceive, milliseconds(1), "to two"));
  writer.Add(Sent(milliseconds(1), "to one"));
  writer.Add(Message(3, WebSocketEvent::Type::kReceive, milliseconds(1), "no upgrade recorded"));
  EXPECT_EQ(writer.size(), 3u);
  auto const entries = writer.ToJson()["log"]["entries"];
  EXPECT_EQ(Data(entries[0]), std::vector<std::string>{"to one"});
  EXPECT_EQ(entries[1]["request"]["method"], "PUT");
  EXPECT_FALSE(entries[1].contains("_webSocketMessages"));
  EXPECT_EQ(Data(entries[2]), std::vector<std::string>{"to two"});
}

TEST(HarWebSocketConcurrencyTest, SocketThreadsAppendWhileAnotherExports) {
  HarWriter writer;
  writer.Add(Upgrade(1));
  constexpr int kEach = 2000;
  std::atomic<bool> done{false};
  std::thread exporter([&] {
    while (!done) (void)writer.ToJson();
  });
  std::thread sender([&] {
    for (int i = 0; i < kEach; ++i) writer.Add(Sent(milliseconds(2 * i), "s"));
  });
  std::thread receiver([&] {
    for (int i = 0; i < kEach; ++i) writer.Add(Received(milliseconds(2 * i + 1), "r"));
  });
  sender.join();
  receiver.join();
  done = true;
  exporter.join();
  auto const messages = OnlyEntry(writer)["_webSocketMessages"];
  ASSERT_EQ(messages.size(), 2u * kEach);
  for (std::size_t i = 0; i < messages.size(); ++i) {
    EXPECT_EQ(messages[i]["data"], i % 2 == 0 ? "s" : "r") << "message " << i;
    EXPECT_DOUBLE_EQ(messages[i]["time"].get<double>(), kStart + static_cast<double>(i) / 1000.0);
  }
}

}  // namespace
}  // namespace xbl
