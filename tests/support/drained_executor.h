#pragma once
// An executor the test drains itself: posted work runs on the test's thread, when the test says.
#include "xbl/executor.h"
#include <gtest/gtest.h>
#include <deque>
#include <functional>
#include <mutex>

namespace xbl::testing_support {

/// Runs posted work when the test drains it, on the test's thread.
class DrainedExecutor final : public Executor {
 public:
  void Post(std::function<void()> work) override {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(std::move(work));
  }
  /// Runs the oldest piece of work only; false when there was none.
  bool RunOne() {
    std::function<void()> work;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (queue_.empty()) return false;
      work = std::move(queue_.front());
      queue_.pop_front();
    }
    work();
    return true;
  }
  /// Runs work until none is left (bounded, so that a loop shows as a failure).
  void Drain() {
    for (int i = 0; i < 100000; ++i) {
      std::function<void()> work;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (queue_.empty()) return;
        work = std::move(queue_.front());
        queue_.pop_front();
      }
      work();
    }
    ADD_FAILURE() << "the executor never ran dry";
  }

 private:
  std::mutex mutex_;
  std::deque<std::function<void()>> queue_;
};

}  // namespace xbl::testing_support
