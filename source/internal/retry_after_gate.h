#pragma once
#include <chrono>
#include <map>
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

  /// Records a Retry-After; an earlier pending one is kept only if it ends later.
  void Record(std::string const& key, Pending pending);
  /// The pending Retry-After for `key` at `now`, if any; expired entries are dropped.
  std::optional<Pending> Check(std::string const& key, std::chrono::steady_clock::time_point now);

 private:
  std::mutex mutex_;
  std::map<std::string, Pending> pending_;
};

}  // namespace xbl::internal
