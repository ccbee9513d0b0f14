#include "core/http/deadline_scheduler.h"
#include "core/contained_exception.h"
#include <condition_variable>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

namespace xbl::internal {

struct DeadlineScheduler::State {
  struct Entry {
    std::chrono::steady_clock::time_point when;
    std::weak_ptr<void> owner;
    std::function<void()> fire;
  };
  struct Later {
    bool operator()(Entry const& a, Entry const& b) const { return a.when > b.when; }
  };

  std::mutex mutex;
  std::condition_variable wake;
  std::priority_queue<Entry, std::vector<Entry>, Later> queue;
  std::thread thread;
  bool stopping = false;

  static void Run(std::shared_ptr<State> state) {
    std::unique_lock<std::mutex> lock(state->mutex);
    while (!state->stopping) {
      if (state->queue.empty()) {
        state->wake.wait(lock);
        continue;
      }
      // A copy: the queue's storage may be freed or moved while this thread waits (Stop, push).
      auto const when = state->queue.top().when;
      if (when > std::chrono::steady_clock::now()) {
        state->wake.wait_until(lock, when);
        continue;
      }
      Entry entry = state->queue.top();
      state->queue.pop();
      if (entry.owner.expired()) continue;
      lock.unlock();
      try {
        entry.fire();
      } catch (...) {
        internal::LogContainedException(nullptr, "a deadline callback");
      }
      lock.lock();
    }
  }
};

DeadlineScheduler::DeadlineScheduler() : state_(std::make_shared<State>()) {}

DeadlineScheduler::~DeadlineScheduler() { Stop(); }

bool DeadlineScheduler::Schedule(std::chrono::milliseconds delay, std::weak_ptr<void> owner,
                                 std::function<void()> fire) {
  using std::chrono::steady_clock;
  auto const raw = steady_clock::now() + delay;
  auto const ticks = (raw.time_since_epoch() + kResolution - steady_clock::duration(1)) / kResolution;
  auto const when = steady_clock::time_point(std::chrono::duration_cast<steady_clock::duration>(kResolution * ticks));
  bool notify = false;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (state_->stopping) return false;
    if (!state_->thread.joinable()) state_->thread = std::thread(&State::Run, state_);
    notify = state_->queue.empty() || when < state_->queue.top().when;
    state_->queue.push(State::Entry{when, std::move(owner), std::move(fire)});
  }
  if (notify) state_->wake.notify_one();
  return true;
}

void DeadlineScheduler::Stop() {
  std::thread thread;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->stopping = true;
    thread.swap(state_->thread);
    state_->queue = {};
  }
  state_->wake.notify_all();
  if (!thread.joinable()) return;
  if (thread.get_id() == std::this_thread::get_id()) {
    thread.detach();  // called from a deadline callback: Run() holds the state and ends by itself
  } else {
    thread.join();
  }
}

}  // namespace xbl::internal
