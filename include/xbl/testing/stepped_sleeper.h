#pragma once
#include "xbl/clock.h"
#include "xbl/testing/manual_clock.h"
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <vector>

namespace xbl::testing {

/// A sleeper over a `ManualClock` whose sleeps end only when the test moves time past their
/// deadline with `Advance`, as timers would: for code that keeps several waits running at once
/// (the RTA client's ping, backoff and lost deadlines). A cancelled sleep ends at once with
/// `kCancelled`. Completions run on the thread that calls `Advance` (or cancels).
class SteppedSleeper final : public Sleeper {
 public:
  explicit SteppedSleeper(std::shared_ptr<ManualClock> clock) : clock_(std::move(clock)) {}

  pplx::task<Result<void>> SleepAsync(std::chrono::milliseconds delay, pplx::cancellation_token token) override {
    if (token.is_canceled()) return pplx::task_from_result(Result<void>(Error(ErrorCode::kCancelled, "cancelled")));
    pplx::task_completion_event<Result<void>> done;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      sleeps_.push_back(Sleep{clock_->elapsed() + std::max(delay, std::chrono::milliseconds(0)), next_++, done});
      requested_.push_back(delay);
    }
    if (token.is_cancelable()) {
      token.register_callback([done] { done.set(Result<void>(Error(ErrorCode::kCancelled, "cancelled"))); });
    }
    return pplx::create_task(done);
  }

  /// Moves the clock forward by `delta`. Each sleep whose deadline it passes ends in deadline
  /// order (then in the order started), with the clock standing at that deadline; sleeps started
  /// by those completions end too when they fall inside `delta`.
  void Advance(std::chrono::milliseconds delta) {
    auto const target = clock_->elapsed() + delta;
    for (;;) {
      pplx::task_completion_event<Result<void>> due;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = std::min_element(sleeps_.begin(), sleeps_.end(), [](Sleep const& a, Sleep const& b) {
          return a.deadline != b.deadline ? a.deadline < b.deadline : a.order < b.order;
        });
        if (it == sleeps_.end() || it->deadline > target) break;
        if (it->deadline > clock_->elapsed()) clock_->Advance(it->deadline - clock_->elapsed());
        due = it->done;
        sleeps_.erase(it);
      }
      due.set(Result<void>());
    }
    if (target > clock_->elapsed()) clock_->Advance(target - clock_->elapsed());
  }

  /// Ends every sleep that is already due (deadline not after now) without moving the clock.
  void FireDue() { Advance(std::chrono::milliseconds(0)); }

  /// Every delay asked for so far, in order.
  std::vector<std::chrono::milliseconds> requested() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requested_;
  }

 private:
  struct Sleep {
    std::chrono::milliseconds deadline;
    std::uint64_t order;
    pplx::task_completion_event<Result<void>> done;
  };
  std::shared_ptr<ManualClock> clock_;
  mutable std::mutex mutex_;
  std::vector<Sleep> sleeps_;
  std::vector<std::chrono::milliseconds> requested_;
  std::uint64_t next_ = 0;
};

}  // namespace xbl::testing
