#pragma once
// The RTA client on the mock WebSocket, the manual clock and a queue the test drains: every
// step happens when the test says so, on the test's thread, with no real waiting.
#include "xbl/auth.h"
#include "xbl/rta/rta_client.h"
#include "xbl/testing/mock_http_transport.h"
#include "xbl/testing/mock_websocket_transport.h"
#include "xbl/testing/stepped_sleeper.h"
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <deque>
#include <mutex>
#include <optional>

namespace xbl::rta {

inline constexpr char kMpsdResource[] = "https://sessiondirectory.xboxlive.com/connections/";

/// Runs posted work when the test drains it, on the test's thread.
class DrainedExecutor final : public Executor {
 public:
  void Post(std::function<void()> work) override {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(std::move(work));
  }
  /// Runs the oldest piece of work only; false when there was none.
  bool RunOne() {
    std::function<void()> work;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (queue_.empty()) return false;
      work = std::move(queue_.front());
      queue_.pop_front();
    }
    work();
    return true;
  }
  /// Runs work until none is left (bounded, so that a loop shows as a failure).
  void Drain() {
    for (int i = 0; i < 100000; ++i) {
      std::function<void()> work;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (queue_.empty()) return;
        work = std::move(queue_.front());
        queue_.pop_front();
      }
      work();
    }
    ADD_FAILURE() << "the executor never ran dry";
  }

 private:
  std::mutex mutex_;
  std::deque<std::function<void()>> queue_;
};

/// What the client did with one connection the test accepted.
struct ServerSide {
  std::shared_ptr<::testing::NiceMock<testing::MockWebSocketConnection>> connection;
  WebSocketEvents events;
  std::vector<std::string> sent;
  int pings = 0;
  int aborts = 0;
  std::optional<int> close_code;
};

class RtaClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ON_CALL(*transport_, ConnectAsync(::testing::_, ::testing::_, ::testing::_))
        .WillByDefault(::testing::Invoke(holds_.Action()));
  }
  void TearDown() override {
    if (client_) client_->Shutdown();
    executor_->Drain();
  }

  /// The MPSD subscription as the multiplayer service uses it, recording what its handlers see.
  RtaSubscription Mpsd() {
    RtaSubscription subscription;
    subscription.resource = kMpsdResource;
    subscription.accept = [](nlohmann::json const& data) {
      return data.is_object() && data.contains("ConnectionId") && data["ConnectionId"].is_string() &&
             !data["ConnectionId"].get<std::string>().empty();
    };
    subscription.on_subscribed = [this](nlohmann::json const& data) { acks_.push_back(data); };
    subscription.on_event = [this](nlohmann::json const& data) { events_.push_back(data); };
    subscription.on_lost = [this](Error const& error) { lost_.push_back(error); };
    return subscription;
  }

  std::shared_ptr<RtaClient> Make(std::vector<RtaSubscription> subscriptions = {},
                                  RtaConnectionHandlers handlers = {}) {
    if (subscriptions.empty()) subscriptions.push_back(Mpsd());
    if (!handlers.on_resync) handlers.on_resync = [this] { ++resyncs_; };
    ClientOptions options;
    options.honor_environment = false;
    options.rta_endpoint = "ws://127.0.0.1:1/connect";
    options.clock = clock_;
    options.sleeper = sleeper_;
    options.callback_executor = executor_;
    options.jitter = [this] { return jitter_; };
    options.auth_token_provider = provider_ ? provider_ : StaticAuthToken("XBL3.0 x=1001;token");
    options.rta = settings_;
    context_ = ServiceContext::Create(std::make_shared<::testing::NiceMock<testing::MockHttpTransport>>(), options);
    RtaClientOptions rta;
    rta.transport = transport_;
    rta.executor = executor_;
    client_ = RtaClient::Create(context_, std::move(subscriptions), std::move(handlers), rta);
    return client_;
  }

  void Drain() { executor_->Drain(); }
  void Advance(std::chrono::milliseconds delta) {
    sleeper_->Advance(delta);
    Drain();
  }

  /// Completes connect `index` with a fresh mock connection.
  ServerSide& Accept(std::size_t index) {
    Drain();
    EXPECT_GT(holds_.size(), index) << "the client made no connect #" << index;
    auto pending = holds_.at(index);
    auto& side = sides_[index];
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
    Drain();
    return side;
  }

  /// Refuses connect `index` with `error`.
  void Refuse(std::size_t index, Error error) {
    Drain();
    ASSERT_GT(holds_.size(), index);
    holds_.at(index).on_done(std::move(error));
    Drain();
  }

  void Send(std::size_t index, std::string const& text) {
    sides_[index].events.on_text(text);
    Drain();
  }
  void CloseFromServer(std::size_t index, int code) {
    sides_[index].events.on_closed(WebSocketCloseStatus{code, "server"});
    Drain();
  }

  /// Accepts connect `index` and answers its Subscribe with `id`.
  ServerSide& Subscribe(std::size_t index, std::string const& id, std::int64_t sub_id = 1) {
    auto& side = Accept(index);
    EXPECT_FALSE(side.sent.empty());
    auto const seq = nlohmann::json::parse(side.sent.back())[1].get<std::int64_t>();
    Send(index, nlohmann::json::array({1, seq, 0, sub_id, {{"ConnectionId", id}}}).dump());
    return side;
  }

  std::shared_ptr<testing::ManualClock> clock_ = std::make_shared<testing::ManualClock>();
  std::shared_ptr<testing::SteppedSleeper> sleeper_ = std::make_shared<testing::SteppedSleeper>(clock_);
  std::shared_ptr<DrainedExecutor> executor_ = std::make_shared<DrainedExecutor>();
  std::shared_ptr<::testing::NiceMock<testing::MockWebSocketTransport>> transport_ =
      std::make_shared<::testing::NiceMock<testing::MockWebSocketTransport>>();
  testing::HoldConnects holds_;
  std::map<std::size_t, ServerSide> sides_;
  RtaSettings settings_;
  double jitter_ = 0.0;
  AuthTokenProvider provider_;
  std::shared_ptr<ServiceContext> context_;
  std::shared_ptr<RtaClient> client_;

  std::vector<nlohmann::json> acks_;
  std::vector<nlohmann::json> events_;
  std::vector<Error> lost_;
  int resyncs_ = 0;
};

}  // namespace xbl::rta
