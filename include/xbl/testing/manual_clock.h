#pragma once
#include "xbl/clock.h"
#include <chrono>
#include <mutex>
#include <vector>

namespace xbl::testing {

/// A clock that moves only when told to; starts at a fixed wall time so that
/// HTTP-date tests are reproducible.
class ManualClock final : public Clock {
 public:
  /// 2026-01-01T00:00:00Z.
  static constexpr std::chrono::seconds kStartWallTime{1767225600};

  std::chrono::steady_clock::time_point Now() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::chrono::steady_clock::time_point(offset_);
  }
  std::chrono::system_clock::time_point SystemNow() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::chrono::system_clock::time_point(kStartWallTime) +
           std::chrono::duration_cast<std::chrono::system_clock::duration>(offset_);
  }
  void Advance(std::chrono::milliseconds delta) {
    std::lock_guard<std::mutex> lock(mutex_);
    offset_ += delta;
  }
  std::chrono::milliseconds elapsed() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return offset_;
  }

 private:
  mutable std::mutex mutex_;
  std::chrono::milliseconds offset_{0};
};

/// A sleeper over a `ManualClock`. By default each sleep advances the clock and
/// completes at once, and is recorded. With `set_hold(true)` sleeps complete only
/// when their token is cancelled (to test cancellation during a backoff).
class ManualSleeper final : public Sleeper {
 public:
  explicit ManualSleeper(std::shared_ptr<ManualClock> clock) : clock_(std::move(clock)) {}

  pplx::task<Result<void>> SleepAsync(std::chrono::milliseconds delay, pplx::cancellation_token token) override {
    bool hold = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      sleeps_.push_back(delay);
      hold = hold_;
    }
    if (token.is_canceled()) return Cancelled();
    if (!hold) {
      clock_->Advance(delay);
      return pplx::task_from_result(Result<void>());
    }
    if (!token.is_cancelable()) return pplx::task_from_result(Result<void>(Error(ErrorCode::kUnknown, "held forever")));
    pplx::task_completion_event<Result<void>> done;
    token.register_callback([done] { done.set(Result<void>(Error(ErrorCode::kCancelled, "cancelled"))); });
    return pplx::create_task(done);
  }

  void set_hold(bool hold) {
    std::lock_guard<std::mutex> lock(mutex_);
    hold_ = hold;
  }
  std::vector<std::chrono::milliseconds> sleeps() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return sleeps_;
  }

 private:
  static pplx::task<Result<void>> Cancelled() {
    return pplx::task_from_result(Result<void>(Error(ErrorCode::kCancelled, "cancelled")));
  }
  std::shared_ptr<ManualClock> clock_;
  mutable std::mutex mutex_;
  std::vector<std::chrono::milliseconds> sleeps_;
  bool hold_ = false;
};

}  // namespace xbl::testing
