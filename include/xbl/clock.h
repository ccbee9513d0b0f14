#pragma once
#include "xbl/result.h"
#include <pplx/pplxtasks.h>
#include <chrono>
#include <memory>

namespace xbl {

/// Time as the retry loop sees it. Tests inject a manual clock instead of sleeping.
class Clock {
 public:
  virtual ~Clock() = default;
  /// Monotonic time for delays, windows and the Retry-After gate.
  virtual std::chrono::steady_clock::time_point Now() const = 0;
  /// Wall-clock time, to read `Retry-After` in HTTP-date form.
  virtual std::chrono::system_clock::time_point SystemNow() const = 0;
};

/// Waits between attempts. `SleepAsync` completes after `delay`, or at once with
/// `kCancelled` when `token` fires; it never throws.
class Sleeper {
 public:
  virtual ~Sleeper() = default;
  virtual pplx::task<Result<void>> SleepAsync(std::chrono::milliseconds delay,
                                              pplx::cancellation_token token) = 0;
};

/// The real clocks (`steady_clock`, `system_clock`).
std::shared_ptr<Clock> MakeSystemClock();

/// A timer-based sleeper on cpprestsdk's shared thread pool: no thread is
/// blocked while waiting, and cancellation ends the wait at once.
std::shared_ptr<Sleeper> MakeDefaultSleeper();

}  // namespace xbl
