#include "xbl/retry_policy.h"
#include <algorithm>
#include <cctype>
#include <ctime>
#include <random>
#include <string>

namespace xbl {
namespace {
/// The most jitter added to a Retry-After wait.
constexpr std::chrono::milliseconds kLongestPushbackJitter = std::chrono::seconds(1);
}  // namespace

ExponentialBackoffRetryPolicy::ExponentialBackoffRetryPolicy(RetrySettings settings, JitterSource jitter)
    : settings_(settings), jitter_(jitter ? std::move(jitter) : DefaultJitter()) {
  if (settings_.initial_delay < std::chrono::milliseconds(0)) settings_.initial_delay = {};
  if (settings_.max_delay < settings_.initial_delay) settings_.max_delay = settings_.initial_delay;
  if (settings_.max_attempts < 1) settings_.max_attempts = 1;
}

std::chrono::milliseconds ExponentialBackoffRetryPolicy::BackoffDelay(int failed_attempts) {
  using std::chrono::milliseconds;
  auto const cap = settings_.max_delay;
  // Doubling stops at the cap, so large attempt numbers cannot overflow.
  auto low = settings_.initial_delay;
  for (int i = 1; i < failed_attempts && low < cap; ++i) low = std::min(low * 2, cap);
  low = std::min(low, cap);
  auto const high = std::min(low * 2, cap);
  auto const span = static_cast<double>((high - low).count());
  return low + milliseconds(static_cast<milliseconds::rep>(span * Jitter()));
}

std::chrono::milliseconds ExponentialBackoffRetryPolicy::PushbackDelay(std::chrono::milliseconds retry_after) {
  using std::chrono::milliseconds;
  if (retry_after < milliseconds(0)) retry_after = milliseconds(0);
  // Callers told the same time should not all come back in the same millisecond, but the
  // service's time is kept: the spread only ever adds, a tenth of the wait at most, 1 s at most.
  auto const spread = std::min<milliseconds>(retry_after / 10, kLongestPushbackJitter);
  return retry_after + milliseconds(static_cast<milliseconds::rep>(static_cast<double>(spread.count()) * Jitter()));
}

double ExponentialBackoffRetryPolicy::Jitter() {
  double jitter = jitter_();
  if (!(jitter >= 0.0)) jitter = 0.0;  // also catches NaN
  return std::min(jitter, 1.0);
}

std::unique_ptr<RetryPolicy> ExponentialBackoffRetryPolicy::Clone() const {
  return std::make_unique<ExponentialBackoffRetryPolicy>(*this);
}

JitterSource DefaultJitter() {
  return [] {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
  };
}

bool IsTransientHttpStatus(int status) {
  switch (status) {
    case 408: case 429: case 500: case 502: case 503: case 504: return true;
    default: return false;
  }
}

namespace {
/// Longer waits are read as this: a year is "come back much later", and sums stay in range.
constexpr std::chrono::milliseconds kLongestRetryAfter = std::chrono::hours(24 * 365);
}  // namespace

std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value,
                                                         std::chrono::system_clock::time_point now) {
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.front()))) value.remove_prefix(1);
  while (!value.empty() && std::isspace(static_cast<unsigned char>(value.back()))) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
    while (value.size() > 1 && value.front() == '0') value.remove_prefix(1);  // "0003" is 3 s
    if (value.size() > 9) return kLongestRetryAfter;  // absurdly large: treat as "a long time"
    return std::min<std::chrono::milliseconds>(std::chrono::seconds(std::stol(std::string(value))), kLongestRetryAfter);
  }
  std::string const text(value);
  // IMF-fixdate, the obsolete RFC 850 form and asctime, as RFC 9110 requires.
  for (char const* format : {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"}) {
    std::tm tm{};
    char const* end = strptime(text.c_str(), format, &tm);
    if (end == nullptr || *end != '\0') continue;
    // Compared in whole seconds of time_t: system_clock's nanoseconds cannot hold dates before
    // 1678 or after 2262, so a date is never converted to a time_point.
    std::time_t const when = timegm(&tm);
    std::time_t const now_t = std::chrono::system_clock::to_time_t(now);
    auto const longest_s = std::chrono::duration_cast<std::chrono::seconds>(kLongestRetryAfter).count();
    if (when <= now_t) return std::chrono::milliseconds(0);  // a date in the past means now
    if (when - now_t > longest_s) return kLongestRetryAfter;
    // Both differences are small now: the wait is counted from `now` itself, fraction included.
    auto const into_second = now - std::chrono::system_clock::from_time_t(now_t);
    auto const wait = std::chrono::seconds(when - now_t) - into_second;
    if (wait <= decltype(wait)::zero()) return std::chrono::milliseconds(0);
    // Before 1970 `now_t` rounds up, so the fraction is negative and can carry the wait past the cap.
    return std::min<std::chrono::milliseconds>(std::chrono::ceil<std::chrono::milliseconds>(wait), kLongestRetryAfter);
  }
  return std::nullopt;
}

}  // namespace xbl
