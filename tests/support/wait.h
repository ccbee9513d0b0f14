#pragma once
// Waiting for another thread in a test: poll a condition with a bound, never a bare sleep.
#include <chrono>
#include <functional>
#include <thread>

namespace xbl::testing_support {

/// Polls `done` every millisecond until it holds or `timeout` passes; true if it held. The bound
/// is a safety net for a broken build, not a timing assumption: the awaited event is caused by the
/// test itself and normally lands within microseconds.
inline bool WaitUntil(std::function<bool()> const& done,
                      std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  auto const deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

}  // namespace xbl::testing_support
