#pragma once
// re-reading every session on a Resync at most once per interval. A Resync inside the
// interval is not dropped: it is carried out once, when the interval ends.
#include "xbl/clock.h"
#include <pplx/pplxtasks.h>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

namespace xbl::internal {

/// Thread-safe. `run` goes to `Request` each time, so that the owner decides what a deferred
/// run may still reach (usually through a weak pointer).
class ResyncThrottle {
 public:
  ResyncThrottle(std::shared_ptr<Clock> clock, std::shared_ptr<Sleeper> sleeper, std::chrono::milliseconds interval);

  /// Runs `run` now (on the caller's thread) when the last run is at least the interval ago, else
  /// once at the interval's end (on the sleeper's thread) unless `token` is cancelled first; a
  /// request while one waits joins it.
  void Request(std::function<void()> run, pplx::cancellation_token token);

 private:
  struct State {
    std::mutex mutex;
    std::optional<std::chrono::steady_clock::time_point> last;
    bool pending = false;
  };
  std::shared_ptr<Clock> const clock_;
  std::shared_ptr<Sleeper> const sleeper_;
  std::chrono::milliseconds const interval_;
  std::shared_ptr<State> const state_ = std::make_shared<State>();
};

}  // namespace xbl::internal
