// Pins what the transport relies on from pplx's inline continuation (ThenInline): it runs on the
// thread that completes the antecedent, before that completion returns, exactly once, and it
// observes a faulted antecedent. If a pplx release changes this, ThenInline is the one place
// to change.
#include "core/http/inline_continuation.h"
#include <gtest/gtest.h>
#include <atomic>
#include <stdexcept>
#include <thread>

namespace xbl::internal {
namespace {

TEST(InlineContinuationTest, RunsOnTheCompletingThreadBeforeTheCompletionReturns) {
  pplx::task_completion_event<int> done;
  std::atomic<int> runs{0};
  std::thread::id ran_on;
  int value = 0;
  auto continuation = ThenInline(pplx::create_task(done), [&](pplx::task<int> task) {
    value = task.get();
    ran_on = std::this_thread::get_id();
    ++runs;
  });
  std::thread::id completer;
  int runs_when_set_returned = -1;
  std::thread([&] {
    completer = std::this_thread::get_id();
    done.set(42);
    runs_when_set_returned = runs.load();
  }).join();
  continuation.wait();
  EXPECT_EQ(ran_on, completer);
  EXPECT_EQ(runs_when_set_returned, 1);
  EXPECT_EQ(runs.load(), 1);
  EXPECT_EQ(value, 42);
}

TEST(InlineContinuationTest, AnAlreadyCompletedTaskRunsItAtOnceOnTheCallingThread) {
  std::thread::id ran_on;
  auto continuation = ThenInline(pplx::task_from_result(7), [&](pplx::task<int>) { ran_on = std::this_thread::get_id(); });
  EXPECT_TRUE(continuation.is_done());
  EXPECT_EQ(ran_on, std::this_thread::get_id());
}

TEST(InlineContinuationTest, AFaultedAntecedentReachesTheContinuationToObserve) {
  pplx::task_completion_event<int> done;
  std::string seen;
  auto continuation = ThenInline(pplx::create_task(done), [&](pplx::task<int> task) {
    try {
      task.get();
    } catch (std::exception const& e) {
      seen = e.what();
    }
  });
  done.set_exception(std::runtime_error("reset by peer"));
  continuation.wait();
  EXPECT_EQ(seen, "reset by peer");
}

}  // namespace
}  // namespace xbl::internal
