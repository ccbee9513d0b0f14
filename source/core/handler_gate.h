#pragma once
// The gate between an SDK component and the title handlers it has posted to the callback
// executor: closing it stops handlers that have not started, and waits for those running.
#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace xbl::internal {

/// Lets posted handlers run only until it closes, and lets its closer wait for those running
/// (except on the closer's own thread, so that a handler may shut the client down).
class HandlerGate {
 public:
  bool Enter() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closed_) return false;
    running_.push_back(std::this_thread::get_id());
    return true;
  }
  void Leave() {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = std::find(running_.begin(), running_.end(), std::this_thread::get_id());
    if (it != running_.end()) running_.erase(it);
    changed_.notify_all();
  }
  void CloseAndWait() {
    std::unique_lock<std::mutex> lock(mutex_);
    closed_ = true;
    auto const self = std::this_thread::get_id();
    changed_.wait(lock, [&] {
      return std::all_of(running_.begin(), running_.end(), [&](auto const& id) { return id == self; });
    });
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool closed_ = false;
  std::vector<std::thread::id> running_;
};

/// Runs `handler` behind `gate`: not at all once the gate is closed, else counted as running
/// until it returns (or throws).
template <typename Handler>
void RunBehindGate(HandlerGate& gate, Handler&& handler) {
  if (!gate.Enter()) return;
  struct Leave {
    HandlerGate& gate;
    ~Leave() { gate.Leave(); }
  } leave{gate};
  handler();
}

}  // namespace xbl::internal
