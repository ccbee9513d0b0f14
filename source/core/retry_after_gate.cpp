#include "xbl/retry_after_gate.h"

namespace xbl {

void RetryAfterGate::Record(std::string const& key, Pending pending) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, inserted] = pending_.emplace(key, pending);
  if (!inserted && it->second.until < pending.until) it->second = pending;
}

std::optional<RetryAfterGate::Pending> RetryAfterGate::Check(std::string const& key,
                                                              std::chrono::steady_clock::time_point now) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = pending_.find(key);
  if (it == pending_.end()) return std::nullopt;
  if (it->second.until <= now) {
    pending_.erase(it);
    return std::nullopt;
  }
  return it->second;
}

}  // namespace xbl
