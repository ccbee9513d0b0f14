// The RTA client's obligations (docs/rta-protocol.md R-51 to R-58, R-67, R-69 to R-72) on the
// mock WebSocket and the manual clock.
#include "rta_test_harness.h"
#include <thread>

namespace xbl::rta {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

nlohmann::json Frame(std::string const& text) { return nlohmann::json::parse(text); }

TEST_F(RtaClientTest, R51_UpgradeCarriesTheTokenAndOffersOnlyV2) {
  Make()->Start();
  Drain();
  ASSERT_EQ(holds_.size(), 1u);
  auto const request = holds_.at(0).request;
  EXPECT_EQ(request.url, "ws://127.0.0.1:1/connect");
  EXPECT_EQ(HeaderValue(request.headers, "Authorization"), "XBL3.0 x=1001;token");
  EXPECT_EQ(request.subprotocols, std::vector<std::string>{"rta.xboxlive.com.V2"});
}

TEST_F(RtaClientTest, R51_A401RefreshesTheTokenOnceAndTriesAgain) {
  std::vector<bool> forced;
  provider_ = [&forced](bool force, pplx::cancellation_token) {
    forced.push_back(force);
    return pplx::task_from_result(Result<std::string>(std::string(force ? "fresh" : "stale")));
  };
  Make()->Start();
  Refuse(0, Error(ErrorCode::kUnauthorized, "401", 401));
  ASSERT_EQ(holds_.size(), 2u);
  EXPECT_EQ(forced, (std::vector<bool>{false, true}));
  EXPECT_EQ(HeaderValue(holds_.at(1).request.headers, "Authorization"), "fresh");
  // A second 401 is a failure like any other: no third immediate try.
  Refuse(1, Error(ErrorCode::kUnauthorized, "401", 401));
  EXPECT_EQ(holds_.size(), 2u);
}

TEST_F(RtaClientTest, R52_SubscribesToExactlyTheResourceWithSeqFromOneOnEverySocket) {
  Make()->Start();
  auto& first = Subscribe(0, "c-1");
  ASSERT_EQ(first.sent.size(), 1u);
  EXPECT_EQ(Frame(first.sent[0]), nlohmann::json::array({1, 1, kMpsdResource}));
  ASSERT_EQ(acks_.size(), 1u);
  EXPECT_EQ(acks_[0]["ConnectionId"], "c-1");
  EXPECT_TRUE(client_->subscribed());

  CloseFromServer(0, 1000);
  Advance(settings_.reconnect_base);
  auto& second = Accept(1);
  ASSERT_EQ(second.sent.size(), 1u);
  EXPECT_EQ(Frame(second.sent[0]), nlohmann::json::array({1, 1, kMpsdResource}));
}

TEST_F(RtaClientTest, R53_HandshakeDeadlineCountsAsAFailedAttempt) {
  Make()->Start();
  Drain();
  Advance(settings_.handshake_timeout - milliseconds(1));
  EXPECT_EQ(holds_.size(), 1u);
  Advance(milliseconds(1));  // the deadline
  Advance(settings_.reconnect_base);
  EXPECT_EQ(holds_.size(), 2u);
  // The late connection of the first attempt is dropped at once.
  auto& late = Accept(0);
  EXPECT_EQ(late.aborts, 1);
  EXPECT_TRUE(late.sent.empty());
}

TEST_F(RtaClientTest, R53_SubscribeDeadlineAbortsAndReconnects) {
  Make()->Start();
  auto& side = Accept(0);
  Advance(settings_.subscribe_timeout - milliseconds(1));
  EXPECT_EQ(side.aborts, 0);
  Advance(milliseconds(1));
  EXPECT_EQ(side.aborts, 1);
  Advance(settings_.reconnect_base);
  EXPECT_EQ(holds_.size(), 2u);
}

TEST_F(RtaClientTest, R54_AcknowledgementWithoutAConnectionIdClosesWith1002AndBacksOff) {
  Make()->Start();
  auto& side = Accept(0);
  Send(0, R"([1,1,0,1,{}])");
  EXPECT_EQ(side.close_code, 1002);
  EXPECT_TRUE(acks_.empty());
  EXPECT_FALSE(client_->subscribed());
  Advance(settings_.reconnect_base);
  EXPECT_EQ(holds_.size(), 2u);
}

TEST_F(RtaClientTest, R55_R56_EveryUnexpectedEndReconnectsWithCappedDoublingBackoff) {
  Make()->Start();
  std::vector<milliseconds> waits;
  for (std::size_t attempt = 0; attempt < 8; ++attempt) {
    auto const before = clock_->elapsed();
    if (attempt % 2 == 0) {
      Accept(attempt);
      CloseFromServer(attempt, attempt == 0 ? 1000 : kWebSocketAbnormalClose);  // 1000 counts too
    } else {
      Refuse(attempt, Error(ErrorCode::kNetwork, "refused", 503));
    }
    // Step until the next attempt starts, to measure the wait.
    for (int step = 0; step < 200 && holds_.size() == attempt + 1; ++step) Advance(milliseconds(500));
    ASSERT_EQ(holds_.size(), attempt + 2);
    waits.push_back(std::chrono::duration_cast<milliseconds>(clock_->elapsed() - before));
  }
  EXPECT_EQ(waits, (std::vector<milliseconds>{seconds(1), seconds(2), seconds(4), seconds(8), seconds(16), seconds(32),
                                              seconds(60), seconds(60)}));
}

TEST_F(RtaClientTest, R56_JitterAddsUpToHalfTheDelay) {
  jitter_ = 0.5;
  Make()->Start();
  Accept(0);
  CloseFromServer(0, 1006);
  Advance(milliseconds(1249));
  EXPECT_EQ(holds_.size(), 1u);
  Advance(milliseconds(1));  // 1 s plus 0.5 * 1 s / 2
  EXPECT_EQ(holds_.size(), 2u);
}

TEST_F(RtaClientTest, R56_CountStartsAgainAfterAConnectionStayedSubscribed) {
  Make()->Start();
  Refuse(0, Error(ErrorCode::kNetwork, "refused"));
  Advance(seconds(1));
  Refuse(1, Error(ErrorCode::kNetwork, "refused"));
  Advance(seconds(2));
  Subscribe(2, "c-1");
  Advance(settings_.backoff_reset_after);
  CloseFromServer(2, 1006);
  Advance(seconds(1));  // back to the first delay, not the third
  EXPECT_EQ(holds_.size(), 4u);
}

TEST_F(RtaClientTest, R57_ThrottledSubscribeIsRetriedOnTheSameSocket) {
  Make()->Start();
  auto& side = Accept(0);
  Send(0, R"([1,1,1001,"Throttled"])");
  EXPECT_TRUE(lost_.empty());
  Advance(seconds(1));
  ASSERT_EQ(side.sent.size(), 2u);
  EXPECT_EQ(Frame(side.sent[1]), nlohmann::json::array({1, 2, kMpsdResource}));
  EXPECT_EQ(holds_.size(), 1u);
  Send(0, R"([1,2,0,1,{"ConnectionId":"c-1"}])");
  EXPECT_EQ(acks_.size(), 1u);
}

TEST_F(RtaClientTest, R57_UnknownResourceRaisesLostAtOnceAndKeepsRetrying) {
  Make()->Start();
  auto& side = Accept(0);
  Send(0, R"([1,1,1,"UnknownResource"])");
  ASSERT_EQ(lost_.size(), 1u);
  EXPECT_NE(lost_[0].message.find("UnknownResource"), std::string::npos);
  Advance(seconds(1));
  EXPECT_EQ(side.sent.size(), 2u);
}

TEST_F(RtaClientTest, R58_LostIsRaisedOncePerOutageAndTheNextAcknowledgementResumes) {
  Make()->Start();
  Subscribe(0, "c-1");
  auto const outage_start = clock_->elapsed();
  CloseFromServer(0, 1006);
  std::size_t attempt = 1;
  for (; attempt < 20 && clock_->elapsed() - outage_start < settings_.lost_after * 2; ++attempt) {
    for (int step = 0; step < 400 && holds_.size() == attempt; ++step) Advance(milliseconds(500));
    if (clock_->elapsed() - outage_start < settings_.lost_after) {
      EXPECT_TRUE(lost_.empty());
    }
    Refuse(attempt, Error(ErrorCode::kNetwork, "refused"));
  }
  EXPECT_EQ(lost_.size(), 1u) << "once per outage, however long it lasts";
  for (int step = 0; step < 400 && holds_.size() == attempt; ++step) Advance(milliseconds(500));
  Subscribe(attempt, "c-2");
  EXPECT_EQ(acks_.back()["ConnectionId"], "c-2");
  EXPECT_TRUE(client_->subscribed());
}

TEST_F(RtaClientTest, R58_NeverConnectingAlsoRaisesLost) {
  Make()->Start();
  Drain();
  Advance(settings_.lost_after - milliseconds(1));
  EXPECT_TRUE(lost_.empty());
  Advance(milliseconds(1));
  EXPECT_EQ(lost_.size(), 1u);
}

TEST_F(RtaClientTest, R64_EventsOfTheHeldSubIdReachTheHandler) {
  Make()->Start();
  Subscribe(0, "c-1", 7);
  Send(0, R"([3,7,{"ncid":"n","shoulderTaps":[]}])");
  ASSERT_EQ(events_.size(), 1u);
  EXPECT_EQ(events_[0]["ncid"], "n");
}

TEST_F(RtaClientTest, R67_UnknownSubIdsTypesAndMalformedFramesAreIgnoredAndTheSocketStays) {
  Make()->Start();
  auto& side = Subscribe(0, "c-1", 1);
  Send(0, R"([3,99,{"shoulderTaps":[]}])");
  Send(0, R"([9,"whatever"])");
  Send(0, "not json");
  Send(0, R"({"an":"object"})");
  Send(0, R"([3])");
  Send(0, R"([1,42,0,5,{"ConnectionId":"x"}])");  // a reply to nothing sent
  EXPECT_TRUE(events_.empty());
  EXPECT_EQ(acks_.size(), 1u);
  EXPECT_EQ(side.aborts, 0);
  EXPECT_FALSE(side.close_code.has_value());
  EXPECT_TRUE(client_->subscribed());
  Send(0, R"([3,1,{"shoulderTaps":[]}])");
  EXPECT_EQ(events_.size(), 1u);
}

TEST_F(RtaClientTest, R68_ResyncReachesItsHandler) {
  Make()->Start();
  Subscribe(0, "c-1");
  Send(0, "[4]");
  EXPECT_EQ(resyncs_, 1);
}

TEST_F(RtaClientTest, R69_QuietSocketIsPingedAndAbortedWhenNothingAnswers) {
  Make()->Start();
  auto& side = Subscribe(0, "c-1");
  Advance(settings_.ping_interval - milliseconds(1));
  EXPECT_EQ(side.pings, 0);
  Advance(milliseconds(1));
  EXPECT_EQ(side.pings, 1);
  Advance(settings_.pong_timeout - milliseconds(1));
  EXPECT_EQ(side.aborts, 0);
  Advance(milliseconds(1));
  EXPECT_EQ(side.aborts, 1);
  EXPECT_FALSE(client_->subscribed());
  Advance(settings_.reconnect_base);
  EXPECT_EQ(holds_.size(), 2u);
}

TEST_F(RtaClientTest, R69_APongKeepsTheSocketAndFramesPostponeThePing) {
  Make()->Start();
  auto& side = Subscribe(0, "c-1");
  Advance(seconds(20));
  Send(0, R"([3,1,{"shoulderTaps":[]}])");  // a frame: the quiet period starts again
  Advance(seconds(29));
  EXPECT_EQ(side.pings, 0);
  Advance(seconds(1));
  EXPECT_EQ(side.pings, 1);
  side.events.on_pong();
  Drain();
  Advance(settings_.pong_timeout);
  EXPECT_EQ(side.aborts, 0);
  EXPECT_TRUE(client_->subscribed());
}

TEST_F(RtaClientTest, R70_RenewalSubscribesANewSocketBeforeClosingTheOldOne) {
  Make()->Start();
  auto& old_side = Subscribe(0, "c-1");
  // Keep the old socket lively so that the pings do not interfere.
  for (int i = 0; i < 200 && holds_.size() == 1; ++i) {
    Advance(seconds(29));
    old_side.events.on_pong();
    Drain();
    if (clock_->elapsed() > settings_.renew_after + seconds(60)) break;
  }
  ASSERT_EQ(holds_.size(), 2u) << "a renewal connect";
  EXPECT_FALSE(old_side.close_code.has_value()) << "make before break";
  EXPECT_TRUE(client_->subscribed());
  Subscribe(1, "c-2");
  EXPECT_EQ(old_side.close_code, 1000);
  EXPECT_EQ(acks_.back()["ConnectionId"], "c-2");
  EXPECT_TRUE(client_->subscribed());
  // The old socket's own close is expected: no reconnect follows it.
  CloseFromServer(0, 1000);
  Advance(seconds(5));
  EXPECT_EQ(holds_.size(), 2u);
}

TEST_F(RtaClientTest, R70_RenewOnRequestIsMakeBeforeBreak) {
  Make()->Start();
  auto& old_side = Subscribe(0, "c-1");
  client_->Renew();
  Drain();
  ASSERT_EQ(holds_.size(), 2u);
  EXPECT_FALSE(old_side.close_code.has_value());
  Subscribe(1, "c-2");
  EXPECT_EQ(old_side.close_code, 1000);
}

TEST_F(RtaClientTest, R70_ARefreshedTokenRenewsTheSocketWithItMakeBeforeBreak) {
  std::string current = "XBL3.0 x=1001;first";
  provider_ = [&current](bool, pplx::cancellation_token) { return pplx::task_from_result(Result<std::string>(current)); };
  Make()->Start();
  auto& old_side = Subscribe(0, "c-1");
  for (int i = 0; i < 3; ++i) {
    Advance(settings_.ping_interval);
    old_side.events.on_pong();
    Drain();
  }
  ASSERT_EQ(holds_.size(), 1u) << "the same token: no renewal";
  current = "XBL3.0 x=1001;second";  // the title refreshed its token
  Advance(settings_.ping_interval);
  ASSERT_EQ(holds_.size(), 2u) << "a renewal connect within one ping interval of the change";
  EXPECT_EQ(holds_.at(1).request.headers.at("Authorization"), current);
  EXPECT_FALSE(old_side.close_code.has_value()) << "make before break";
  old_side.events.on_pong();
  Drain();
  Subscribe(1, "c-2");
  EXPECT_EQ(old_side.close_code, 1000);
  EXPECT_EQ(acks_.back()["ConnectionId"], "c-2");
  auto& new_side = sides_.at(1);
  Advance(settings_.ping_interval);
  new_side.events.on_pong();
  Drain();
  EXPECT_EQ(holds_.size(), 2u) << "the new socket carries the new token: no further renewal";
}

TEST_F(RtaClientTest, R71_AThrowingHandlerIsCaughtAndLaterHandlersStillRun) {
  auto subscription = Mpsd();
  int calls = 0;
  subscription.on_event = [&calls](nlohmann::json const&) {
    ++calls;
    throw std::runtime_error("title bug");
  };
  Make({subscription})->Start();
  Subscribe(0, "c-1");
  Send(0, R"([3,1,{}])");
  Send(0, R"([3,1,{}])");
  EXPECT_EQ(calls, 2);
}

TEST_F(RtaClientTest, R71_HandlersAreNotRunOnTheSocketsThread) {
  Make()->Start();
  Subscribe(0, "c-1");
  sides_[0].events.on_text(R"([3,1,{}])");  // the transport's thread only enqueues
  EXPECT_TRUE(events_.empty());
  Drain();
  EXPECT_EQ(events_.size(), 1u);
}

TEST_F(RtaClientTest, R72_ShutdownUnsubscribesClosesAndNoHandlerRunsAfterIt) {
  Make()->Start();
  auto& side = Subscribe(0, "c-1", 3);
  side.events.on_text(R"([3,3,{}])");
  ASSERT_TRUE(executor_->RunOne());  // the client reads the Event and queues the handler
  client_->Shutdown();
  ASSERT_EQ(side.sent.size(), 2u);
  EXPECT_EQ(Frame(side.sent[1]), nlohmann::json::array({2, 2, 3}));
  EXPECT_EQ(side.close_code, 1000);
  Drain();
  EXPECT_TRUE(events_.empty());
  Advance(seconds(120));
  EXPECT_EQ(holds_.size(), 1u) << "no reconnect after Shutdown";
  client_->Shutdown();  // idempotent
}

TEST_F(RtaClientTest, R72_ShutdownWaitsForARunningHandlerAndAHandlerMayCallIt) {
  auto subscription = Mpsd();
  std::atomic<bool> entered{false};
  std::atomic<bool> release{false};
  std::atomic<bool> finished{false};
  subscription.on_event = [&](nlohmann::json const&) {
    entered = true;
    while (!release) std::this_thread::yield();
    finished = true;
  };
  subscription.on_subscribed = [this](nlohmann::json const&) { client_->Shutdown(); };  // from a handler: no deadlock
  Make({subscription})->Start();
  auto& side = Accept(0);
  side.events.on_text(R"([1,1,0,1,{"ConnectionId":"c-1"}])");
  Drain();
  EXPECT_EQ(side.close_code, 1000);

  // A second client whose handler is still running when Shutdown is called elsewhere.
  auto other = Mpsd();
  other.on_event = subscription.on_event;
  client_ = nullptr;
  sides_.clear();
  Make({other})->Start();
  Subscribe(1, "c-2");
  sides_[1].events.on_text(R"([3,1,{}])");
  std::thread runner([this] { Drain(); });
  while (!entered) std::this_thread::yield();
  std::thread stopper([this] { client_->Shutdown(); });
  std::this_thread::sleep_for(milliseconds(20));
  EXPECT_FALSE(finished);
  release = true;
  stopper.join();
  EXPECT_TRUE(finished) << "Shutdown returned while a handler ran";
  runner.join();
}

}  // namespace
}  // namespace xbl::rta
