#pragma once
// MultiplayerService's subscriptions over the mock connection and the scripted RTA server, on the
// manual clock and one executor the test drains (the RTA client's and the callback executor): the
// handlers run on the test's thread when it drains, so every step is deterministic.
#include "drained_executor.h"
#include "scripted_rta_server.h"
#include "wait_for.h"
#include "xbl/auth.h"
#include "xbl/multiplayer/multiplayer_service.h"
#include "xbl/testing/mock_http_transport.h"
#include "xbl/testing/mock_multiplayer_service_connection.h"
#include "xbl/testing/session_builder.h"
#include "xbl/testing/stepped_sleeper.h"
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace xbl::multiplayer {

inline constexpr char kUser[] = "1001";

class SubscriptionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ClientOptions options;
    options.honor_environment = false;
    options.rta_endpoint = "ws://127.0.0.1:1/connect";
    options.user_xuid = kUser;
    options.clock = clock_;
    options.sleeper = sleeper_;
    options.callback_executor = executor_;
    options.jitter = [] { return 0.0; };
    options.auth_token_provider = StaticAuthToken("XBL3.0 x=1001;token");
    options.diagnostics.trace_level = TraceLevel::kInfo;
    options.diagnostics.log_handler = [this](TraceLevel, std::string_view category, std::string_view message) {
      std::lock_guard<std::mutex> lock(log_mutex_);
      logs_.push_back(std::string(category) + ": " + std::string(message));
    };
    context_ = ServiceContext::Create(std::make_shared<::testing::NiceMock<testing::MockHttpTransport>>(), options);
    rta::RtaClientOptions rta;
    rta.transport = server_.transport;
    rta.executor = executor_;
    service_ = std::make_unique<MultiplayerService>(connection_, context_, rta);
  }
  void TearDown() override {
    if (service_) service_->Shutdown();
    executor_->Drain();
  }

  /// The task's value once draining the executor has completed it (bounded).
  template <typename T>
  T Completed(pplx::task<T> task) {
    bool const done = testing_support::WaitUntil([&] {
      executor_->Drain();
      return task.is_done();
    });
    EXPECT_TRUE(done) << "the task never completed";
    return done ? task.get() : T(Error(ErrorCode::kTimeout, "never completed"));
  }

  /// Enables and answers the first Subscribe with `id`.
  Result<std::string> EnableWith(std::string const& id) {
    auto enabled = service_->EnableSubscriptionsAsync();
    server_.Subscribe(0, id);
    return Completed(enabled);
  }

  /// An Event on connection `index` carrying one tap of `reference` at (branch, change number).
  void Tap(std::size_t index, SessionReference const& reference, std::string const& branch, std::uint64_t change,
           std::int64_t sub_id = 1) {
    nlohmann::json tap = {{"timestamp", "2026-12-07T03:00:00.0000000Z"},
                          {"subscription", "7b8a6c2e-0d0e-4f6a-9b1c-2d3e4f5a6b7c"},
                          {"resourceType", "mpsd/session"},
                          {"resource", reference.scid + "~" + reference.template_name + "~" + reference.name},
                          {"branch", branch},
                          {"changeNumber", change}};
    nlohmann::json data = {{"ncid", "5f0e1d2c-3b4a-4968-8776-655443322110"}, {"shoulderTaps", {tap}}};
    server_.Send(index, nlohmann::json::array({3, sub_id, data}).dump());
  }

  /// The session as the service returns it with this user active at (branch, change number).
  static MultiplayerSession ActiveIn(SessionReference const& reference, std::string const& branch,
                                     std::uint64_t change) {
    return testing::SessionBuilder(reference).change(branch, change).member(kUser).read_by(kUser).Build();
  }

  /// This user joins `reference` active, the service answering at (branch, change number).
  void JoinActive(SessionReference const& reference, std::string const& branch, std::uint64_t change) {
    // A default action, not an expectation: a test's own ON_CALL later replaces it, where a
    // retired expectation would make every later write an unexpected call.
    auto const calls = std::make_shared<int>(0);
    ON_CALL(*connection_, WriteSessionAsync(::testing::_, ::testing::_, ::testing::_))
        .WillByDefault(
            [calls, reference, branch, change](MultiplayerSession const&, SessionWriteMode, pplx::cancellation_token) {
              ++*calls;
              return testing::WrittenSession(ActiveIn(reference, branch, change));
            });
    MultiplayerSession session(reference, kUser);
    ASSERT_TRUE(session.Join().ok());
    auto written = Completed(service_->WriteSessionAsync(session, SessionWriteMode::kUpdateOrCreateNew));
    ASSERT_TRUE(written.ok()) << written.error().ToString();
    EXPECT_EQ(*calls, 1) << "the join is one write";
  }

  /// Drops connection 0 without a close frame and accepts the reconnect with `id`.
  void ReconnectWith(std::string const& id) {
    server_.CloseFromServer(0, kWebSocketAbnormalClose);
    sleeper_->Advance(context_->options().rta.reconnect_base);
    executor_->Drain();
    server_.Subscribe(1, id);
    executor_->Drain();
  }

  bool Logged(std::string const& part) {
    std::lock_guard<std::mutex> lock(log_mutex_);
    for (auto const& line : logs_) {
      if (line.find(part) != std::string::npos) return true;
    }
    return false;
  }

  std::shared_ptr<testing::ManualClock> clock_ = std::make_shared<testing::ManualClock>();
  std::shared_ptr<testing::SteppedSleeper> sleeper_ = std::make_shared<testing::SteppedSleeper>(clock_);
  std::shared_ptr<testing_support::DrainedExecutor> executor_ = std::make_shared<testing_support::DrainedExecutor>();
  testing_support::ScriptedRtaServer server_{executor_};
  std::shared_ptr<::testing::NiceMock<testing::MockMultiplayerServiceConnection>> connection_ =
      std::make_shared<::testing::NiceMock<testing::MockMultiplayerServiceConnection>>();
  std::shared_ptr<ServiceContext> context_;
  std::unique_ptr<MultiplayerService> service_;
  std::mutex log_mutex_;
  std::vector<std::string> logs_;

  SessionReference const lobby_{"7492baca-c1b4-440d-a391-b7ef00000001", "lobby", "Game-1"};
  SessionReference const match_{"7492baca-c1b4-440d-a391-b7ef00000001", "match", "Match-7"};
  std::string const branch_ = "0c5e7a4b-9f1d-4e2a-8b3c-1d2e3f4a5b6c";
};

}  // namespace xbl::multiplayer
