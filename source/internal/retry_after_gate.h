#pragma once
#include "xbl/clock.h"
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace xbl::internal {

/// Remembers, per endpoint, until when the service asked callers to stay away
/// (Retry-After), so that other calls wait or fail fast instead of hammering it.
class RetryAfterGate {
 public:
  struct Pending {
    std::chrono::steady_clock::time_point until;
    std::chrono::system_clock::time_point until_wall;
    int status = 0;  ///< The status that carried the Retry-After (429, 503, ...).
  };

  RetryAfterGate() = default;
  /// `clock` is kept alive with the gate: the gate's times are that clock's times.
  explicit RetryAfterGate(std::shared_ptr<Clock const> clock) : clock_(std::move(clock)) {}

  /// Records a Retry-After; an earlier pending one is kept only if it ends later.
  void Record(std::string const& key, Pending pending);
  /// The pending Retry-After for `key` at `now`, if any; expired entries are dropped.
  std::optional<Pending> Check(std::string const& key, std::chrono::steady_clock::time_point now);

 private:
  std::shared_ptr<Clock const> clock_;
  std::mutex mutex_;
  std::map<std::string, Pending> pending_;
};

/// The gate shared by every service in the process that tells time with `clock`; null means the
/// real clock. Services with an injected clock share only with services using that same clock,
/// because a gate's time points mean nothing on another clock (tests each run their own).
/// The gate lives as long as one service holds it.
std::shared_ptr<RetryAfterGate> SharedRetryAfterGate(std::shared_ptr<Clock const> const& clock);

}  // namespace xbl::internal
