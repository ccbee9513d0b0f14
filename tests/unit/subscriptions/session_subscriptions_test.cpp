// Enabling, shoulder taps becoming session-changed events, the handlers' tokens and isolation,
// and disabling (docs/live-sessions.md; docs/rta-protocol.md R-49, R-64, R-65, R-71 to R-73).
#include "subscriptions_test_harness.h"
#include <stdexcept>

namespace xbl::multiplayer {
namespace {

using ::testing::ElementsAre;

TEST_F(SubscriptionsTest, EnablingConnectsToTheRtaEndpointAndSubscribesToTheMpsdResource) {
  auto enabled = service_->EnableSubscriptionsAsync();
  executor_->Drain();
  ASSERT_EQ(server_.holds.size(), 1u);
  auto const request = server_.holds.at(0).request;
  EXPECT_EQ(request.url, "ws://127.0.0.1:1/connect");
  EXPECT_THAT(request.subprotocols, ElementsAre("rta.xboxlive.com.V2"));
  EXPECT_TRUE(service_->subscriptions_enabled());

  auto& side = server_.Accept(0);
  ASSERT_EQ(side.sent.size(), 1u);
  EXPECT_EQ(nlohmann::json::parse(side.sent[0]),
            nlohmann::json::array({1, 1, "https://sessiondirectory.xboxlive.com/connections/"}));
  EXPECT_FALSE(enabled.is_done()) << "enabling completes with the first ConnectionId, not before";

  server_.Send(0, R"([1,1,0,1,{"ConnectionId":"d3c1a2b4-0000-4000-8000-000000000001"}])");
  auto const id = Completed(enabled);
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  EXPECT_EQ(*id, "d3c1a2b4-0000-4000-8000-000000000001");
  EXPECT_EQ(service_->connection_id(), *id);
}

TEST_F(SubscriptionsTest, EnablingTimesOutAfterConnectionWaitButStaysEnabledAndKeepsTrying) {
  auto enabled = service_->EnableSubscriptionsAsync();
  executor_->Drain();
  sleeper_->Advance(context_->options().rta.connection_wait);
  auto const timed_out = Completed(enabled);
  ASSERT_FALSE(timed_out.ok());
  EXPECT_EQ(timed_out.error().code, ErrorCode::kTimeout);
  EXPECT_TRUE(service_->subscriptions_enabled());

  // The first connect's handshake timed out meanwhile; after its backoff the client tries again.
  sleeper_->Advance(context_->options().rta.reconnect_base);
  executor_->Drain();
  auto const connects = server_.holds.size();
  ASSERT_GE(connects, 2u) << "the client kept trying";
  server_.Subscribe(connects - 1, "late-id");
  EXPECT_EQ(service_->connection_id(), "late-id");
  auto const again = Completed(service_->EnableSubscriptionsAsync());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, "late-id");
  EXPECT_EQ(server_.holds.size(), connects) << "enabling again reuses the standing connection";
}

TEST_F(SubscriptionsTest, EnablingAServiceWithoutAContextFailsWithInvalidState) {
  MultiplayerService bare(connection_);
  auto const result = Completed(bare.EnableSubscriptionsAsync());
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidState);
  EXPECT_EQ(server_.holds.size(), 0u);
}

TEST_F(SubscriptionsTest, ATapBecomesOneSessionChangedEventWithReferenceBranchAndChangeNumber) {
  std::vector<SessionChangedEvent> events;
  auto token = service_->AddSessionChangedHandler([&](SessionChangedEvent const& event) { events.push_back(event); });
  ASSERT_TRUE(EnableWith("id-1").ok());

  Tap(0, lobby_, branch_, 12);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].reference.scid, lobby_.scid);
  EXPECT_EQ(events[0].reference.template_name, lobby_.template_name);
  EXPECT_EQ(events[0].reference.name, lobby_.name);
  EXPECT_EQ(events[0].branch, branch_);
  EXPECT_EQ(events[0].change_number, 12u);
}

TEST_F(SubscriptionsTest, ARepeatedTapInAnotherCaseIsDeliveredOnce) {
  std::vector<SessionChangedEvent> events;
  auto token = service_->AddSessionChangedHandler([&](SessionChangedEvent const& event) { events.push_back(event); });
  ASSERT_TRUE(EnableWith("id-1").ok());

  Tap(0, lobby_, branch_, 12);
  SessionReference shouted{"7492BACA-C1B4-440D-A391-B7EF00000001", "LOBBY", "GAME-1"};
  std::string upper_branch = "0C5E7A4B-9F1D-4E2A-8B3C-1D2E3F4A5B6C";
  Tap(0, shouted, upper_branch, 12);
  Tap(0, lobby_, branch_, 11);
  EXPECT_EQ(events.size(), 1u) << "the same (branch, change number) in any case, or an older one, is not news";

  Tap(0, shouted, upper_branch, 13);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].change_number, 13u);
}

TEST_F(SubscriptionsTest, ATapForASessionTheUserIsActiveInNamesItAsTheTitleSpelledIt) {
  ASSERT_TRUE(EnableWith("id-1").ok());
  JoinActive(lobby_, branch_, 3);
  std::vector<SessionChangedEvent> events;
  auto token = service_->AddSessionChangedHandler([&](SessionChangedEvent const& event) { events.push_back(event); });

  Tap(0, {lobby_.scid, "LOBBY", "game-1"}, branch_, 4);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].reference, lobby_);
}

TEST_F(SubscriptionsTest, ATapOfAChangeThisServiceWroteIsNotNews) {
  ASSERT_TRUE(EnableWith("id-1").ok());
  JoinActive(lobby_, branch_, 3);
  int changed = 0;
  auto token = service_->AddSessionChangedHandler([&](SessionChangedEvent const&) { ++changed; });

  Tap(0, lobby_, branch_, 3);
  EXPECT_EQ(changed, 0) << "the write's own result already showed change number 3";
}

TEST_F(SubscriptionsTest, AMalformedTapIsSkippedAndLoggedAndTheNextOneStillArrives) {
  int changed = 0;
  auto token = service_->AddSessionChangedHandler([&](SessionChangedEvent const&) { ++changed; });
  ASSERT_TRUE(EnableWith("id-1").ok());

  server_.Send(0, R"([3,1,{"shoulderTaps":[{"resource":"only~two","branch":"b","changeNumber":1}]}])");
  EXPECT_EQ(changed, 0);
  EXPECT_TRUE(Logged("only~two"));
  Tap(0, lobby_, branch_, 1);
  EXPECT_EQ(changed, 1);
}

TEST_F(SubscriptionsTest, ADestroyedTokenRemovesItsHandler) {
  int kept = 0;
  int removed = 0;
  auto keep = service_->AddSessionChangedHandler([&](SessionChangedEvent const&) { ++kept; });
  auto drop = service_->AddSessionChangedHandler([&](SessionChangedEvent const&) { ++removed; });
  ASSERT_TRUE(EnableWith("id-1").ok());

  Tap(0, lobby_, branch_, 1);
  EXPECT_EQ(kept, 1);
  EXPECT_EQ(removed, 1);
  { auto gone = std::move(drop); }
  EXPECT_FALSE(drop);
  Tap(0, lobby_, branch_, 2);
  EXPECT_EQ(kept, 2);
  EXPECT_EQ(removed, 1) << "a handler whose token was destroyed is not called again";
}

TEST_F(SubscriptionsTest, AThrowingHandlerIsLoggedAndTheOthersStillRun) {
  auto thrower = service_->AddSessionChangedHandler(
      [](SessionChangedEvent const&) { throw std::runtime_error("the title's handler broke"); });
  int after = 0;
  auto counter = service_->AddSessionChangedHandler([&](SessionChangedEvent const&) { ++after; });
  ASSERT_TRUE(EnableWith("id-1").ok());

  Tap(0, lobby_, branch_, 1);
  EXPECT_EQ(after, 1) << "the handler after the throwing one still ran";
  EXPECT_TRUE(Logged("the title's handler broke"));
  Tap(0, lobby_, branch_, 2);
  EXPECT_EQ(after, 2) << "the subscription still works";
}

TEST_F(SubscriptionsTest, ConnectionIdChangedReportsTheFirstIdAndEachNewOne) {
  std::vector<std::string> ids;
  auto token = service_->AddConnectionIdChangedHandler([&](std::string const& id) { ids.push_back(id); });
  ASSERT_TRUE(EnableWith("id-1").ok());
  ReconnectWith("id-2");
  EXPECT_THAT(ids, ElementsAre("id-1", "id-2"));
  EXPECT_EQ(service_->connection_id(), "id-2");
}

TEST_F(SubscriptionsTest, DisablingFiresSubscriptionLostAndNoHandlerRunsAfterItReturns) {
  int changed = 0;
  std::vector<Error> lost;
  auto on_change = service_->AddSessionChangedHandler([&](SessionChangedEvent const&) { ++changed; });
  auto on_lost = service_->AddSubscriptionLostHandler([&](Error const& error) { lost.push_back(error); });
  ASSERT_TRUE(EnableWith("id-1").ok());

  // A tap far enough along that its session-changed delivery is queued but has not run.
  nlohmann::json tap = {{"resource", lobby_.scid + "~lobby~Game-1"}, {"branch", branch_}, {"changeNumber", 5}};
  server_.sides[0].events.on_text(nlohmann::json::array({3, 1, {{"shoulderTaps", {tap}}}}).dump());
  ASSERT_TRUE(executor_->RunOne());  // the client reads the frame and posts its event handler
  ASSERT_TRUE(executor_->RunOne());  // that handler turns the tap into a queued delivery
  EXPECT_EQ(changed, 0);

  auto disabled = service_->DisableSubscriptionsAsync();
  EXPECT_FALSE(service_->subscriptions_enabled());
  EXPECT_TRUE(service_->connection_id().empty());
  auto const done = Completed(disabled);
  EXPECT_TRUE(done.ok());
  EXPECT_EQ(changed, 0) << "a delivery queued before disabling does not run after it";
  ASSERT_EQ(lost.size(), 1u);
  EXPECT_EQ(lost[0].code, ErrorCode::kCancelled);

  auto const& side = server_.sides[0];
  ASSERT_FALSE(side.sent.empty());
  EXPECT_EQ(nlohmann::json::parse(side.sent.back())[0], 2) << "an Unsubscribe went out";
  EXPECT_EQ(side.close_code, 1000);
}

TEST_F(SubscriptionsTest, ALaterEnableStartsAFreshSocketWithAFreshConnectionId) {
  ASSERT_TRUE(EnableWith("id-1").ok());
  ASSERT_TRUE(Completed(service_->DisableSubscriptionsAsync()).ok());
  auto enabled = service_->EnableSubscriptionsAsync();
  server_.Subscribe(1, "id-2");
  auto const id = Completed(enabled);
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(*id, "id-2");
  EXPECT_EQ(server_.holds.size(), 2u);
}

TEST_F(SubscriptionsTest, ARefusedSubscribeRaisesSubscriptionLost) {
  std::vector<Error> lost;
  auto on_lost = service_->AddSubscriptionLostHandler([&](Error const& error) { lost.push_back(error); });
  auto enabled = service_->EnableSubscriptionsAsync();
  server_.Accept(0);
  server_.Send(0, R"([1,1,2,"SubscriptionLimitReached"])");
  ASSERT_EQ(lost.size(), 1u);
  EXPECT_NE(lost[0].message.find("SubscriptionLimitReached"), std::string::npos);
}

TEST_F(SubscriptionsTest, AHandlerMayDisableTheSubscriptionsWithoutDeadlock) {
  pplx::task<Result<void>> disabled;
  auto token = service_->AddSessionChangedHandler(
      [&](SessionChangedEvent const&) { disabled = service_->DisableSubscriptionsAsync(); });
  ASSERT_TRUE(EnableWith("id-1").ok());
  Tap(0, lobby_, branch_, 1);
  EXPECT_TRUE(Completed(disabled).ok());
  EXPECT_FALSE(service_->subscriptions_enabled());
}

TEST_F(SubscriptionsTest, NoHandlerRunsAfterShutdownAndEnablingThenFails) {
  int changed = 0;
  auto token = service_->AddSessionChangedHandler([&](SessionChangedEvent const&) { ++changed; });
  ASSERT_TRUE(EnableWith("id-1").ok());
  server_.sides[0].events.on_text(
      nlohmann::json::array(
          {3, 1, {{"shoulderTaps", {{{"resource", "s~t~n"}, {"branch", branch_}, {"changeNumber", 1}}}}}})
          .dump());
  service_->Shutdown();
  executor_->Drain();
  EXPECT_EQ(changed, 0);
  auto const again = Completed(service_->EnableSubscriptionsAsync());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kShutdown);
}

}  // namespace
}  // namespace xbl::multiplayer
