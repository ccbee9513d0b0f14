// The connection id on writes that set the member active, and what a new connection id does to
// the sessions this user is active in, and the re-reads of a Resync (docs/live-sessions.md;
// docs/rta-protocol.md ).
#include "subscriptions_test_harness.h"

namespace xbl::multiplayer {
namespace {

using ::testing::_;

/// `members.me.properties.system` of a write's body, or null.
nlohmann::json MeSystem(MultiplayerSession const& session) {
  auto const body = nlohmann::json(session.RequestBody());
  auto const pointer = nlohmann::json::json_pointer("/members/me/properties/system");
  return body.contains(pointer) ? body.at(pointer) : nlohmann::json();
}

class ConnectionBindingTest : public SubscriptionsTest {
 protected:
  /// Records the body of every write and answers it with `answer`.
  void RecordWrites(std::function<pplx::task<Result<SessionResult>>(MultiplayerSession const&)> answer) {
    ON_CALL(*connection_, WriteSessionAsync(_, _, _))
        .WillByDefault(
            [this, answer](MultiplayerSession const& session, SessionWriteMode mode, pplx::cancellation_token) {
              writes_.push_back({session.reference(), mode, nlohmann::json(session.RequestBody())});
              return answer(session);
            });
  }
  /// Records every read and answers it with `answer`.
  void RecordReads(std::function<pplx::task<Result<SessionResult>>(SessionReference const&)> answer) {
    ON_CALL(*connection_, GetCurrentSessionAsync(_, _, _))
        .WillByDefault([this, answer](SessionReference const& reference, std::string const&, pplx::cancellation_token) {
          reads_.push_back(reference);
          return answer(reference);
        });
  }

  struct Write {
    SessionReference reference;
    SessionWriteMode mode;
    nlohmann::json body;
  };
  std::vector<Write> writes_;
  std::vector<SessionReference> reads_;
};

TEST_F(ConnectionBindingTest, AWriteThatSetsTheMemberActiveCarriesTheCurrentConnectionId) {
  ASSERT_TRUE(EnableWith("3f2a1b0c-0000-4000-8000-0000000000aa").ok());
  std::vector<nlohmann::json> sent;
  EXPECT_CALL(*connection_, WriteSessionAsync(_, _, _))
      .WillOnce([&](MultiplayerSession const& session, SessionWriteMode, pplx::cancellation_token) {
        sent.push_back(MeSystem(session));
        return testing::WrittenSession(ActiveIn(lobby_, branch_, 1));
      });
  auto session = testing::SessionBuilder(lobby_).member(kUser, false).read_by(kUser).Build();
  ASSERT_TRUE(session.SetCurrentUserStatus(MemberStatus::kActive).ok());

  auto const written = Completed(service_->WriteSessionAsync(session, SessionWriteMode::kSynchronizedUpdate));
  ASSERT_TRUE(written.ok());
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0]["active"], true);
  EXPECT_EQ(sent[0]["connection"], "3f2a1b0c-0000-4000-8000-0000000000aa");
  EXPECT_FALSE(MeSystem(session).contains("connection")) << "the title's session object is not changed";
}

TEST_F(ConnectionBindingTest, AJoinAsActiveCarriesTheConnectionId) {
  ASSERT_TRUE(EnableWith("id-join").ok());
  RecordWrites([this](MultiplayerSession const&) { return testing::WrittenSession(ActiveIn(lobby_, branch_, 1)); });
  MultiplayerSession session(lobby_, kUser);
  ASSERT_TRUE(session.Join().ok());
  ASSERT_TRUE(Completed(service_->WriteSessionAsync(session, SessionWriteMode::kUpdateOrCreateNew)).ok());
  ASSERT_EQ(writes_.size(), 1u);
  EXPECT_EQ(writes_[0].body["members"]["me"]["properties"]["system"]["connection"], "id-join");
}

TEST_F(ConnectionBindingTest, AWriteThatDoesNotSetActiveCarriesNoConnection) {
  ASSERT_TRUE(EnableWith("id-1").ok());
  RecordWrites([this](MultiplayerSession const&) { return testing::WrittenSession(ActiveIn(lobby_, branch_, 2)); });
  auto session = ActiveIn(lobby_, branch_, 1);
  ASSERT_TRUE(session.SetCurrentUserCustomProperty("ready", true).ok());
  ASSERT_TRUE(Completed(service_->WriteSessionAsync(session, SessionWriteMode::kUpdateExisting)).ok());

  auto inactive = ActiveIn(lobby_, branch_, 2);
  ASSERT_TRUE(inactive.SetCurrentUserStatus(MemberStatus::kInactive).ok());
  ASSERT_TRUE(Completed(service_->WriteSessionAsync(inactive, SessionWriteMode::kUpdateExisting)).ok());

  ASSERT_EQ(writes_.size(), 2u);
  auto const connection = nlohmann::json::json_pointer("/members/me/properties/system/connection");
  for (auto const& write : writes_) {
    EXPECT_FALSE(write.body.contains(connection)) << write.body.dump();
  }
}

TEST_F(ConnectionBindingTest, AnActiveWriteWithoutSubscriptionsIsSentAsWritten) {
  RecordWrites([this](MultiplayerSession const&) { return testing::WrittenSession(ActiveIn(lobby_, branch_, 1)); });
  MultiplayerSession session(lobby_, kUser);
  ASSERT_TRUE(session.Join().ok());
  ASSERT_TRUE(Completed(service_->WriteSessionAsync(session, SessionWriteMode::kUpdateOrCreateNew)).ok());
  ASSERT_EQ(writes_.size(), 1u);
  EXPECT_FALSE(writes_[0].body["members"]["me"]["properties"]["system"].contains("connection"));
}

TEST_F(ConnectionBindingTest, AnActiveWriteBeforeTheFirstConnectionIdWaitsForIt) {
  RecordWrites([this](MultiplayerSession const&) { return testing::WrittenSession(ActiveIn(lobby_, branch_, 1)); });
  auto enabled = service_->EnableSubscriptionsAsync();
  MultiplayerSession session(lobby_, kUser);
  ASSERT_TRUE(session.Join().ok());
  auto written = service_->WriteSessionAsync(session, SessionWriteMode::kUpdateOrCreateNew);
  executor_->Drain();
  EXPECT_TRUE(writes_.empty()) << "nothing is sent before there is a connection id";

  server_.Subscribe(0, "id-late");
  ASSERT_TRUE(Completed(written).ok());
  ASSERT_EQ(writes_.size(), 1u);
  EXPECT_EQ(writes_[0].body["members"]["me"]["properties"]["system"]["connection"], "id-late");
  EXPECT_TRUE(Completed(enabled).ok());
}

TEST_F(ConnectionBindingTest, AnActiveWriteThatFindsNoConnectionIdWithinTheWaitFailsAndSendsNothing) {
  RecordWrites([this](MultiplayerSession const&) { return testing::WrittenSession(ActiveIn(lobby_, branch_, 1)); });
  auto enabled = service_->EnableSubscriptionsAsync();
  MultiplayerSession session(lobby_, kUser);
  ASSERT_TRUE(session.Join().ok());
  auto written = service_->WriteSessionAsync(session, SessionWriteMode::kUpdateOrCreateNew);
  executor_->Drain();
  sleeper_->Advance(context_->options().rta.connection_wait);
  auto const result = Completed(written);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kTimeout);
  EXPECT_TRUE(writes_.empty());
}

TEST_F(ConnectionBindingTest, DisablingFailsAWriteWaitingForAConnectionIdWithCancelled) {
  RecordWrites([this](MultiplayerSession const&) { return testing::WrittenSession(ActiveIn(lobby_, branch_, 1)); });
  auto enabled = service_->EnableSubscriptionsAsync();
  MultiplayerSession session(lobby_, kUser);
  ASSERT_TRUE(session.Join().ok());
  auto written = service_->WriteSessionAsync(session, SessionWriteMode::kUpdateOrCreateNew);
  executor_->Drain();
  auto disabled = service_->DisableSubscriptionsAsync();
  auto const result = Completed(written);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kCancelled);
  EXPECT_TRUE(writes_.empty());
  EXPECT_TRUE(Completed(disabled).ok());
}

TEST_F(ConnectionBindingTest, UpdateSessionBindsAMutationThatSetsTheMemberActive) {
  ASSERT_TRUE(EnableWith("id-update").ok());
  std::vector<nlohmann::json> mutated;
  EXPECT_CALL(*connection_, UpdateSessionAsync(_, _, _, _))
      .WillOnce([&](SessionReference const&, SessionMutation mutate, UpdateSessionOptions, pplx::cancellation_token) {
        auto session = testing::SessionBuilder(lobby_).change(branch_, 1).member(kUser, false).read_by(kUser).Build();
        EXPECT_TRUE(mutate(session).ok());
        mutated.push_back(MeSystem(session));
        return testing::WrittenSession(ActiveIn(lobby_, branch_, 2));
      });
  auto const result = Completed(service_->UpdateSessionAsync(lobby_, [](MultiplayerSession& session) {
    return session.SetCurrentUserStatus(MemberStatus::kActive);
  }));
  ASSERT_TRUE(result.ok());
  ASSERT_EQ(mutated.size(), 1u);
  EXPECT_EQ(mutated[0]["connection"], "id-update");
}

TEST_F(ConnectionBindingTest, ANewConnectionIdRewritesTheConnectionInEachActiveSessionAndRereadsIt) {
  ASSERT_TRUE(EnableWith("id-1").ok());
  JoinActive(lobby_, branch_, 5);
  JoinActive(match_, branch_, 9);
  RecordWrites([](MultiplayerSession const& session) {
    return testing::WrittenSession(ActiveIn(session.reference(), "0c5e7a4b-9f1d-4e2a-8b3c-1d2e3f4a5b6c", 20));
  });
  // During the gap someone changed the lobby (7); the match did not change (9).
  RecordReads([this](SessionReference const& reference) {
    return testing::ReadSession(ActiveIn(reference, branch_, reference == lobby_ ? 7 : 9));
  });
  std::vector<SessionChangedEvent> changed;
  auto token = service_->AddSessionChangedHandler([&](SessionChangedEvent const& event) { changed.push_back(event); });

  ReconnectWith("id-2");

  ASSERT_EQ(writes_.size(), 2u);
  nlohmann::json const rebind = {
      {"members", {{"me", {{"properties", {{"system", {{"active", true}, {"connection", "id-2"}}}}}}}}}};
  for (auto const& write : writes_) {
    EXPECT_EQ(write.body, rebind);
    EXPECT_EQ(write.mode, SessionWriteMode::kUpdateExisting) << "If-Match: *";
  }
  std::vector<SessionReference> rebound = {writes_[0].reference, writes_[1].reference};
  EXPECT_THAT(rebound, ::testing::UnorderedElementsAre(lobby_, match_));
  EXPECT_THAT(reads_, ::testing::UnorderedElementsAre(lobby_, match_));
  ASSERT_EQ(changed.size(), 1u) << "only the lobby changed during the gap";
  EXPECT_EQ(changed[0].reference, lobby_);
  EXPECT_EQ(changed[0].change_number, 7u);
}

TEST_F(ConnectionBindingTest, ASessionThatNoLongerListsTheMemberIsReportedAsRemoved) {
  ASSERT_TRUE(EnableWith("id-1").ok());
  JoinActive(lobby_, branch_, 5);
  JoinActive(match_, branch_, 9);
  // The match dropped this user while the socket was down: the rebind's answer does not list them.
  RecordWrites([this](MultiplayerSession const& session) {
    if (session.reference() == match_) {
      return testing::WrittenSession(testing::SessionBuilder(match_).change(branch_, 10).member("2002").Build());
    }
    return testing::WrittenSession(ActiveIn(lobby_, branch_, 6));
  });
  RecordReads(
      [this](SessionReference const& reference) { return testing::ReadSession(ActiveIn(reference, branch_, 6)); });
  std::vector<SessionReference> lost;
  auto token =
      service_->AddMembershipLostHandler([&](SessionReference const& reference) { lost.push_back(reference); });

  ReconnectWith("id-2");
  ASSERT_EQ(lost.size(), 1u);
  EXPECT_EQ(lost[0], match_);
  EXPECT_THAT(reads_, ::testing::ElementsAre(lobby_)) << "a session the user left is not re-read";

  // And it is no longer tracked: the next connection id rebinds only the lobby.
  writes_.clear();
  server_.CloseFromServer(1, kWebSocketAbnormalClose);
  sleeper_->Advance(2 * context_->options().rta.reconnect_base);  // a second drop in a row backs off twice as long
  server_.Subscribe(2, "id-3");
  ASSERT_EQ(writes_.size(), 1u);
  EXPECT_EQ(writes_[0].reference, lobby_);
}

TEST_F(ConnectionBindingTest, ARebindRefusedWithForbiddenOrNotFoundReportsTheSessionRemoved) {
  ASSERT_TRUE(EnableWith("id-1").ok());
  JoinActive(lobby_, branch_, 5);
  JoinActive(match_, branch_, 9);
  RecordWrites([this](MultiplayerSession const& session) {
    return session.reference() == lobby_ ? testing::FailCallWith(ErrorCode::kForbidden, "forbidden", 403)
                                         : testing::FailCallWith(ErrorCode::kNotFound, "gone", 404);
  });
  RecordReads(
      [this](SessionReference const& reference) { return testing::ReadSession(ActiveIn(reference, branch_, 6)); });
  std::vector<SessionReference> lost;
  auto token =
      service_->AddMembershipLostHandler([&](SessionReference const& reference) { lost.push_back(reference); });

  ReconnectWith("id-2");
  EXPECT_THAT(lost, ::testing::UnorderedElementsAre(lobby_, match_));
  EXPECT_TRUE(reads_.empty());
}

TEST_F(ConnectionBindingTest, AReReadThatNoLongerListsTheMemberReportsTheSessionRemoved) {
  ASSERT_TRUE(EnableWith("id-1").ok());
  JoinActive(lobby_, branch_, 5);
  RecordWrites([this](MultiplayerSession const&) { return testing::WrittenSession(ActiveIn(lobby_, branch_, 6)); });
  RecordReads([this](SessionReference const&) {
    return testing::ReadSession(testing::SessionBuilder(lobby_).change(branch_, 7).member("2002").Build());
  });
  std::vector<SessionReference> lost;
  auto token =
      service_->AddMembershipLostHandler([&](SessionReference const& reference) { lost.push_back(reference); });
  ReconnectWith("id-2");
  EXPECT_THAT(lost, ::testing::ElementsAre(lobby_));
}

TEST_F(ConnectionBindingTest, LeavingASessionStopsRebindingIt) {
  ASSERT_TRUE(EnableWith("id-1").ok());
  JoinActive(lobby_, branch_, 5);
  EXPECT_CALL(*connection_, LeaveSessionAsync(_, _))
      .WillOnce([this](SessionReference const&, pplx::cancellation_token) {
        return testing::WrittenSession(testing::SessionBuilder(lobby_).change(branch_, 6).member("2002").Build());
      });
  ASSERT_TRUE(Completed(service_->LeaveSessionAsync(lobby_)).ok());
  RecordWrites([this](MultiplayerSession const&) { return testing::WrittenSession(ActiveIn(lobby_, branch_, 7)); });
  ReconnectWith("id-2");
  EXPECT_TRUE(writes_.empty());
}

TEST_F(ConnectionBindingTest, ANewConnectionIdRepostsTheActivityThisServiceSetAfterItsSessionsRebind) {
  ASSERT_TRUE(EnableWith("id-1").ok());
  JoinActive(lobby_, branch_, 5);
  std::vector<std::string> calls;  // rebinds and activity posts, in the order they were made
  ON_CALL(*connection_, SetActivityAsync(_, _))
      .WillByDefault([&](SessionReference const& reference, pplx::cancellation_token) {
        calls.push_back("activity " + reference.name);
        return pplx::task_from_result(Result<void>());
      });
  ASSERT_TRUE(Completed(service_->SetActivityAsync(lobby_)).ok());
  calls.clear();
  RecordWrites([&](MultiplayerSession const& session) {
    calls.push_back("rebind " + session.reference().name);
    return testing::WrittenSession(ActiveIn(session.reference(), branch_, 6));
  });
  RecordReads(
      [this](SessionReference const& reference) { return testing::ReadSession(ActiveIn(reference, branch_, 6)); });

  ReconnectWith("id-2");
  EXPECT_THAT(calls, ::testing::ElementsAre("rebind Game-1", "activity Game-1"));

  // Cleared activities are not re-posted.
  ON_CALL(*connection_, ClearActivityAsync(_, _)).WillByDefault([](std::string const&, pplx::cancellation_token) {
    return pplx::task_from_result(Result<void>());
  });
  ASSERT_TRUE(Completed(service_->ClearActivityAsync(lobby_.scid)).ok());
  calls.clear();
  server_.CloseFromServer(1, kWebSocketAbnormalClose);
  sleeper_->Advance(2 * context_->options().rta.reconnect_base);
  server_.Subscribe(2, "id-3");
  executor_->Drain();
  EXPECT_THAT(calls, ::testing::ElementsAre("rebind Game-1"));
}

TEST_F(ConnectionBindingTest, TheActivityOfASessionTheUserWasRemovedFromIsNotReposted) {
  ASSERT_TRUE(EnableWith("id-1").ok());
  JoinActive(lobby_, branch_, 5);
  int activity_posts = 0;
  ON_CALL(*connection_, SetActivityAsync(_, _)).WillByDefault([&](SessionReference const&, pplx::cancellation_token) {
    ++activity_posts;
    return pplx::task_from_result(Result<void>());
  });
  ASSERT_TRUE(Completed(service_->SetActivityAsync(lobby_)).ok());
  RecordWrites([](MultiplayerSession const&) { return testing::FailCallWith(ErrorCode::kNotFound, "gone", 404); });

  ReconnectWith("id-2");
  EXPECT_EQ(activity_posts, 1) << "the session was not rebound: only the title's own post";
  server_.CloseFromServer(1, kWebSocketAbnormalClose);
  sleeper_->Advance(2 * context_->options().rta.reconnect_base);
  server_.Subscribe(2, "id-3");
  executor_->Drain();
  EXPECT_EQ(activity_posts, 1) << "nor later: the activity is forgotten with the session";
}

TEST_F(ConnectionBindingTest, TapsArrivingWhileThisServiceWritesASessionWaitForTheWriteAndSkipItsOwnChange) {
  ASSERT_TRUE(EnableWith("id-1").ok());
  JoinActive(lobby_, branch_, 5);
  pplx::task_completion_event<Result<SessionResult>> answer;
  ON_CALL(*connection_, WriteSessionAsync(_, _, _))
      .WillByDefault([&](MultiplayerSession const&, SessionWriteMode, pplx::cancellation_token) {
        return pplx::create_task(answer);
      });
  std::vector<std::string> changed;
  auto token = service_->AddSessionChangedHandler([&](SessionChangedEvent const& event) {
    changed.push_back(event.reference.name + " " + std::to_string(event.change_number));
  });
  auto session = ActiveIn(lobby_, branch_, 5);
  ASSERT_TRUE(session.SetCurrentUserCustomProperty("ready", true).ok());
  auto written = service_->WriteSessionAsync(session, SessionWriteMode::kUpdateExisting);

  Tap(0, lobby_, branch_, 6);  // the write's own change, tapped before its answer arrives
  Tap(0, lobby_, branch_, 7);  // someone else's change after it
  Tap(0, match_, branch_, 3);  // another session is not held
  executor_->Drain();
  EXPECT_THAT(changed, ::testing::ElementsAre("Match-7 3"));

  answer.set(testing::WrittenSession(ActiveIn(lobby_, branch_, 6)).get());
  ASSERT_TRUE(Completed(written).ok());
  EXPECT_THAT(changed, ::testing::ElementsAre("Match-7 3", "Game-1 7"));
}

TEST_F(ConnectionBindingTest, AResyncRereadsEachActiveSessionAtMostOncePerIntervalAndReportsWhatChanged) {
  ASSERT_TRUE(EnableWith("id-1").ok());
  JoinActive(lobby_, branch_, 5);
  std::uint64_t change = 6;
  RecordReads([&](SessionReference const&) { return testing::ReadSession(ActiveIn(lobby_, branch_, change)); });
  std::vector<std::uint64_t> changed;
  auto token =
      service_->AddSessionChangedHandler([&](SessionChangedEvent const& event) { changed.push_back(event.change_number); });
  server_.Send(0, "[4]");
  ASSERT_EQ(reads_.size(), 1u);
  EXPECT_THAT(changed, ::testing::ElementsAre(6u)) << "what the tap would have said arrives from the re-read";
  change = 7;
  server_.Send(0, "[4]");
  server_.Send(0, "[4]");
  EXPECT_EQ(reads_.size(), 1u) << "Resyncs inside the interval wait for its end";
  sleeper_->Advance(context_->options().rta.resync_min_interval);
  executor_->Drain();
  EXPECT_EQ(reads_.size(), 2u) << "and are carried out once";
  EXPECT_THAT(changed, ::testing::ElementsAre(6u, 7u));
}

}  // namespace
}  // namespace xbl::multiplayer
