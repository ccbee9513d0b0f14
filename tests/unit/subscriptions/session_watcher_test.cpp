// SessionWatcher over the mock connection and the scripted RTA server, on the manual clock: the
// first snapshot, taps becoming reads with If-None-Match and one ordered event per change, the
// re-reads after a new connection id and a Resync, ended sessions, failures, Unwatch and Stop
// (docs/live-sessions.md, "Watching sessions").
#include "subscriptions_test_harness.h"
#include "xbl/multiplayer/session_watcher.h"
#include <condition_variable>
#include <deque>
#include <stdexcept>

namespace xbl::multiplayer {
namespace {

using ::testing::_;

class SessionWatcherTest : public SubscriptionsTest {
 protected:
  void SetUp() override {
    SubscriptionsTest::SetUp();
    // Reads answer from `current_` (304 when the caller holds its ETag), or from `answers_` first.
    ON_CALL(*connection_, GetCurrentSessionAsync(_, _, _))
        .WillByDefault([this](SessionReference const& reference, std::string const& etag, pplx::cancellation_token) {
          std::lock_guard<std::mutex> lock(mutex_);
          reads_.push_back({reference, etag});
          if (!answers_.empty()) {
            auto answer = answers_.front();
            answers_.pop_front();
            return answer;
          }
          if (!current_) return testing::FailCallWith(ErrorCode::kNetwork, "no session scripted");
          if (!etag.empty() && etag == current_->etag()) {
            SessionResult result;
            result.status = SessionResultStatus::kNotModified;
            result.http_status = 304;
            return pplx::task_from_result(Result<SessionResult>(result));
          }
          return testing::ReadSession(*current_);
        });
  }
  void TearDown() override {
    watcher_.reset();
    SubscriptionsTest::TearDown();
  }

  /// The session the service holds now: `change` on `branch`, custom property "map" = `map`.
  void Commit(std::uint64_t change, std::string const& map, std::string const& branch = {}) {
    auto const& on = branch.empty() ? branch_ : branch;
    std::lock_guard<std::mutex> lock(mutex_);
    current_ = testing::SessionBuilder(lobby_)
                   .change(on, change)
                   .etag("\"" + on + "-" + std::to_string(change) + "\"")
                   .member(kUser)
                   .custom_property("map", map)
                   .read_by(kUser)
                   .Build();
  }
  void Vanish() {
    std::lock_guard<std::mutex> lock(mutex_);
    current_.reset();
    SessionResult gone;
    gone.status = SessionResultStatus::kNotFound;
    gone.http_status = 204;
    answers_.push_back(pplx::task_from_result(Result<SessionResult>(gone)));
  }

  void StartWatching(SessionWatcherOptions options = {}) {
    watcher_ = std::make_unique<SessionWatcher>(
        *service_,
        [this](SessionWatchEvent const& event) {
          std::lock_guard<std::mutex> lock(mutex_);
          events_.push_back(event);
        },
        options);
    executor_->Drain();
    server_.Subscribe(0, "id-1");
    executor_->Drain();
  }

  std::size_t Reads() {
    std::lock_guard<std::mutex> lock(mutex_);
    return reads_.size();
  }
  std::vector<SessionWatchEvent> Events() {
    executor_->Drain();
    std::lock_guard<std::mutex> lock(mutex_);
    return events_;
  }
  static std::string MapOf(std::shared_ptr<MultiplayerSession const> const& session) {
    return session ? session->properties().custom.value("map", std::string("?")) : "null";
  }

  struct Read {
    SessionReference reference;
    std::string etag;
  };
  std::mutex mutex_;
  std::optional<MultiplayerSession> current_;
  std::deque<pplx::task<Result<SessionResult>>> answers_;
  std::vector<Read> reads_;
  std::vector<SessionWatchEvent> events_;
  std::unique_ptr<SessionWatcher> watcher_;
};

TEST_F(SessionWatcherTest, WatchReadsAtOnceAndDeliversTheFirstSnapshot) {
  Commit(5, "dust");
  StartWatching();
  watcher_->Watch(lobby_);
  auto const events = Events();
  ASSERT_GE(events.size(), 1u);
  EXPECT_EQ(events[0].kind, SessionWatchEventKind::kFirstSnapshot);
  EXPECT_EQ(events[0].reference, lobby_);
  EXPECT_EQ(events[0].previous, nullptr);
  ASSERT_TRUE(events[0].current);
  EXPECT_EQ(events[0].current->change_number(), 5u);
  EXPECT_EQ(events.size(), 1u) << "nothing changed, so nothing more";
  ASSERT_TRUE(watcher_->Snapshot(lobby_));
  EXPECT_EQ(watcher_->Snapshot(lobby_)->change_number(), 5u);
  ASSERT_EQ(watcher_->watched().size(), 1u);
  EXPECT_TRUE(service_->subscriptions_enabled()) << "the watcher enables the service's subscriptions";
}

TEST_F(SessionWatcherTest, ANewerTapReadsWithIfNoneMatchAndDeliversOneChangedEventWithItsKinds) {
  Commit(5, "dust");
  StartWatching();
  watcher_->Watch(lobby_);
  auto const before = Reads();
  Commit(6, "inferno");
  Tap(0, lobby_, branch_, 6);
  ASSERT_EQ(Reads(), before + 1);
  EXPECT_EQ(reads_.back().etag, "\"" + branch_ + "-5\"") << "the read names the snapshot it holds";
  auto const events = Events();
  ASSERT_EQ(events.size(), 2u);
  auto const& changed = events[1];
  EXPECT_EQ(changed.kind, SessionWatchEventKind::kChanged);
  EXPECT_EQ(MapOf(changed.previous), "dust");
  EXPECT_EQ(MapOf(changed.current), "inferno");
  EXPECT_TRUE(changed.changes.custom_property);
  EXPECT_FALSE(changed.changes.members_list);
  EXPECT_EQ(watcher_->Snapshot(lobby_)->change_number(), 6u);
}

TEST_F(SessionWatcherTest, ATapTheSnapshotAlreadyCoversIsNotRead) {
  Commit(6, "dust");
  StartWatching();
  watcher_->Watch(lobby_);
  auto const before = Reads();
  Tap(0, lobby_, branch_, 6);
  Tap(0, lobby_, branch_, 4);
  Tap(0, SessionReference{lobby_.scid, "LOBBY", "game-1"}, branch_, 6);
  EXPECT_EQ(Reads(), before);
  EXPECT_EQ(Events().size(), 1u);
}

TEST_F(SessionWatcherTest, TapsDuringAReadCauseExactlyOneMoreReadAndEventsStayInOrder) {
  Commit(5, "dust");
  StartWatching();
  watcher_->Watch(lobby_);
  // The next read hangs until the test answers it.
  pplx::task_completion_event<Result<SessionResult>> hanging;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    answers_.push_back(pplx::create_task(hanging));
  }
  auto const before = Reads();
  Tap(0, lobby_, branch_, 6);
  Commit(8, "mirage");
  Tap(0, lobby_, branch_, 7);
  Tap(0, lobby_, branch_, 8);
  EXPECT_EQ(Reads(), before + 1) << "one read in flight per session";
  hanging.set(testing::ReadSession(testing::SessionBuilder(lobby_)
                                       .change(branch_, 6)
                                       .etag("\"six\"")
                                       .member(kUser)
                                       .custom_property("map", "inferno")
                                       .read_by(kUser)
                                       .Build())
                  .get());
  executor_->Drain();
  EXPECT_EQ(Reads(), before + 2) << "the taps that came meanwhile make one more read";
  auto const events = Events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[1].current->change_number(), 6u);
  EXPECT_EQ(events[2].current->change_number(), 8u);
  EXPECT_EQ(events[2].previous, events[1].current) << "each event starts where the last one ended";
}

TEST_F(SessionWatcherTest, AReadOlderThanTheSnapshotIsNotDelivered) {
  Commit(7, "dust");
  StartWatching();
  watcher_->Watch(lobby_);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    answers_.push_back(testing::ReadSession(
        testing::SessionBuilder(lobby_).change(branch_, 6).etag("\"old\"").member(kUser).read_by(kUser).Build()));
  }
  Tap(0, lobby_, branch_, 8);
  EXPECT_EQ(Events().size(), 1u);
  EXPECT_EQ(watcher_->Snapshot(lobby_)->change_number(), 7u);
}

TEST_F(SessionWatcherTest, ANotModifiedReadDeliversNothing) {
  Commit(5, "dust");
  StartWatching();
  watcher_->Watch(lobby_);
  auto const before = Reads();
  Tap(0, lobby_, branch_, 6);  // announced, but the service still holds change 5
  EXPECT_EQ(Reads(), before + 1);
  EXPECT_EQ(Events().size(), 1u);
}

TEST_F(SessionWatcherTest, ASessionOnANewBranchIsAChange) {
  Commit(9, "dust");
  StartWatching();
  watcher_->Watch(lobby_);
  std::string const other = "aaaaaaaa-9f1d-4e2a-8b3c-1d2e3f4a5b6c";
  Commit(1, "nuke", other);
  Tap(0, lobby_, other, 1);
  auto const events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].kind, SessionWatchEventKind::kChanged);
  EXPECT_EQ(events[1].current->branch(), other);
}

TEST_F(SessionWatcherTest, ASessionThatIsGoneEndsOnceAndARecreatedOneIsAFirstSnapshot) {
  Commit(5, "dust");
  StartWatching();
  watcher_->Watch(lobby_);
  Vanish();
  Tap(0, lobby_, branch_, 6);
  Vanish();
  Tap(0, lobby_, branch_, 7);
  auto events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].kind, SessionWatchEventKind::kEnded);
  EXPECT_EQ(MapOf(events[1].previous), "dust");
  EXPECT_EQ(events[1].current, nullptr);
  ASSERT_TRUE(events[1].error);
  EXPECT_EQ(events[1].error->code, ErrorCode::kNotFound);
  EXPECT_EQ(watcher_->Snapshot(lobby_), nullptr);

  Commit(1, "nuke", "bbbbbbbb-9f1d-4e2a-8b3c-1d2e3f4a5b6c");
  Tap(0, lobby_, "bbbbbbbb-9f1d-4e2a-8b3c-1d2e3f4a5b6c", 1);
  events = Events();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[2].kind, SessionWatchEventKind::kFirstSnapshot);
  EXPECT_EQ(MapOf(events[2].current), "nuke");
}

TEST_F(SessionWatcherTest, AForbiddenReadEndsTheSession) {
  Commit(5, "dust");
  StartWatching();
  watcher_->Watch(lobby_);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    answers_.push_back(testing::FailCallWith(ErrorCode::kForbidden, "not a member", 403));
  }
  Tap(0, lobby_, branch_, 6);
  auto const events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].kind, SessionWatchEventKind::kEnded);
  ASSERT_TRUE(events[1].error);
  EXPECT_EQ(events[1].error->code, ErrorCode::kForbidden);
}

TEST_F(SessionWatcherTest, AFailedReadIsReadAgainAfterTheRetryInterval) {
  Commit(5, "dust");
  SessionWatcherOptions options;
  options.retry_after_failure = std::chrono::seconds(2);
  StartWatching(options);
  watcher_->Watch(lobby_);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    answers_.push_back(testing::FailCallWith(ErrorCode::kServiceUnavailable, "503 storm", 503));
  }
  Commit(6, "inferno");
  Tap(0, lobby_, branch_, 6);
  auto const after_failure = Reads();
  EXPECT_EQ(Events().size(), 1u);
  EXPECT_TRUE(Logged("503 storm"));
  sleeper_->Advance(std::chrono::milliseconds(1999));
  executor_->Drain();
  EXPECT_EQ(Reads(), after_failure) << "not before the interval";
  sleeper_->Advance(std::chrono::milliseconds(1));
  executor_->Drain();
  EXPECT_EQ(Reads(), after_failure + 1);
  auto const events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(MapOf(events[1].current), "inferno") << "the change is not lost";
}

TEST_F(SessionWatcherTest, ANewConnectionIdRereadsEveryWatchedSessionAndDeliversWhatChangedInTheGap) {
  Commit(5, "dust");
  StartWatching();
  watcher_->Watch(lobby_);
  Commit(6, "inferno");  // made while the socket is down: its tap went nowhere
  auto const before = Reads();
  ReconnectWith("id-2");
  EXPECT_GE(Reads(), before + 1);
  auto const events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(MapOf(events[1].current), "inferno");
}

TEST_F(SessionWatcherTest, AResyncRereadsEveryWatchedSessionAtMostOncePerInterval) {
  Commit(5, "dust");
  SessionWatcherOptions options;
  options.resync_min_interval = std::chrono::seconds(30);
  StartWatching(options);
  watcher_->Watch(lobby_);
  watcher_->Watch(match_);
  auto const before = Reads();
  server_.Send(0, "[4]");
  EXPECT_EQ(Reads(), before + 2) << "both watched sessions are read";
  server_.Send(0, "[4]");
  server_.Send(0, "[4]");
  EXPECT_EQ(Reads(), before + 2) << "Resyncs inside the interval wait for its end";
  sleeper_->Advance(std::chrono::seconds(30));
  executor_->Drain();
  EXPECT_EQ(Reads(), before + 4) << "and are carried out once";
}

TEST_F(SessionWatcherTest, ATapOfTheServicesOwnWriteIsDeliveredThoughTheSessionChangedHandlerSkipsIt) {
  std::vector<SessionChangedEvent> changed;
  auto token = service_->AddSessionChangedHandler([&](SessionChangedEvent const& event) { changed.push_back(event); });
  Commit(5, "dust");
  StartWatching();
  watcher_->Watch(lobby_);
  Commit(6, "inferno");
  ON_CALL(*connection_, WriteSessionAsync(_, _, _))
      .WillByDefault([this](MultiplayerSession const&, SessionWriteMode, pplx::cancellation_token) {
        std::lock_guard<std::mutex> lock(mutex_);
        return testing::WrittenSession(*current_);
      });
  MultiplayerSession write(lobby_, kUser);
  ASSERT_TRUE(write.SetCustomProperty("map", "inferno").ok());
  ASSERT_TRUE(Completed(service_->WriteSessionAsync(write, SessionWriteMode::kUpdateExisting)).ok());
  Tap(0, lobby_, branch_, 6);
  EXPECT_TRUE(changed.empty()) << "the service's own write is not news to its session-changed handlers";
  auto const events = Events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(MapOf(events[1].current), "inferno");
}

TEST_F(SessionWatcherTest, TheWatchersReadsDoNotHideATapFromTheServicesSessionChangedHandlers) {
  std::vector<std::uint64_t> changed;
  auto token =
      service_->AddSessionChangedHandler([&](SessionChangedEvent const& event) { changed.push_back(event.change_number); });
  Commit(5, "dust");
  StartWatching();
  watcher_->Watch(lobby_);
  Commit(6, "inferno");
  Tap(0, lobby_, branch_, 6);  // the watcher's read of change 6 completes at once, before the service looks
  EXPECT_THAT(changed, ::testing::ElementsAre(6u));
  EXPECT_EQ(Events().size(), 2u);
}

TEST_F(SessionWatcherTest, AnUnwatchedSessionIsNoLongerReadOnItsTaps) {
  Commit(5, "dust");
  StartWatching();
  watcher_->Watch(lobby_);
  watcher_->Watch(match_);
  watcher_->Unwatch(lobby_);
  auto const before = Reads();
  Commit(6, "inferno");
  Tap(0, lobby_, branch_, 6);
  EXPECT_EQ(Reads(), before);
  EXPECT_EQ(watcher_->Snapshot(lobby_), nullptr);
  ASSERT_EQ(watcher_->watched().size(), 1u);
  EXPECT_EQ(watcher_->watched()[0], match_);
}

TEST_F(SessionWatcherTest, UnwatchRemovesEventsStillQueued) {
  Commit(5, "dust");
  watcher_ = std::make_unique<SessionWatcher>(*service_, [this](SessionWatchEvent const& event) {
    std::lock_guard<std::mutex> lock(mutex_);
    events_.push_back(event);
  });
  watcher_->Watch(lobby_);  // read at once; its first snapshot waits on the undrained executor
  watcher_->Unwatch(lobby_);
  EXPECT_TRUE(Events().empty());
}

TEST_F(SessionWatcherTest, StopCancelsReadsInFlightAndNoHandlerRunsAfterIt) {
  Commit(5, "dust");
  StartWatching();
  watcher_->Watch(lobby_);
  pplx::task_completion_event<Result<SessionResult>> hanging;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    answers_.push_back(pplx::create_task(hanging));
  }
  Commit(6, "inferno");
  Tap(0, lobby_, branch_, 6);
  watcher_->Stop();
  watcher_->Stop();  // idempotent
  hanging.set(testing::ReadSession(*current_).get());
  Tap(0, lobby_, branch_, 7);
  EXPECT_EQ(Events().size(), 1u);
  EXPECT_TRUE(watcher_->watched().empty());
}

TEST_F(SessionWatcherTest, StopReturnsWhenTheCancelledReadCompletesOnTheStoppingThread) {
  Commit(5, "dust");
  StartWatching();
  watcher_->Watch(lobby_);
  // A read that ends as soon as its token is cancelled, on the thread that cancels (as a transport may).
  ON_CALL(*connection_, GetCurrentSessionAsync(_, _, _))
      .WillByDefault([](SessionReference const&, std::string const&, pplx::cancellation_token token) {
        pplx::task_completion_event<Result<SessionResult>> done;
        token.register_callback([done] { done.set(Error(ErrorCode::kCancelled, "cancelled")); });
        return pplx::create_task(done);
      });
  Tap(0, lobby_, branch_, 6);
  watcher_->Stop();  // would never return if the read's continuation waited for Stop's own lock
  EXPECT_TRUE(watcher_->watched().empty());
}

TEST_F(SessionWatcherTest, AHandlerMayStopItsWatcher) {
  Commit(5, "dust");
  int calls = 0;
  watcher_ = std::make_unique<SessionWatcher>(*service_, [&](SessionWatchEvent const&) {
    ++calls;
    watcher_->Stop();
  });
  executor_->Drain();
  server_.Subscribe(0, "id-1");
  watcher_->Watch(lobby_);
  watcher_->Watch(match_);
  executor_->Drain();
  EXPECT_EQ(calls, 1) << "the stop inside the handler ends delivery without a deadlock";
}

TEST_F(SessionWatcherTest, AThrowingHandlerIsCaughtAndLaterEventsStillArrive) {
  Commit(5, "dust");
  int calls = 0;
  watcher_ = std::make_unique<SessionWatcher>(*service_, [&](SessionWatchEvent const&) {
    ++calls;
    throw std::runtime_error("title bug");
  });
  executor_->Drain();
  server_.Subscribe(0, "id-1");
  watcher_->Watch(lobby_);
  executor_->Drain();
  Commit(6, "inferno");
  Tap(0, lobby_, branch_, 6);
  executor_->Drain();
  EXPECT_EQ(calls, 2);
  EXPECT_TRUE(Logged("a session watch handler"));
}

TEST_F(SessionWatcherTest, AServiceWithoutSubscriptionsStillReadsAtWatch) {
  MultiplayerService bare(connection_);
  Commit(5, "dust");
  std::mutex mutex;
  std::condition_variable delivered;
  std::vector<SessionWatchEvent> events;
  SessionWatcher watcher(bare, [&](SessionWatchEvent const& event) {
    std::lock_guard<std::mutex> lock(mutex);
    events.push_back(event);
    delivered.notify_all();
  });
  watcher.Watch(lobby_);
  // No context: the handler runs on the watcher's own serial executor thread.
  std::unique_lock<std::mutex> lock(mutex);
  ASSERT_TRUE(delivered.wait_for(lock, std::chrono::seconds(10), [&] { return !events.empty(); }));
  EXPECT_EQ(events[0].kind, SessionWatchEventKind::kFirstSnapshot);
}

}  // namespace
}  // namespace xbl::multiplayer
