// The recording WebSocket transport: what goes through the seam reaches the context's
// websocket_event_handler, stamped by its clock, on its callback executor only.
#include "core/recording_websocket_transport.h"
#include "drained_executor.h"
#include "xbl/testing/manual_clock.h"
#include "xbl/testing/mock_http_transport.h"
#include "xbl/testing/mock_websocket_transport.h"
#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace xbl {
namespace {

using ::testing::_;
using std::chrono::milliseconds;
using Type = WebSocketEvent::Type;

class RecordingWebSocketTransportTest : public ::testing::Test {
 protected:
  RecordingWebSocketTransportTest() {
    ClientOptions options;
    options.clock = clock_;
    options.callback_executor = executor_;
    options.diagnostics.websocket_event_handler = [this](WebSocketEvent const& event) { seen_.push_back(event); };
    context_ = ServiceContext::Create(std::make_shared<testing::MockHttpTransport>(), options);
    recording_ = internal::MakeRecordingWebSocketTransport(inner_, context_);
  }

  /// Connects through the recording transport; the connection it hands on, or the error.
  Result<std::shared_ptr<WebSocketConnection>> Connect() {
    WebSocketConnectRequest request;
    request.url = "wss://rta.test/connect";
    request.headers["Authorization"] = "XBL3.0 x=1;secret";
    request.subprotocols = {"rta.xboxlive.com.V2"};
    WebSocketEvents events;
    events.on_text = [this](std::string text) { delivered_.push_back(std::move(text)); };
    events.on_closed = [this](WebSocketCloseStatus status) { closed_ = status.code; };
    Result<std::shared_ptr<WebSocketConnection>> connected = Error(ErrorCode::kUnknown, "not completed");
    recording_->ConnectAsync(request, events, [&connected](Result<std::shared_ptr<WebSocketConnection>> result) {
      connected = std::move(result);
    });
    return connected;
  }

  std::shared_ptr<testing::ManualClock> clock_ = std::make_shared<testing::ManualClock>();
  std::shared_ptr<testing_support::DrainedExecutor> executor_ = std::make_shared<testing_support::DrainedExecutor>();
  std::shared_ptr<::testing::StrictMock<testing::MockWebSocketTransport>> inner_ =
      std::make_shared<::testing::StrictMock<testing::MockWebSocketTransport>>();
  std::shared_ptr<::testing::NiceMock<testing::MockWebSocketConnection>> connection_ =
      std::make_shared<::testing::NiceMock<testing::MockWebSocketConnection>>();
  std::shared_ptr<ServiceContext> context_;
  std::shared_ptr<WebSocketTransport> recording_;
  WebSocketEvents events_;  // what the recording transport gave the inner one
  std::vector<WebSocketEvent> seen_;
  std::vector<std::string> delivered_;
  std::optional<int> closed_;
};

TEST_F(RecordingWebSocketTransportTest, ReportsTheUpgradeAndEachMessageStampedByTheContextClock) {
  EXPECT_CALL(*inner_, ConnectAsync(_, _, _))
      .WillOnce([this](WebSocketConnectRequest const& request, WebSocketEvents events,
                       WebSocketTransport::ConnectCompletion const& on_done) {
        EXPECT_EQ(HeaderValue(request.headers, "Authorization"), "XBL3.0 x=1;secret");  // the wire keeps it
        events_ = std::move(events);
        clock_->Advance(milliseconds(15));
        on_done(std::shared_ptr<WebSocketConnection>(connection_));
      });
  EXPECT_CALL(*connection_, SendText("[1,1,\"res\"]"));
  auto connected = Connect();
  ASSERT_TRUE(connected.ok());
  clock_->Advance(milliseconds(5));
  (*connected)->SendText("[1,1,\"res\"]");
  clock_->Advance(milliseconds(5));
  events_.on_text("[1,1,0,1,{}]");
  EXPECT_EQ(delivered_, std::vector<std::string>{"[1,1,0,1,{}]"});
  executor_->Drain();

  ASSERT_EQ(seen_.size(), 3u);
  auto const start = std::chrono::system_clock::from_time_t(1767225600);
  EXPECT_EQ(seen_[0].type, Type::kUpgrade);
  EXPECT_EQ(seen_[0].url, "wss://rta.test/connect");
  EXPECT_EQ(HeaderValue(seen_[0].request_headers, "Authorization"), kRedacted);
  EXPECT_EQ(HeaderValue(seen_[0].request_headers, "Sec-WebSocket-Protocol"), "rta.xboxlive.com.V2");
  EXPECT_EQ(seen_[0].status, 101);
  EXPECT_EQ(seen_[0].time, start);
  EXPECT_EQ(seen_[0].elapsed, milliseconds(15));
  EXPECT_EQ(seen_[1].type, Type::kSend);
  EXPECT_EQ(seen_[1].data, "[1,1,\"res\"]");
  EXPECT_EQ(seen_[1].time, start + milliseconds(20));
  EXPECT_EQ(seen_[2].type, Type::kReceive);
  EXPECT_EQ(seen_[2].data, "[1,1,0,1,{}]");
  EXPECT_EQ(seen_[2].time, start + milliseconds(25));
  EXPECT_NE(seen_[0].connection, 0u);
  EXPECT_EQ(seen_[1].connection, seen_[0].connection);
  EXPECT_EQ(seen_[2].connection, seen_[0].connection);
}

TEST_F(RecordingWebSocketTransportTest, TheHandlerRunsOnTheCallbackExecutorNeverOnTheSocketsThread) {
  EXPECT_CALL(*inner_, ConnectAsync(_, _, _)).WillOnce(testing::AcceptWith(connection_, &events_));
  auto connected = Connect();
  ASSERT_TRUE(connected.ok());
  events_.on_text("x");
  EXPECT_TRUE(seen_.empty());
  executor_->Drain();
  EXPECT_EQ(seen_.size(), 2u);
}

TEST_F(RecordingWebSocketTransportTest, ARefusedUpgradeIsReportedWithItsStatus) {
  EXPECT_CALL(*inner_, ConnectAsync(_, _, _))
      .WillOnce(testing::RefuseWith(Error(ErrorCode::kNetwork, "upgrade refused", 403)));
  auto connected = Connect();
  ASSERT_FALSE(connected.ok());
  EXPECT_EQ(connected.error().http_status, 403);
  executor_->Drain();
  ASSERT_EQ(seen_.size(), 1u);
  EXPECT_EQ(seen_[0].type, Type::kUpgrade);
  EXPECT_EQ(seen_[0].status, 403);
  EXPECT_NE(seen_[0].error.find("upgrade refused"), std::string::npos);
}

TEST_F(RecordingWebSocketTransportTest, ASendAfterTheEndIsNotRecorded) {
  EXPECT_CALL(*inner_, ConnectAsync(_, _, _)).WillOnce(testing::AcceptWith(connection_, &events_));
  auto connected = Connect();
  ASSERT_TRUE(connected.ok());
  events_.on_closed(WebSocketCloseStatus{1000, "bye"});
  EXPECT_EQ(closed_, 1000);
  (*connected)->SendText("too late");
  executor_->Drain();
  ASSERT_EQ(seen_.size(), 1u);
  EXPECT_EQ(seen_[0].type, Type::kUpgrade);
}

TEST_F(RecordingWebSocketTransportTest, EachConnectionHasAnIdOfItsOwn) {
  EXPECT_CALL(*inner_, ConnectAsync(_, _, _)).Times(2).WillRepeatedly(testing::AcceptWith(connection_, &events_));
  ASSERT_TRUE(Connect().ok());
  ASSERT_TRUE(Connect().ok());
  executor_->Drain();
  ASSERT_EQ(seen_.size(), 2u);
  EXPECT_NE(seen_[0].connection, seen_[1].connection);
}

}  // namespace
}  // namespace xbl
