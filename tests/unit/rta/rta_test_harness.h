#pragma once
// The RTA client on the mock WebSocket (played by `ScriptedRtaServer`), the manual clock and a
// queue the test drains: every step happens when the test says so, on the test's thread, with no
// real waiting.
#include "drained_executor.h"
#include "scripted_rta_server.h"
#include "xbl/auth.h"
#include "xbl/rta/rta_client.h"
#include "xbl/testing/mock_http_transport.h"
#include "xbl/testing/mock_websocket_transport.h"
#include "xbl/testing/stepped_sleeper.h"
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <mutex>
#include <optional>

namespace xbl::rta {

using testing_support::DrainedExecutor;
using testing_support::ServerSide;

inline constexpr char kMpsdResource[] = "https://sessiondirectory.xboxlive.com/connections/";

class RtaClientTest : public ::testing::Test {
 protected:
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
    options.diagnostics = diagnostics_;
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

  ServerSide& Accept(std::size_t index) { return server_.Accept(index); }
  void Refuse(std::size_t index, Error error) { server_.Refuse(index, std::move(error)); }
  void Send(std::size_t index, std::string const& text) { server_.Send(index, text); }
  void CloseFromServer(std::size_t index, int code) { server_.CloseFromServer(index, code); }
  ServerSide& Subscribe(std::size_t index, std::string const& id, std::int64_t sub_id = 1) {
    return server_.Subscribe(index, id, sub_id);
  }

  std::shared_ptr<testing::ManualClock> clock_ = std::make_shared<testing::ManualClock>();
  std::shared_ptr<testing::SteppedSleeper> sleeper_ = std::make_shared<testing::SteppedSleeper>(clock_);
  std::shared_ptr<DrainedExecutor> executor_ = std::make_shared<DrainedExecutor>();
  testing_support::ScriptedRtaServer server_{executor_};
  std::shared_ptr<::testing::NiceMock<testing::MockWebSocketTransport>>& transport_ = server_.transport;
  testing::HoldConnects& holds_ = server_.holds;
  std::map<std::size_t, ServerSide>& sides_ = server_.sides;
  RtaSettings settings_;
  DiagnosticsOptions diagnostics_;
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
