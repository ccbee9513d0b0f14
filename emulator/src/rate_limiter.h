#pragma once
#include "clock.h"

#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace xbl::emulator {

/// Settings of one pair of fixed windows (protocol §3.16).
struct RateLimitSettings {
  bool enabled = true;
  std::int64_t burst = 30;
  std::int64_t burst_period_s = 15;
  std::int64_t sustain = 300;
  std::int64_t sustain_period_s = 300;
};

/// A throttled request: the 429 body fields and Retry-After.
struct RateLimitVerdict {
  std::int64_t current_requests = 0;
  std::int64_t max_requests = 0;
  std::int64_t period_s = 0;
  std::int64_t retry_after_s = 0;
};

/// Fine-grained rate limiting per (user, title): a burst and a sustain fixed window at once,
/// aligned to multiples of the period on the emulator clock. Throttled requests still count.
/// Search-handle reads and writes have their own, smaller buckets (burst 1, sustain 20).
class RateLimiter {
 public:
  enum class Bucket { kMpsd, kSearchRead, kSearchWrite };

  explicit RateLimiter(bool enabled);
  /// Counts the request; returns the verdict when it must get 429.
  std::optional<RateLimitVerdict> Admit(std::string const& key, Bucket bucket, TimeMs now);
  void Configure(RateLimitSettings settings);
  RateLimitSettings settings() const;
  void Reset();

 private:
  struct Window {
    std::int64_t index = -1;
    std::int64_t count = 0;
  };
  struct Counters {
    Window burst, sustain;
  };
  mutable std::mutex mutex_;
  RateLimitSettings settings_;
  std::map<std::string, Counters> counters_;
};

}  // namespace xbl::emulator
