// ServiceContext resolves ClientOptions once and owns what its services share; its serial
// executor runs title callbacks off the SDK's threads, in order, containing what they throw.
#include "xbl/service_context.h"
#include "xbl/testing/manual_clock.h"
#include "xbl/testing/mock_http_transport.h"
#include "wait_for.h"
#include <gtest/gtest.h>
#include <atomic>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace xbl {
namespace {

using testing_support::WaitUntil;

/// Runs posted work when the test says so, on the test's thread.
class QueueExecutor final : public Executor {
 public:
  void Post(std::function<void()> work) override { queue.push_back(std::move(work)); }
  std::vector<std::function<void()>> queue;
};

TEST(ServiceContextTest, ResolvesTheDefaultsOnce) {
  ClientOptions options;
  auto context = ServiceContext::Create(std::make_shared<testing::MockHttpTransport>(), options);
  EXPECT_NE(context->clock(), nullptr);
  EXPECT_NE(context->sleeper(), nullptr);
  EXPECT_NE(context->retry_policy(), nullptr);
  EXPECT_NE(context->retry_after_gate(), nullptr);
  EXPECT_NE(context->callback_executor(), nullptr);
  EXPECT_EQ(context->retry_after_gate()->clock(), context->clock().get());
}

TEST(ServiceContextTest, UsesWhatTheOptionsInject) {
  ClientOptions options;
  auto clock = std::make_shared<testing::ManualClock>();
  auto sleeper = std::make_shared<testing::ManualSleeper>(clock);
  auto executor = std::make_shared<QueueExecutor>();
  options.clock = clock;
  options.sleeper = sleeper;
  options.callback_executor = executor;
  options.retry_after_gate = false;
  auto context = ServiceContext::Create(nullptr, options);
  EXPECT_EQ(context->clock(), clock);
  EXPECT_EQ(context->sleeper(), sleeper);
  EXPECT_EQ(context->callback_executor(), executor);
  EXPECT_EQ(context->retry_after_gate(), nullptr);
}

TEST(ServiceContextTest, AGivenGateIsShared) {
  ClientOptions options;
  auto clock = std::make_shared<testing::ManualClock>();
  options.clock = clock;
  auto gate = std::make_shared<RetryAfterGate>(clock);
  auto first = ServiceContext::Create(nullptr, options, gate);
  auto second = ServiceContext::Create(nullptr, options, gate);
  EXPECT_EQ(first->retry_after_gate(), gate);
  EXPECT_EQ(second->retry_after_gate(), gate);
  EXPECT_NE(ServiceContext::Create(nullptr, options)->retry_after_gate(), gate);
}

TEST(ServiceContextTest, ThrottleIdentityIsTheUserOrTheContextAlone) {
  ClientOptions options;
  options.user_xuid = "1001";
  EXPECT_EQ(ServiceContext::Create(nullptr, options)->throttle_identity(), "user 1001");
  options.user_xuid.clear();
  auto const a = ServiceContext::Create(nullptr, options)->throttle_identity();
  auto const b = ServiceContext::Create(nullptr, options)->throttle_identity();
  EXPECT_NE(a, b);
}

TEST(ServiceContextTest, PostCallbackRunsOnTheExecutorAndLogsWhatItThrows) {
  ClientOptions options;
  auto executor = std::make_shared<QueueExecutor>();
  options.callback_executor = executor;
  std::vector<std::string> errors;
  options.diagnostics.log_handler = [&](TraceLevel level, std::string_view, std::string_view message) {
    if (level == TraceLevel::kError) errors.emplace_back(message);
  };
  auto context = ServiceContext::Create(nullptr, options);
  bool ran = false;
  context->PostCallback("the ran handler", [&] { ran = true; });
  context->PostCallback("the session-changed handler", [] { throw std::runtime_error("boom"); });
  EXPECT_FALSE(ran);  // posted, not run inline
  ASSERT_EQ(executor->queue.size(), 2u);
  for (auto& work : executor->queue) work();  // must not throw
  EXPECT_TRUE(ran);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "the session-changed handler threw: boom");
}

TEST(SerialExecutorTest, RunsWorkInOrderOnOneThreadOfItsOwn) {
  auto executor = MakeSerialExecutor();
  std::mutex mutex;
  std::vector<int> order;
  std::vector<std::thread::id> threads;
  for (int i = 0; i < 100; ++i) {
    executor->Post([&, i] {
      std::lock_guard<std::mutex> lock(mutex);
      order.push_back(i);
      threads.push_back(std::this_thread::get_id());
    });
  }
  ASSERT_TRUE(WaitUntil([&] {
    std::lock_guard<std::mutex> lock(mutex);
    return order.size() == 100;
  }));
  std::lock_guard<std::mutex> lock(mutex);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(order[i], i);
  for (auto const& id : threads) EXPECT_EQ(id, threads.front());
  EXPECT_NE(threads.front(), std::this_thread::get_id());
}

TEST(SerialExecutorTest, DestructionFinishesQueuedWork) {
  std::atomic<int> runs{0};
  {
    auto executor = MakeSerialExecutor();
    for (int i = 0; i < 50; ++i) executor->Post([&] { ++runs; });
  }
  EXPECT_EQ(runs.load(), 50);
}

TEST(SerialExecutorTest, WorkThatThrowsIsReportedAndTheNextWorkStillRuns) {
  std::promise<std::string> reported;
  std::promise<void> next_ran;
  auto executor = MakeSerialExecutor([&](std::string const& message) { reported.set_value(message); });
  executor->Post([] { throw std::runtime_error("bad handler"); });
  executor->Post([&] { next_ran.set_value(); });
  EXPECT_EQ(reported.get_future().get(), "a callback threw: bad handler");
  next_ran.get_future().get();
}

TEST(SerialExecutorTest, WorkMayDropTheLastReferenceToItsExecutor) {
  auto executor = MakeSerialExecutor();
  std::promise<void> done;
  auto* raw = executor.get();
  raw->Post([keep = std::move(executor), &done]() mutable {
    keep.reset();  // the executor is destroyed on its own thread: no self-join, no crash
    done.set_value();
  });
  done.get_future().get();
}

}  // namespace
}  // namespace xbl
