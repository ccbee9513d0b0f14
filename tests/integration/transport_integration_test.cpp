// The SDK over real sockets: MultiplayerService -> CpprestHttpTransport -> LoopbackServer.
#include "loopback_server.h"
#include "wait_for.h"
#include "xbl/http/cpprest_http_transport.h"
#include "xbl/multiplayer/multiplayer_service.h"
#include "xbl/testing/local_session_directory.h"
#include <gtest/gtest.h>
#include <atomic>
#include <cstdlib>
#include <future>
#include <thread>

namespace xbl::testing {
namespace {

using multiplayer::MultiplayerService;
using multiplayer::MultiplayerSession;
using multiplayer::SessionReference;
using multiplayer::SessionResultStatus;
using std::chrono::milliseconds;
using std::chrono::seconds;
using Reply = LoopbackServer::Reply;
using Request = LoopbackServer::Request;
using Behaviour = LoopbackServer::Behaviour;

constexpr char kPath[] = "/serviceconfigs/scid-1/sessiontemplates/lobby/sessions/s1";

SessionReference Ref() { return {"scid-1", "lobby", "s1"}; }

std::string SessionJson(int counter) {
  return R"({"contractVersion":107,"constants":{"system":{"version":1,"maxMembersCount":8},"custom":{}},)"
         R"("properties":{"system":{},"custom":{"counter":)" +
         std::to_string(counter) + R"(}},"members":{},"membersInfo":{"first":0,"next":0,"count":0,"accepted":0}})";
}

Reply Json(int status, std::string body, std::string etag = {}) {
  Reply reply;
  reply.status = status;
  reply.headers["Content-Type"] = "application/json";
  if (!etag.empty()) reply.headers["ETag"] = etag;
  reply.body = std::move(body);
  return reply;
}

ClientOptions Options(std::string const& endpoint) {
  ClientOptions options;
  options.endpoint = endpoint;
  options.honor_environment = false;
  options.auth_token_provider = StaticAuthToken("XBL3.0 x=1;integration");
  options.retry.initial_delay = milliseconds(10);
  options.retry.max_delay = milliseconds(100);
  options.retry.window = seconds(10);
  options.attempt_timeout = seconds(5);
  return options;
}

using testing_support::WaitFor;

TEST(TransportIntegrationTest, GetSessionOverRealHttpSendsTheHeadersAndParsesTheReply) {
  Request seen;
  std::mutex mutex;
  LoopbackServer server([&](Request const& request) {
    std::lock_guard<std::mutex> lock(mutex);
    seen = request;
    return Json(200, SessionJson(4), "\"e4\"");
  });
  auto transport = MakeCpprestHttpTransport();
  MultiplayerService service(transport, Options(server.base_url()));
  auto result = WaitFor(service.GetCurrentSessionAsync(Ref()));
  ASSERT_TRUE(result.has_value());
  ASSERT_TRUE(result->ok()) << result->error().ToString();
  EXPECT_EQ((*result)->status, SessionResultStatus::kRead);
  EXPECT_EQ((*result)->session->etag(), "\"e4\"");
  EXPECT_EQ((*result)->session->properties().custom["counter"], 4);
  std::lock_guard<std::mutex> lock(mutex);
  EXPECT_EQ(seen.method, "GET");
  EXPECT_EQ(seen.target, kPath);
  EXPECT_EQ(HeaderValue(seen.headers, "x-xbl-contract-version"), "107");
  EXPECT_EQ(HeaderValue(seen.headers, "Authorization"), "XBL3.0 x=1;integration");
  transport->Shutdown();
}

TEST(TransportIntegrationTest, PutSendsTheJsonBodyAndContentType) {
  Request seen;
  std::mutex mutex;
  LoopbackServer server([&](Request const& request) {
    std::lock_guard<std::mutex> lock(mutex);
    seen = request;
    return Json(201, SessionJson(1), "\"e1\"");
  });
  auto transport = MakeCpprestHttpTransport();
  MultiplayerService service(transport, Options(server.base_url()));
  MultiplayerSession session(Ref());
  ASSERT_TRUE(session.SetCustomProperty("counter", 1).ok());
  auto result = WaitFor(service.WriteSessionAsync(session, multiplayer::SessionWriteMode::kCreateNew));
  ASSERT_TRUE(result.has_value());
  ASSERT_TRUE(result->ok()) << result->error().ToString();
  EXPECT_EQ((*result)->status, SessionResultStatus::kCreated);
  std::lock_guard<std::mutex> lock(mutex);
  EXPECT_EQ(seen.method, "PUT");
  EXPECT_EQ(HeaderValue(seen.headers, "Content-Type"), "application/json");
  EXPECT_EQ(HeaderValue(seen.headers, "If-None-Match"), "*");
  EXPECT_EQ(nlohmann::json::parse(seen.body), nlohmann::json::parse(R"({"properties":{"custom":{"counter":1}}})"));
  transport->Shutdown();
}

TEST(TransportIntegrationTest, ConnectionIsReusedAcrossCalls) {
  LoopbackServer server([](Request const&) { return Json(200, SessionJson(0), "\"e\""); });
  auto transport = MakeCpprestHttpTransport();
  MultiplayerService service(transport, Options(server.base_url()));
  constexpr int kCalls = 20;
  for (int i = 0; i < kCalls; ++i) {
    auto result = WaitFor(service.GetCurrentSessionAsync(Ref()));
    ASSERT_TRUE(result.has_value() && result->ok());
    // cpprestsdk hands the connection back to its pool just after the task completes.
    std::this_thread::sleep_for(milliseconds(5));
  }
  EXPECT_EQ(server.requests_received(), kCalls);
  // A client per call would open one connection per call; one pooled client reuses them.
  EXPECT_LT(server.connections_accepted(), kCalls / 2);
  transport->Shutdown();
}

TEST(TransportIntegrationTest, ConnectionDroppedMidResponseIsANetworkErrorAndAGetRetries) {
  std::atomic<int> calls{0};
  LoopbackServer server([&](Request const&) {
    Reply reply = Json(200, SessionJson(2), "\"e2\"");
    if (calls++ == 0) reply.behaviour = Behaviour::kDropMidBody;
    return reply;
  });
  auto transport = MakeCpprestHttpTransport();
  MultiplayerService service(transport, Options(server.base_url()));
  auto result = WaitFor(service.GetCurrentSessionAsync(Ref()));
  ASSERT_TRUE(result.has_value());
  ASSERT_TRUE(result->ok()) << result->error().ToString();
  EXPECT_EQ((*result)->attempts, 2);
  EXPECT_EQ((*result)->session->properties().custom["counter"], 2);
  transport->Shutdown();
}

TEST(TransportIntegrationTest, ConnectionDroppedMidResponseFailsAnUnconditionalWriteWithoutRetry) {
  std::atomic<int> calls{0};
  LoopbackServer server([&](Request const&) {
    ++calls;
    Reply reply = Json(200, SessionJson(2), "\"e2\"");
    reply.behaviour = Behaviour::kDropMidBody;
    return reply;
  });
  auto transport = MakeCpprestHttpTransport();
  MultiplayerService service(transport, Options(server.base_url()));
  MultiplayerSession session(Ref());
  ASSERT_TRUE(session.SetCustomProperty("counter", 1).ok());
  auto result = WaitFor(service.WriteSessionAsync(session, multiplayer::SessionWriteMode::kUpdateOrCreateNew));
  ASSERT_TRUE(result.has_value());
  ASSERT_FALSE(result->ok());
  EXPECT_EQ(result->error().code, ErrorCode::kNetwork) << result->error().ToString();
  EXPECT_EQ(result->error().attempts, 1);
  EXPECT_EQ(calls.load(), 1);
  transport->Shutdown();
}

TEST(TransportIntegrationTest, ServerThatNeverAnswersHitsThePerAttemptDeadline) {
  LoopbackServer server([](Request const&) {
    Reply reply;
    reply.behaviour = Behaviour::kNeverAnswer;
    return reply;
  });
  auto transport = MakeCpprestHttpTransport();
  auto options = Options(server.base_url());
  options.attempt_timeout = milliseconds(300);
  options.retry.max_attempts = 1;
  MultiplayerService service(transport, options);
  auto const start = std::chrono::steady_clock::now();
  auto result = WaitFor(service.GetCurrentSessionAsync(Ref()));
  auto const elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(result.has_value()) << "the deadline did not end the call";
  ASSERT_FALSE(result->ok());
  EXPECT_EQ(result->error().code, ErrorCode::kTimeout) << result->error().ToString();
  EXPECT_GE(elapsed, milliseconds(300));
  EXPECT_LT(elapsed, seconds(10));
  transport->Shutdown();
}

TEST(TransportIntegrationTest, BodyThatStallsAfterTheHeadersHitsTheDeadlineAndIsRetried) {
  std::atomic<int> calls{0};
  LoopbackServer server([&](Request const&) {
    Reply reply = Json(200, SessionJson(7), "\"e7\"");
    if (calls++ == 0) reply.behaviour = Behaviour::kStallAfterHeaders;
    return reply;
  });
  auto transport = MakeCpprestHttpTransport();
  auto options = Options(server.base_url());
  options.attempt_timeout = milliseconds(300);
  MultiplayerService service(transport, options);
  auto result = WaitFor(service.GetCurrentSessionAsync(Ref()));
  ASSERT_TRUE(result.has_value());
  ASSERT_TRUE(result->ok()) << result->error().ToString();
  EXPECT_EQ((*result)->attempts, 2);
  transport->Shutdown();
}

TEST(TransportIntegrationTest, CancellingAPendingRequestEndsItPromptly) {
  LoopbackServer server([](Request const&) {
    Reply reply;
    reply.behaviour = Behaviour::kNeverAnswer;
    return reply;
  });
  auto transport = MakeCpprestHttpTransport();
  MultiplayerService service(transport, Options(server.base_url()));
  pplx::cancellation_token_source cts;
  auto task = service.GetCurrentSessionAsync(Ref(), {}, cts.get_token());
  testing_support::WaitUntil([&] { return server.requests_received() != 0; });
  ASSERT_EQ(server.requests_received(), 1);
  cts.cancel();
  auto result = WaitFor(task, seconds(3));
  ASSERT_TRUE(result.has_value()) << "cancellation did not end the request";
  ASSERT_FALSE(result->ok());
  EXPECT_EQ(result->error().code, ErrorCode::kCancelled);
  transport->Shutdown();
}

TEST(TransportIntegrationTest, RetryAfterIsHonouredOverRealHttp) {
  std::atomic<int> calls{0};
  LoopbackServer server([&](Request const&) {
    if (calls++ == 0) {
      Reply reply;
      reply.status = 503;
      reply.headers["Retry-After"] = "1";
      return reply;
    }
    return Json(200, SessionJson(1), "\"e\"");
  });
  auto transport = MakeCpprestHttpTransport();
  MultiplayerService service(transport, Options(server.base_url()));
  auto const start = std::chrono::steady_clock::now();
  auto result = WaitFor(service.GetCurrentSessionAsync(Ref()));
  ASSERT_TRUE(result.has_value());
  ASSERT_TRUE(result->ok()) << result->error().ToString();
  EXPECT_GE(std::chrono::steady_clock::now() - start, seconds(1));
  EXPECT_EQ((*result)->attempts, 2);
  transport->Shutdown();
}

TEST(TransportIntegrationTest, ConnectionRefusedIsANetworkError) {
  std::string url;
  {
    LoopbackServer server([](Request const&) { return Reply{}; });
    url = server.base_url();
  }  // stopped: nothing listens on the port now
  auto transport = MakeCpprestHttpTransport();
  auto options = Options(url);
  options.retry.max_attempts = 2;
  MultiplayerService service(transport, options);
  auto result = WaitFor(service.GetCurrentSessionAsync(Ref()));
  ASSERT_TRUE(result.has_value());
  ASSERT_FALSE(result->ok());
  EXPECT_EQ(result->error().code, ErrorCode::kNetwork) << result->error().ToString();
  EXPECT_EQ(result->error().attempts, 2);
  transport->Shutdown();
}

TEST(TransportIntegrationTest, AfterShutdownCallsFailWithShutdown) {
  auto transport = MakeCpprestHttpTransport();
  transport->Shutdown();
  HttpRequest request;
  request.url = "http://127.0.0.1:9/x";
  auto result = transport->SendAsync(request, pplx::cancellation_token::none()).get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kShutdown);
}

TEST(TransportIntegrationTest, RelativeUrlIsRejected) {
  auto transport = MakeCpprestHttpTransport();
  HttpRequest request;
  request.url = "/no/scheme";
  auto result = transport->SendAsync(request, pplx::cancellation_token::none()).get();
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
}

TEST(TransportIntegrationTest, ThreadPoolCanOnlyBeSizedBeforeFirstUse) {
  EXPECT_EQ(InitializeHttpThreadPool(0).error().code, ErrorCode::kInvalidArgument);
  // The first sizing must succeed: checked in a fresh process (re-executed, so no other test of
  // this binary has used the pool there), exiting 0 only when it did.
  ::testing::FLAGS_gtest_death_test_style = "threadsafe";
  EXPECT_EXIT(std::exit(InitializeHttpThreadPool(8).ok() ? 0 : 1), ::testing::ExitedWithCode(0), "");
  // Here the pool may have been used by an earlier test; sized once now, it cannot be sized again.
  (void)InitializeHttpThreadPool(8);
  auto again = InitializeHttpThreadPool(8);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kInvalidState);
}

TEST(TransportIntegrationTest, LocalSessionDirectoryCreateReportsAPortInUseAsAValue) {
  auto first = LocalSessionDirectory::Create();
  ASSERT_TRUE(first.ok()) << first.error().ToString();
  ASSERT_NE((*first)->port(), 0);
  LocalSessionDirectoryOptions same_port;
  same_port.port = (*first)->port();
  auto second = LocalSessionDirectory::Create(same_port);
  ASSERT_FALSE(second.ok()) << "a second emulator bound the same port";
  EXPECT_EQ(second.error().code, ErrorCode::kNetwork);
  EXPECT_FALSE(second.error().message.empty());
}

/// A session store with ETags behind the loopback server, like MPSD's GET and conditional PUT.
class CounterSession {
 public:
  Reply Handle(Request const& request) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (request.target != kPath) return Reply{404, {}, "no such path"};
    if (request.method == "GET") return Json(200, SessionJson(counter_), Etag());
    if (request.method != "PUT") return Reply{405, {}, "method"};
    if (HeaderValue(request.headers, "If-Match") != Etag()) {
      ++conflicts_;
      return Json(412, SessionJson(counter_), Etag());
    }
    auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_discarded()) return Reply{400, {}, "bad json"};
    counter_ = body["properties"]["custom"]["counter"].get<int>();
    ++version_;
    return Json(200, SessionJson(counter_), Etag());
  }
  int counter() {
    std::lock_guard<std::mutex> lock(mutex_);
    return counter_;
  }
  int conflicts() {
    std::lock_guard<std::mutex> lock(mutex_);
    return conflicts_;
  }

 private:
  std::string Etag() const { return "\"v" + std::to_string(version_) + "\""; }
  std::mutex mutex_;
  int counter_ = 0;
  int version_ = 1;
  int conflicts_ = 0;
};

TEST(TransportIntegrationTest, SixteenThreadsUpdatingOneCounterReachTheExactTotal) {
  CounterSession store;
  LoopbackServer server([&](Request const& request) { return store.Handle(request); });
  auto transport = MakeCpprestHttpTransport();
  auto options = Options(server.base_url());
  MultiplayerService service(transport, options);
  constexpr int kThreads = 16;
  constexpr int kUpdatesPerThread = 5;
  multiplayer::UpdateSessionOptions update_options;
  update_options.max_writes = 500;
  std::atomic<int> succeeded{0};
  std::atomic<int> timed_out{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kUpdatesPerThread; ++i) {
        auto result = WaitFor(service.UpdateSessionAsync(
                                  Ref(),
                                  [](MultiplayerSession& session) {
                                    int const current = session.properties().custom.value("counter", 0);
                                    return session.SetCustomProperty("counter", current + 1);
                                  },
                                  update_options),
                              seconds(60));
        if (!result) {
          ++timed_out;
          return;
        }
        if (result->ok()) ++succeeded;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(timed_out.load(), 0);
  EXPECT_EQ(succeeded.load(), kThreads * kUpdatesPerThread);
  EXPECT_EQ(store.counter(), kThreads * kUpdatesPerThread);
  std::cout << "[ contention ] " << store.conflicts() << " conflicts (412) resolved\n";
  transport->Shutdown();
}

}  // namespace
}  // namespace xbl::testing
