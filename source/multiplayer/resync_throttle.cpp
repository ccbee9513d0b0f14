#include "multiplayer/resync_throttle.h"
#include "core/after_sleep.h"

namespace xbl::internal {

ResyncThrottle::ResyncThrottle(std::shared_ptr<Clock> clock, std::shared_ptr<Sleeper> sleeper,
                               std::chrono::milliseconds interval)
    : clock_(std::move(clock)), sleeper_(std::move(sleeper)), interval_(interval) {}

void ResyncThrottle::Request(std::function<void()> run, pplx::cancellation_token token) {
  std::chrono::milliseconds wait{0};
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (state_->pending) return;
    auto const now = clock_->Now();
    if (state_->last && now - *state_->last < interval_) {
      wait = std::chrono::duration_cast<std::chrono::milliseconds>(*state_->last + interval_ - now);
      state_->pending = true;
    } else {
      state_->last = now;
    }
  }
  if (wait.count() == 0) return run();
  // Outside the lock. A sleep that fails ends the wait; the next Resync asks again.
  AfterSleep(*sleeper_, wait, token, [state = state_, clock = clock_, run = std::move(run)](bool elapsed) {
    {
      std::lock_guard<std::mutex> lock(state->mutex);
      state->pending = false;
      if (elapsed) state->last = clock->Now();
    }
    if (elapsed) run();
  });
}

}  // namespace xbl::internal
