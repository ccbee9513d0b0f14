#pragma once
// The server side of the mock WebSocket transport, played by the test: each connect the code
// under test makes is held until the test accepts or refuses it, then the test sends frames and
// closes through the events the code gave, and reads back what it sent. Every step drains the
// test's executor, so what the step causes has happened when it returns.
#include "drained_executor.h"
#include "xbl/testing/mock_websocket_transport.h"
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace xbl::testing_support {

/// What the code under test did with one connection the test accepted.
struct ServerSide {
  std::shared_ptr<::testing::NiceMock<testing::MockWebSocketConnection>> connection;
  WebSocketEvents events;
  std::vector<std::string> sent;
  int pings = 0;
  int aborts = 0;
  std::optional<int> close_code;
};

class ScriptedRtaServer {
 public:
  explicit ScriptedRtaServer(std::shared_ptr<DrainedExecutor> executor) : executor_(std::move(executor)) {
    ON_CALL(*transport, ConnectAsync(::testing::_, ::testing::_, ::testing::_))
        .WillByDefault(::testing::Invoke(holds.Action()));
  }

  /// Completes connect `index` with a fresh mock connection.
  ServerSide& Accept(std::size_t index) {
    executor_->Drain();
    EXPECT_GT(holds.size(), index) << "the client made no connect #" << index;
    auto pending = holds.at(index);
    auto& side = sides[index];
    side.connection = std::make_shared<::testing::NiceMock<testing::MockWebSocketConnection>>();
    side.events = pending.events;
    ON_CALL(*side.connection, SendText(::testing::_)).WillByDefault([&side](std::string text) {
      side.sent.push_back(std::move(text));
    });
    ON_CALL(*side.connection, Ping()).WillByDefault([&side] { ++side.pings; });
    ON_CALL(*side.connection, Abort()).WillByDefault([&side] { ++side.aborts; });
    ON_CALL(*side.connection, Close(::testing::_, ::testing::_)).WillByDefault([&side](int code, std::string) {
      side.close_code = code;
    });
    pending.on_done(std::shared_ptr<WebSocketConnection>(side.connection));
    executor_->Drain();
    return side;
  }

  /// Refuses connect `index` with `error`.
  void Refuse(std::size_t index, Error error) {
    executor_->Drain();
    ASSERT_GT(holds.size(), index);
    holds.at(index).on_done(std::move(error));
    executor_->Drain();
  }

  void Send(std::size_t index, std::string const& text) {
    sides[index].events.on_text(text);
    executor_->Drain();
  }
  void CloseFromServer(std::size_t index, int code) {
    sides[index].events.on_closed(WebSocketCloseStatus{code, "server"});
    executor_->Drain();
  }

  /// Accepts connect `index` and answers its Subscribe with `id`.
  ServerSide& Subscribe(std::size_t index, std::string const& id, std::int64_t sub_id = 1) {
    auto& side = Accept(index);
    EXPECT_FALSE(side.sent.empty());
    auto const seq = nlohmann::json::parse(side.sent.back())[1].get<std::int64_t>();
    Send(index, nlohmann::json::array({1, seq, 0, sub_id, {{"ConnectionId", id}}}).dump());
    return side;
  }

  std::shared_ptr<::testing::NiceMock<testing::MockWebSocketTransport>> transport =
      std::make_shared<::testing::NiceMock<testing::MockWebSocketTransport>>();
  testing::HoldConnects holds;
  std::map<std::size_t, ServerSide> sides;

 private:
  std::shared_ptr<DrainedExecutor> executor_;
};

}  // namespace xbl::testing_support
