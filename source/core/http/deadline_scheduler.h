#pragma once
#include <chrono>
#include <functional>
#include <memory>

namespace xbl::internal {

/// Fires per-attempt deadlines from one thread per transport. Entries are not removed
/// when their request ends; they are skipped when their owner is gone. Deadlines are
/// rounded up to the next 10 ms so that a busy transport wakes the thread at most
/// 100 times a second, and adding a deadline later than the earliest wakes nothing.
class DeadlineScheduler {
 public:
  static constexpr std::chrono::milliseconds kResolution{10};

  DeadlineScheduler();
  ~DeadlineScheduler();
  DeadlineScheduler(DeadlineScheduler const&) = delete;
  DeadlineScheduler& operator=(DeadlineScheduler const&) = delete;

  /// Calls `fire` (on the scheduler's thread) once `delay` has passed, if `owner` is still alive.
  /// Returns false after `Stop()`.
  bool Schedule(std::chrono::milliseconds delay, std::weak_ptr<void> owner, std::function<void()> fire);
  /// Joins the thread (or, when called from a deadline callback, lets it end by itself);
  /// pending deadlines never fire.
  void Stop();

 private:
  struct State;  // shared with the thread, so it outlives a Stop() made from a callback
  std::shared_ptr<State> state_;
};

}  // namespace xbl::internal
