#pragma once
// The title's handlers of one kind of subscription event, each removed by the token it was added
// with. Calling them never holds the list's lock, so a handler may add or remove handlers.
#include "core/contained_exception.h"
#include "xbl/multiplayer/handler_token.h"
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

namespace xbl::internal {

template <typename... Args>
class HandlerList : public std::enable_shared_from_this<HandlerList<Args...>> {
 public:
  using Handler = std::function<void(Args const&...)>;

  /// Registers `handler` until the token goes; an empty handler gives an empty token.
  multiplayer::HandlerToken Add(Handler handler) {
    if (!handler) return {};
    std::uint64_t id = 0;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      id = ++next_id_;
      handlers_.emplace(id, std::move(handler));
    }
    std::weak_ptr<HandlerList> weak = this->shared_from_this();
    return multiplayer::HandlerToken([weak, id] {
      if (auto list = weak.lock()) list->Remove(id);
    });
  }

  /// Calls each handler registered now, in the order they were added, skipping one whose token
  /// went before its turn. What a handler throws is logged as thrown by `what`; the rest still run.
  void Invoke(Logger const* logger, std::string_view what, Args const&... args) const {
    std::vector<std::uint64_t> ids;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (auto const& entry : handlers_) ids.push_back(entry.first);
    }
    for (auto const id : ids) {
      Handler handler;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = handlers_.find(id);
        if (it == handlers_.end()) continue;
        handler = it->second;
      }
      try {
        handler(args...);
      } catch (...) {
        LogContainedException(logger, what);
      }
    }
  }

 private:
  void Remove(std::uint64_t id) {
    Handler removed;  // destroyed outside the lock: it may own anything
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = handlers_.find(id);
    if (it == handlers_.end()) return;
    removed = std::move(it->second);
    handlers_.erase(it);
  }

  mutable std::mutex mutex_;
  std::uint64_t next_id_ = 0;
  std::map<std::uint64_t, Handler> handlers_;
};

}  // namespace xbl::internal
