#include "internal/retry_after_gate.h"

namespace xbl::internal {
namespace {

struct GateRegistry {
  std::mutex mutex;
  std::map<Clock const*, std::weak_ptr<RetryAfterGate>> gates;
};

GateRegistry& Registry() {
  // Never destroyed: services may outlive static destruction; the registry holds only weak refs.
  static GateRegistry* registry = new GateRegistry();
  return *registry;
}

}  // namespace

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

std::shared_ptr<RetryAfterGate> SharedRetryAfterGate(std::shared_ptr<Clock const> const& clock) {
  auto& registry = Registry();
  std::lock_guard<std::mutex> lock(registry.mutex);
  for (auto it = registry.gates.begin(); it != registry.gates.end();) {
    it = it->second.expired() ? registry.gates.erase(it) : std::next(it);
  }
  // The gate pins its clock, so the address cannot be reused by another clock while it lives.
  auto& slot = registry.gates[clock.get()];
  auto gate = slot.lock();
  if (!gate) {
    gate = std::make_shared<RetryAfterGate>(clock);
    slot = gate;
  }
  return gate;
}

}  // namespace xbl::internal
