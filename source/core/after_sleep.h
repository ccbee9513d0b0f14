#pragma once
// A timer on the sleeper seam whose continuation learns only whether the time elapsed: a sleep that
// was cancelled, failed or threw (the sleeper may be the title's) all mean "not elapsed".
#include "core/http/inline_continuation.h"
#include "xbl/clock.h"
#include <chrono>
#include <utility>

namespace xbl::internal {

/// Sleeps `delay` on `sleeper`, then runs `then(bool elapsed)` inline on the thread that ends the
/// sleep. Call it outside any lock: the sleeper is a seam the title may supply.
template <typename Then>
void AfterSleep(Sleeper& sleeper, std::chrono::milliseconds delay, pplx::cancellation_token token, Then then) {
  ThenInline(sleeper.SleepAsync(delay, std::move(token)),
             [then = std::move(then)](pplx::task<Result<void>> slept) mutable {
               bool elapsed = false;
               try {
                 elapsed = slept.get().ok();
               } catch (...) {
                 elapsed = false;
               }
               then(elapsed);
             });
}

}  // namespace xbl::internal
