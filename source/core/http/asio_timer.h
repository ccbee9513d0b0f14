#pragma once
#include <chrono>
#include <functional>
#include <memory>

namespace xbl::internal {

/// A one-shot timer on cpprestsdk's shared pool. `on_done(true)` when it fires,
/// `on_done(false)` when cancelled first; called exactly once, on a pool thread.
class AsioTimer {
 public:
  AsioTimer();
  void Start(std::chrono::milliseconds delay, std::function<void(bool fired)> on_done);
  /// Thread-safe; may be called before, during or after `Start`.
  void Cancel();

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace xbl::internal
