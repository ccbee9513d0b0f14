#pragma once
#include "xbl/clock.h"
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace xbl {

/// Remembers, per key (an endpoint, or an endpoint and a user), until when the service asked
/// callers to stay away (Retry-After), so that other calls wait or fail fast instead of
/// hammering it. A `ServiceContext` owns one, shared by the services built on it; pass the
/// same gate to several contexts to widen that scope. Nothing is shared process-wide.
/// Thread-safe.
class RetryAfterGate {
 public:
  struct Pending {
    std::chrono::steady_clock::time_point until;
    std::chrono::system_clock::time_point until_wall;
    int status = 0;  ///< The status that carried the Retry-After (429, 503, ...).
  };

  /// `clock` tells the gate's time; every context that shares the gate must use the same clock,
  /// because a time point means nothing on another clock.
  explicit RetryAfterGate(std::shared_ptr<Clock const> clock) : clock_(std::move(clock)) {}

  /// Records a Retry-After; an earlier pending one is kept only if it ends later.
  void Record(std::string const& key, Pending pending);
  /// The pending Retry-After for `key` at `now`, if any; expired entries are dropped.
  std::optional<Pending> Check(std::string const& key, std::chrono::steady_clock::time_point now);
  Clock const* clock() const { return clock_.get(); }

 private:
  std::shared_ptr<Clock const> clock_;
  std::mutex mutex_;
  std::map<std::string, Pending> pending_;
};

}  // namespace xbl
