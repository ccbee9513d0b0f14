// The cpprestsdk WebSocket transport against the emulator's RTA endpoint on 127.0.0.1: the
// handshake, a Subscribe and its answer (docs/rta-protocol.md R-1 to R-3, R-14), pings (R-12),
// both ends of a close (R-38, R-39) and a refused upgrade (R-44).
#include "wait_for.h"
#include "xbl/http/cpprest_http_transport.h"
#include "xbl/http/websocket_transport.h"
#include "xbl/testing/local_session_directory.h"
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <future>
#include <mutex>
#include <optional>
#include <vector>

namespace xbl {
namespace {

using testing_support::WaitUntil;

constexpr char kSubscribe[] = R"([1,1,"https://sessiondirectory.xboxlive.com/connections/"])";

/// Collects what one connection receives.
struct Received {
  std::mutex mutex;
  std::vector<std::string> texts;
  int pongs = 0;
  std::optional<WebSocketCloseStatus> closed;
  int closes = 0;

  WebSocketEvents Events() {
    WebSocketEvents events;
    events.on_text = [this](std::string text) {
      std::lock_guard<std::mutex> lock(mutex);
      texts.push_back(std::move(text));
    };
    events.on_pong = [this] {
      std::lock_guard<std::mutex> lock(mutex);
      ++pongs;
    };
    events.on_closed = [this](WebSocketCloseStatus status) {
      std::lock_guard<std::mutex> lock(mutex);
      closed = status;
      ++closes;
    };
    return events;
  }
  std::size_t text_count() {
    std::lock_guard<std::mutex> lock(mutex);
    return texts.size();
  }
  bool is_closed() {
    std::lock_guard<std::mutex> lock(mutex);
    return closed.has_value();
  }
};

class CpprestWebSocketTransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    emulator_ = std::make_unique<testing::LocalSessionDirectory>();
    transport_ = MakeCpprestWebSocketTransport();
  }
  void TearDown() override {
    transport_->Shutdown();
    http_->Shutdown();
  }

  Result<std::shared_ptr<WebSocketConnection>> Connect(Received& received, std::string const& xuid = "1001") {
    WebSocketConnectRequest request;
    request.url = emulator_->rta_url();
    request.headers["Authorization"] = "XBL3.0 x=" + xuid + ";device=d" + xuid + "&title=8397267";
    request.subprotocols = {"rta.xboxlive.com.V2"};
    request.connect_timeout = std::chrono::seconds(5);
    auto done = std::make_shared<std::promise<Result<std::shared_ptr<WebSocketConnection>>>>();
    auto future = done->get_future();
    transport_->ConnectAsync(request, received.Events(), [done](auto result) { done->set_value(std::move(result)); });
    if (future.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
      return Error(ErrorCode::kTimeout, "the connect never completed");
    }
    return future.get();
  }

  /// POSTs an RTA admin hook; the HTTP status.
  int Hook(std::string const& path, nlohmann::json const& body) {
    HttpRequest request;
    request.method = "POST";
    request.url = emulator_->base_url() + "/_emulator/rta/" + path;
    request.headers["Content-Type"] = "application/json";
    request.body = body.dump();
    auto response = http_->SendAsync(request, pplx::cancellation_token::none()).get();
    return response.ok() ? response->status : 0;
  }

  std::unique_ptr<testing::LocalSessionDirectory> emulator_;
  std::shared_ptr<WebSocketTransport> transport_;
  std::shared_ptr<HttpTransport> http_ = MakeCpprestHttpTransport();
};

TEST_F(CpprestWebSocketTransportTest, ConnectSubscribeReceiveTheAnswerAndCloseCleanly) {
  Received received;
  auto connection = Connect(received);
  ASSERT_TRUE(connection.ok()) << connection.error().ToString();
  (*connection)->SendText(kSubscribe);
  ASSERT_TRUE(WaitUntil([&] { return received.text_count() == 1; }));
  auto const answer = nlohmann::json::parse(received.texts[0]);
  EXPECT_EQ(answer[0], 1);
  EXPECT_EQ(answer[1], 1);
  EXPECT_EQ(answer[2], 0);
  EXPECT_EQ(answer[3], 1);
  EXPECT_EQ(answer[4]["ConnectionId"].get<std::string>().size(), 36u);

  (*connection)->Close(1000, "done");
  ASSERT_TRUE(WaitUntil([&] { return received.is_closed(); }));
  EXPECT_EQ(received.closed->code, 1000);
  EXPECT_EQ(received.closes, 1);
}

TEST_F(CpprestWebSocketTransportTest, PingIsAnsweredByAPong) {
  Received received;
  auto connection = Connect(received);
  ASSERT_TRUE(connection.ok()) << connection.error().ToString();
  (*connection)->Ping();
  (*connection)->Ping();
  EXPECT_TRUE(WaitUntil([&] {
    std::lock_guard<std::mutex> lock(received.mutex);
    return received.pongs == 2;
  }));
}

TEST_F(CpprestWebSocketTransportTest, ManySendsFromSeveralThreadsGoOutOneAtATimeAndAllAreAnswered) {
  Received received;
  auto connection = Connect(received);
  ASSERT_TRUE(connection.ok()) << connection.error().ToString();
  std::vector<std::thread> senders;
  for (int t = 0; t < 4; ++t) {
    senders.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        (*connection)->SendText("[2," + std::to_string(t * 100 + i) + ",99]");
      }
    });
  }
  for (auto& sender : senders) sender.join();
  // R-10: each Unsubscribe of an unknown SUB_ID is answered [2, SEQ, 1].
  EXPECT_TRUE(WaitUntil([&] { return received.text_count() == 100; }));
}

TEST_F(CpprestWebSocketTransportTest, ServerCloseReportsItsCodeOnce) {
  Received received;
  auto connection = Connect(received);
  ASSERT_TRUE(connection.ok()) << connection.error().ToString();
  ASSERT_EQ(Hook("connections/1/close", {{"code", 4001}, {"reason", "bye"}}), 200);
  ASSERT_TRUE(WaitUntil([&] { return received.is_closed(); }));
  EXPECT_EQ(received.closed->code, 4001);
  EXPECT_EQ(received.closed->reason, "bye");
  EXPECT_EQ(received.closes, 1);
}

TEST_F(CpprestWebSocketTransportTest, DropWithoutACloseFrameIsReportedAs1006) {
  Received received;
  auto connection = Connect(received);
  ASSERT_TRUE(connection.ok()) << connection.error().ToString();
  ASSERT_EQ(Hook("connections/1/drop", nlohmann::json::object()), 200);
  ASSERT_TRUE(WaitUntil([&] { return received.is_closed(); }));
  EXPECT_EQ(received.closed->code, kWebSocketAbnormalClose);
}

TEST_F(CpprestWebSocketTransportTest, AbortReportsTheEndAtOnceAndNothingAfterIt) {
  Received received;
  auto connection = Connect(received);
  ASSERT_TRUE(connection.ok()) << connection.error().ToString();
  (*connection)->Abort();
  ASSERT_TRUE(WaitUntil([&] { return received.is_closed(); }));
  EXPECT_EQ(received.closed->code, kWebSocketAbnormalClose);
  (*connection)->SendText(kSubscribe);  // does nothing after the end
  (*connection)->Abort();
  EXPECT_EQ(received.closes, 1);
  EXPECT_EQ(received.text_count(), 0u);
}

TEST_F(CpprestWebSocketTransportTest, RefusedUpgradeFailsTheConnect) {
  ASSERT_EQ(Hook("refuse", {{"count", 1}, {"status", 503}}), 200);
  Received received;
  auto connection = Connect(received);
  ASSERT_FALSE(connection.ok());
  EXPECT_EQ(connection.error().code, ErrorCode::kNetwork);
  EXPECT_FALSE(received.is_closed());
}

TEST_F(CpprestWebSocketTransportTest, ConnectToAClosedPortFailsWithoutHanging) {
  auto const url = emulator_->rta_url();
  emulator_->Stop();
  Received received;
  WebSocketConnectRequest request;
  request.url = url;
  auto done = std::make_shared<std::promise<Result<std::shared_ptr<WebSocketConnection>>>>();
  auto future = done->get_future();
  transport_->ConnectAsync(request, received.Events(), [done](auto result) { done->set_value(std::move(result)); });
  ASSERT_EQ(future.wait_for(std::chrono::seconds(15)), std::future_status::ready);
  auto const result = future.get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kNetwork);
}

TEST_F(CpprestWebSocketTransportTest, ShutdownAbortsOpenConnectionsAndRefusesNewOnes) {
  Received received;
  auto connection = Connect(received);
  ASSERT_TRUE(connection.ok()) << connection.error().ToString();
  transport_->Shutdown();
  EXPECT_TRUE(WaitUntil([&] { return received.is_closed(); }));
  Received later;
  auto refused = Connect(later);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kShutdown);
}

}  // namespace
}  // namespace xbl
