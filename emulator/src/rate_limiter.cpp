#include "rate_limiter.h"

namespace xbl::emulator {

RateLimiter::RateLimiter(bool enabled) { settings_.enabled = enabled; }

void RateLimiter::Configure(RateLimitSettings settings) {
  std::lock_guard<std::mutex> lock(mutex_);
  settings_ = settings;
  counters_.clear();
}

RateLimitSettings RateLimiter::settings() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return settings_;
}

void RateLimiter::Reset() {
  std::lock_guard<std::mutex> lock(mutex_);
  counters_.clear();
}

std::optional<RateLimitVerdict> RateLimiter::Admit(std::string const& key, Bucket bucket, TimeMs now) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!settings_.enabled) return std::nullopt;
  RateLimitSettings s = settings_;
  std::string full_key = key;
  if (bucket != Bucket::kMpsd) {
    s.burst = 1;
    s.sustain = 20;
    full_key += bucket == Bucket::kSearchRead ? "#search-read" : "#search-write";
  }
  Counters& c = counters_[full_key];
  auto tick = [&](Window& w, std::int64_t period_s) {
    std::int64_t period_ms = std::max<std::int64_t>(1, period_s) * 1000;
    std::int64_t index = now >= 0 ? now / period_ms : 0;
    if (w.index != index) {
      w.index = index;
      w.count = 0;
    }
    ++w.count;
    return (index + 1) * period_ms;  // window end
  };
  TimeMs burst_end = tick(c.burst, s.burst_period_s);
  TimeMs sustain_end = tick(c.sustain, s.sustain_period_s);
  auto seconds_until = [&](TimeMs end) { return std::max<std::int64_t>(1, (end - now + 999) / 1000); };
  if (c.sustain.count > s.sustain)
    return RateLimitVerdict{c.sustain.count, s.sustain, s.sustain_period_s, seconds_until(sustain_end)};
  if (c.burst.count > s.burst)
    return RateLimitVerdict{c.burst.count, s.burst, s.burst_period_s, seconds_until(burst_end)};
  return std::nullopt;
}

}  // namespace xbl::emulator
