#include "service_test_support.h"
#include <atomic>
#include <set>
#include <thread>

namespace xbl::testing {
namespace {

using multiplayer::MultiplayerSession;
using multiplayer::SessionResultStatus;
using multiplayer::UpdateSessionOptions;
using ::testing::_;
using ::testing::Invoke;
using ::testing::Return;

/// Increments the custom `counter` of the session it is given.
Result<void> Increment(MultiplayerSession& session) {
  auto const& custom = session.properties().custom;
  int const current = custom.contains("counter") ? custom["counter"].get<int>() : 0;
  return session.SetCustomProperty("counter", current + 1);
}

/// A thread-safe in-memory session with ETags, answering GET and conditional PUT as MPSD does.
class FakeSessionStore {
 public:
  explicit FakeSessionStore(bool exists = true) : exists_(exists) {}

  pplx::task<Result<HttpResponse>> Handle(HttpRequest const& request) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (request.method == "GET") {
      if (!exists_) return RespondWith(204);
      return RespondWith(200, JsonHeaders(Etag()), SessionJson(counter_));
    }
    if (request.method != "PUT") return RespondWith(405);
    auto const if_match = HeaderValue(request.headers, "If-Match");
    auto const if_none_match = HeaderValue(request.headers, "If-None-Match");
    if_matches_.push_back(if_match);
    if (!if_none_match.empty() && exists_) return RespondWith(412, JsonHeaders(Etag()), SessionJson(counter_));
    if (!if_match.empty() && (!exists_ || if_match != Etag())) {
      ++conflicts_;
      if (!exists_) return RespondWith(412);
      return RespondWith(412, JsonHeaders(Etag()), SessionJson(counter_));
    }
    auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_discarded()) return RespondWith(400, {}, "malformed body");
    if (body.contains("properties") && body["properties"].contains("custom") &&
        body["properties"]["custom"].contains("counter")) {
      counter_ = body["properties"]["custom"]["counter"].get<int>();
    }
    int const status = exists_ ? 200 : 201;
    exists_ = true;
    ++version_;
    return RespondWith(status, JsonHeaders(Etag()), SessionJson(counter_));
  }

  int counter() {
    std::lock_guard<std::mutex> lock(mutex_);
    return counter_;
  }
  int conflicts() {
    std::lock_guard<std::mutex> lock(mutex_);
    return conflicts_;
  }
  std::vector<std::string> if_matches() {
    std::lock_guard<std::mutex> lock(mutex_);
    return if_matches_;
  }
  void set_counter(int value) {
    std::lock_guard<std::mutex> lock(mutex_);
    counter_ = value;
    ++version_;
  }

 private:
  std::string Etag() const { return "\"v" + std::to_string(version_) + "\""; }
  std::mutex mutex_;
  bool exists_;
  int counter_ = 0;
  int version_ = 1;
  int conflicts_ = 0;
  std::vector<std::string> if_matches_;
};

TEST(UpdateSessionTest, ReadsMutatesAndWritesWithIfMatch) {
  ServiceHarness h;
  FakeSessionStore store;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).Times(2).WillRepeatedly(Invoke([&](HttpRequest r, pplx::cancellation_token) {
    return store.Handle(r);
  }));
  auto result = h.service->UpdateSessionAsync(Reference(), Increment).get();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(result->status, SessionResultStatus::kUpdated);
  EXPECT_EQ(result->session->properties().custom["counter"], 1);
  EXPECT_EQ(store.counter(), 1);
  EXPECT_EQ(store.if_matches(), std::vector<std::string>{"\"v1\""});
}

TEST(UpdateSessionTest, A412BodyIsReusedAndTheMutationReappliedToIt) {
  ServiceHarness h;
  std::vector<HttpRequest> sent;
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(200, JsonHeaders("\"e1\""), SessionJson(0))))
      .WillOnce(Invoke([&](HttpRequest r, pplx::cancellation_token) {
        sent.push_back(r);
        return RespondWith(412, JsonHeaders("\"e2\""), SessionJson(5));
      }))
      .WillOnce(Invoke([&](HttpRequest r, pplx::cancellation_token) {
        sent.push_back(r);
        return RespondWith(200, JsonHeaders("\"e3\""), SessionJson(6));
      }));
  int mutations = 0;
  auto result = h.service
                    ->UpdateSessionAsync(Reference(), [&](MultiplayerSession& s) {
                      ++mutations;
                      return Increment(s);
                    })
                    .get();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(mutations, 2);
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(HeaderValue(sent[0].headers, "If-Match"), "\"e1\"");
  EXPECT_EQ(nlohmann::json::parse(sent[0].body)["properties"]["custom"]["counter"], 1);
  EXPECT_EQ(HeaderValue(sent[1].headers, "If-Match"), "\"e2\"");
  EXPECT_EQ(nlohmann::json::parse(sent[1].body)["properties"]["custom"]["counter"], 6);
  EXPECT_EQ(result->session->etag(), "\"e3\"");
  EXPECT_EQ(result->attempts, 3);
}

TEST(UpdateSessionTest, A412WithoutBodyReadsAgain) {
  ServiceHarness h;
  std::vector<std::string> methods;
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(200, JsonHeaders("\"e1\""), SessionJson(0))))
      .WillOnce(Return(RespondWith(412)))
      .WillOnce(Return(RespondWith(200, JsonHeaders("\"e2\""), SessionJson(3))))
      .WillOnce(Invoke([&](HttpRequest r, pplx::cancellation_token) {
        EXPECT_EQ(HeaderValue(r.headers, "If-Match"), "\"e2\"");
        return RespondWith(200, JsonHeaders("\"e3\""), SessionJson(4));
      }));
  auto result = h.service->UpdateSessionAsync(Reference(), Increment).get();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(result->session->properties().custom["counter"], 4);
}

TEST(UpdateSessionTest, NeverSendsTheSameStaleEtagTwice) {
  ServiceHarness h;
  std::vector<std::string> if_matches;
  EXPECT_CALL(*h.transport, SendAsync(_, _))
      .WillOnce(Return(RespondWith(200, JsonHeaders("\"e1\""), SessionJson(0))))
      // A misbehaving 412 that repeats the ETag the write carried.
      .WillOnce(Invoke([&](HttpRequest r, pplx::cancellation_token) {
        if_matches.push_back(HeaderValue(r.headers, "If-Match"));
        return RespondWith(412, JsonHeaders("\"e1\""), SessionJson(0));
      }))
      .WillOnce(Return(RespondWith(200, JsonHeaders("\"e5\""), SessionJson(2))))
      .WillOnce(Invoke([&](HttpRequest r, pplx::cancellation_token) {
        if_matches.push_back(HeaderValue(r.headers, "If-Match"));
        return RespondWith(200, JsonHeaders("\"e6\""), SessionJson(3));
      }));
  auto result = h.service->UpdateSessionAsync(Reference(), Increment).get();
  ASSERT_TRUE(result.ok()) << result.error().ToString();
  EXPECT_EQ(if_matches, (std::vector<std::string>{"\"e1\"", "\"e5\""}));
}

TEST(UpdateSessionTest, GivesUpAfterMaxWritesWithTheLatestSession) {
  ServiceHarness h;
  int version = 1;
  int puts = 0;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillRepeatedly(Invoke([&](HttpRequest r, pplx::cancellation_token) {
    ++version;
    if (r.method == "PUT") ++puts;
    // Someone else always wins: every answer carries a newer ETag.
    return RespondWith(r.method == "GET" ? 200 : 412, JsonHeaders("\"x" + std::to_string(version) + "\""),
                       SessionJson(version));
  }));
  UpdateSessionOptions options;
  options.max_writes = 3;
  auto result = h.service->UpdateSessionAsync(Reference(), Increment, options).get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kPreconditionFailed);
  EXPECT_EQ(puts, 3);
  ASSERT_NE(result.error().session, nullptr);
  EXPECT_EQ(result.error().session->etag(), "\"x" + std::to_string(version) + "\"");
}

TEST(UpdateSessionTest, MutationErrorStopsWithoutWriting) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(200, JsonHeaders("\"e1\""), SessionJson())));
  auto result = h.service
                    ->UpdateSessionAsync(Reference(),
                                         [](MultiplayerSession&) -> Result<void> {
                                           return Error(ErrorCode::kInvalidState, "lobby is full");
                                         })
                    .get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidState);
  EXPECT_EQ(result.error().message, "lobby is full");
}

TEST(UpdateSessionTest, ThrowingMutationIsAnErrorNotACrash) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(200, JsonHeaders("\"e1\""), SessionJson())));
  auto result = h.service
                    ->UpdateSessionAsync(Reference(), [](MultiplayerSession&) -> Result<void> {
                      throw std::runtime_error("title bug");
                    })
                    .get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(result.error().message.find("title bug"), std::string::npos);
}

TEST(UpdateSessionTest, NoChangeWritesNothing) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(200, JsonHeaders("\"e1\""), SessionJson(7))));
  auto result = h.service->UpdateSessionAsync(Reference(), [](MultiplayerSession&) { return Result<void>(); }).get();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->status, SessionResultStatus::kRead);
  EXPECT_EQ(result->session->properties().custom["counter"], 7);
}

TEST(UpdateSessionTest, MissingSessionIsNotFoundUnlessCreating) {
  {
    ServiceHarness h;
    EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(204)));
    auto result = h.service->UpdateSessionAsync(Reference(), Increment).get();
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
  }
  {
    ServiceHarness h;
    FakeSessionStore store(/*exists=*/false);
    EXPECT_CALL(*h.transport, SendAsync(_, _)).Times(2).WillRepeatedly(Invoke([&](HttpRequest r, pplx::cancellation_token) {
      if (r.method == "PUT") {
        EXPECT_EQ(HeaderValue(r.headers, "If-None-Match"), "*");
      }
      return store.Handle(r);
    }));
    UpdateSessionOptions options;
    options.create_if_missing = true;
    auto result = h.service->UpdateSessionAsync(Reference(), Increment, options).get();
    ASSERT_TRUE(result.ok()) << result.error().ToString();
    EXPECT_EQ(result->status, SessionResultStatus::kCreated);
    EXPECT_EQ(store.counter(), 1);
  }
}

// The user the mutation acts as (what it sees) and the user of the session the call returns.
std::pair<std::string, std::string> ActingUser(std::string const& service_user, std::string const& option_user) {
  ServiceHarness h([&](ClientOptions& options) { options.user_xuid = service_user; });
  FakeSessionStore store;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillRepeatedly(Invoke([&](HttpRequest r, pplx::cancellation_token) {
    return store.Handle(r);
  }));
  UpdateSessionOptions options;
  options.current_user_xuid = option_user;
  std::string seen;
  auto result = h.service
                    ->UpdateSessionAsync(Reference(),
                                         [&](MultiplayerSession& s) {
                                           seen = s.current_user_xuid();
                                           return Increment(s);
                                         },
                                         options)
                    .get();
  EXPECT_TRUE(result.ok()) << result.error().ToString();
  return {seen, result.ok() ? result->session->current_user_xuid() : "(failed)"};
}

TEST(UpdateSessionTest, CurrentUserFromOptionsReachesTheMutationAndTheResult) {
  EXPECT_EQ(ActingUser("", "1001"), std::make_pair(std::string("1001"), std::string("1001")));
  EXPECT_EQ(ActingUser("1002", "1001"), std::make_pair(std::string("1001"), std::string("1001")))
      << "the options' user wins over the service's";
}

TEST(UpdateSessionTest, WithoutACurrentUserInTheOptionsTheServicesUserActs) {
  EXPECT_EQ(ActingUser("1001", ""), std::make_pair(std::string("1001"), std::string("1001")));
  EXPECT_EQ(ActingUser("", ""), std::make_pair(std::string(), std::string()));
}

TEST(UpdateSessionTest, MalformedReadIsAnErrorNotACrash) {
  ServiceHarness h;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillOnce(Return(RespondWith(200, JsonHeaders("\"e\""), "{\"constants\":")));
  auto result = h.service->UpdateSessionAsync(Reference(), Increment).get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kMalformedResponse);
}

TEST(UpdateSessionTest, CancelledTokenSendsNothing) {
  ServiceHarness h;  // StrictMock: any send fails the test
  pplx::cancellation_token_source cts;
  cts.cancel();
  auto result = h.service->UpdateSessionAsync(Reference(), Increment, {}, cts.get_token()).get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kCancelled);
}

TEST(UpdateSessionTest, InvalidArgumentsAreRejected) {
  ServiceHarness h;
  EXPECT_EQ(h.service->UpdateSessionAsync(Reference(), nullptr).get().error().code, ErrorCode::kInvalidArgument);
  UpdateSessionOptions options;
  options.max_writes = 0;
  EXPECT_EQ(h.service->UpdateSessionAsync(Reference(), Increment, options).get().error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(h.service->UpdateSessionAsync({"s", "t", ""}, Increment).get().error().code, ErrorCode::kInvalidArgument);
}

TEST(UpdateSessionTest, SixteenContendingWritersLoseNoUpdate) {
  ServiceHarness h;
  FakeSessionStore store;
  EXPECT_CALL(*h.transport, SendAsync(_, _)).WillRepeatedly(Invoke([&](HttpRequest r, pplx::cancellation_token) {
    return store.Handle(r);
  }));
  constexpr int kThreads = 16;
  constexpr int kUpdatesPerThread = 8;
  UpdateSessionOptions options;
  options.max_writes = 1000;  // bounded; contention here needs far fewer
  std::atomic<int> succeeded{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kUpdatesPerThread; ++i) {
        auto result = h.service->UpdateSessionAsync(Reference(), Increment, options).get();
        if (result.ok()) ++succeeded;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(succeeded.load(), kThreads * kUpdatesPerThread);
  EXPECT_EQ(store.counter(), kThreads * kUpdatesPerThread);
  // Every write either committed one increment or was refused with 412 (and retried).
  auto const if_matches = store.if_matches();
  EXPECT_EQ(static_cast<int>(if_matches.size()), kThreads * kUpdatesPerThread + store.conflicts());
}

}  // namespace
}  // namespace xbl::testing
