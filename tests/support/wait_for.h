#pragma once
// Waiting for another thread in a test: poll a condition with a bound, never a bare sleep.
#include <pplx/pplxtasks.h>
#include <chrono>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <optional>
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

/// The task's value, or nullopt when it has not completed within `limit`: a bug shows as a
/// failure, never a hang. An exception the task ends with is rethrown.
template <typename T>
std::optional<T> WaitFor(pplx::task<T> task, std::chrono::seconds limit = std::chrono::seconds(20)) {
  auto promise = std::make_shared<std::promise<T>>();
  auto future = promise->get_future();
  task.then([promise](pplx::task<T> t) {
    try {
      promise->set_value(t.get());
    } catch (...) {
      promise->set_exception(std::current_exception());
    }
  });
  if (future.wait_for(limit) != std::future_status::ready) return std::nullopt;
  return future.get();
}

}  // namespace xbl::testing_support
