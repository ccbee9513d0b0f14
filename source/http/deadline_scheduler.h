#pragma once
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

namespace xbl::internal {

/// Fires per-attempt deadlines from one thread per transport. Entries are not removed
/// when their request ends; they are skipped when their owner is gone. Deadlines are
/// rounded up to the next 10 ms so that a busy transport wakes the thread at most
/// 100 times a second, and adding a deadline later than the earliest wakes nothing.
class DeadlineScheduler {
 public:
  static constexpr std::chrono::milliseconds kResolution{10};

  DeadlineScheduler() = default;
  ~DeadlineScheduler() { Stop(); }
  DeadlineScheduler(DeadlineScheduler const&) = delete;
  DeadlineScheduler& operator=(DeadlineScheduler const&) = delete;

  /// Calls `fire` (on the scheduler's thread) once `delay` has passed, if `owner` is still alive.
  /// Returns false after `Stop()`.
  bool Schedule(std::chrono::milliseconds delay, std::weak_ptr<void> owner, std::function<void()> fire);
  /// Joins the thread; pending deadlines never fire.
  void Stop();

 private:
  struct Entry {
    std::chrono::steady_clock::time_point when;
    std::weak_ptr<void> owner;
    std::function<void()> fire;
  };
  struct Later {
    bool operator()(Entry const& a, Entry const& b) const { return a.when > b.when; }
  };
  void Run();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::priority_queue<Entry, std::vector<Entry>, Later> queue_;
  std::thread thread_;
  bool stopping_ = false;
};

}  // namespace xbl::internal
