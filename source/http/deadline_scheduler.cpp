#include "http/deadline_scheduler.h"

namespace xbl::internal {

bool DeadlineScheduler::Schedule(std::chrono::milliseconds delay, std::weak_ptr<void> owner,
                                 std::function<void()> fire) {
  using std::chrono::steady_clock;
  auto const raw = steady_clock::now() + delay;
  auto const ticks = (raw.time_since_epoch() + kResolution - steady_clock::duration(1)) / kResolution;
  auto const when = steady_clock::time_point(std::chrono::duration_cast<steady_clock::duration>(kResolution * ticks));
  bool notify = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return false;
    if (!thread_.joinable()) thread_ = std::thread([this] { Run(); });
    notify = queue_.empty() || when < queue_.top().when;
    queue_.push(Entry{when, std::move(owner), std::move(fire)});
  }
  if (notify) wake_.notify_one();
  return true;
}

void DeadlineScheduler::Stop() {
  std::thread thread;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
    thread.swap(thread_);
    queue_ = {};
  }
  wake_.notify_all();
  if (thread.joinable() && thread.get_id() != std::this_thread::get_id()) thread.join();
  if (thread.joinable()) thread.detach();  // Stop() from a deadline callback: the thread ends by itself
}

void DeadlineScheduler::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    if (queue_.empty()) {
      wake_.wait(lock);
      continue;
    }
    auto const now = std::chrono::steady_clock::now();
    if (queue_.top().when > now) {
      wake_.wait_until(lock, queue_.top().when);
      continue;
    }
    Entry entry = queue_.top();
    queue_.pop();
    if (entry.owner.expired()) continue;
    lock.unlock();
    try {
      entry.fire();
    } catch (...) {
    }
    lock.lock();
  }
}

}  // namespace xbl::internal
