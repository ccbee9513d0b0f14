#include "core/http/deadline_scheduler.h"
#include <gtest/gtest.h>
#include <atomic>
#include <future>

namespace xbl::internal {
namespace {

using std::chrono::milliseconds;

TEST(DeadlineSchedulerTest, FiresAfterTheDelayWhileTheOwnerLives) {
  DeadlineScheduler scheduler;
  auto owner = std::make_shared<int>(1);
  std::promise<std::chrono::steady_clock::time_point> fired;
  auto const start = std::chrono::steady_clock::now();
  ASSERT_TRUE(scheduler.Schedule(milliseconds(30), owner, [&] { fired.set_value(std::chrono::steady_clock::now()); }));
  auto future = fired.get_future();
  ASSERT_EQ(future.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_GE(future.get() - start, milliseconds(30));
}

TEST(DeadlineSchedulerTest, SkipsDeadlinesWhoseOwnerIsGone) {
  DeadlineScheduler scheduler;
  std::atomic<int> skipped_fired{0};
  std::promise<void> later_fired;
  {
    auto owner = std::make_shared<int>(1);
    ASSERT_TRUE(scheduler.Schedule(milliseconds(10), owner, [&] { ++skipped_fired; }));
  }  // owner released: that deadline must never fire
  auto owner = std::make_shared<int>(2);
  ASSERT_TRUE(scheduler.Schedule(milliseconds(40), owner, [&] { later_fired.set_value(); }));
  ASSERT_EQ(later_fired.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_EQ(skipped_fired.load(), 0);
}

TEST(DeadlineSchedulerTest, EarlierDeadlineAddedLaterFiresFirst) {
  DeadlineScheduler scheduler;
  auto owner = std::make_shared<int>(1);
  std::mutex mutex;
  std::vector<int> order;
  std::promise<void> both;
  auto record = [&](int id) {
    std::lock_guard<std::mutex> lock(mutex);
    order.push_back(id);
    if (order.size() == 2) both.set_value();
  };
  ASSERT_TRUE(scheduler.Schedule(milliseconds(400), owner, [&] { record(2); }));
  ASSERT_TRUE(scheduler.Schedule(milliseconds(20), owner, [&] { record(1); }));
  ASSERT_EQ(both.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_EQ(order, (std::vector<int>{1, 2}));
}

TEST(DeadlineSchedulerTest, StopDropsPendingDeadlinesAndRefusesNewOnes) {
  DeadlineScheduler scheduler;
  auto owner = std::make_shared<int>(1);
  std::atomic<int> fired{0};
  ASSERT_TRUE(scheduler.Schedule(milliseconds(10), owner, [&] { ++fired; }));
  scheduler.Stop();
  EXPECT_FALSE(scheduler.Schedule(milliseconds(1), owner, [&] { ++fired; }));
  EXPECT_EQ(fired.load(), 0);
}

TEST(DeadlineSchedulerTest, DestroyingTheSchedulerFromItsOwnCallbackIsSafe) {
  auto* scheduler = new DeadlineScheduler();
  auto owner = std::make_shared<int>(1);
  std::promise<void> destroyed;
  ASSERT_TRUE(scheduler->Schedule(milliseconds(10), owner, [&] {
    delete scheduler;  // e.g. a timed-out call's completion releases the last transport reference
    destroyed.set_value();
  }));
  EXPECT_EQ(destroyed.get_future().wait_for(std::chrono::seconds(5)), std::future_status::ready);
}

}  // namespace
}  // namespace xbl::internal
