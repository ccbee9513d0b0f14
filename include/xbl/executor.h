#pragma once
#include <functional>
#include <memory>
#include <string>

namespace xbl {

/// Runs work that the SDK hands to title code (callbacks) off the SDK's own threads, so that a
/// slow or blocking callback never holds a network or timer thread. A title may supply its own
/// (its game thread's queue, say) through `ClientOptions::callback_executor`.
class Executor {
 public:
  virtual ~Executor() = default;
  /// Queues `work`; it runs later, never inside `Post`. `work` must not throw (the SDK wraps
  /// every callback it posts so that it does not).
  virtual void Post(std::function<void()> work) = 0;
};

/// One thread of its own, started by the first `Post`, running work in the order posted. The
/// destructor finishes queued work and joins the thread (or detaches it when it is the thread
/// itself). An exception escaping `work` is caught and reported to `on_exception` (or stderr).
std::shared_ptr<Executor> MakeSerialExecutor(std::function<void(std::string const&)> on_exception = {});

}  // namespace xbl
