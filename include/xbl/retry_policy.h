#pragma once
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

namespace xbl {

/// Retry settings; defaults follow the Xbox Live best-practice guidance.
struct RetrySettings {
  std::chrono::milliseconds initial_delay = std::chrono::seconds(2);  ///< First backoff.
  std::chrono::milliseconds max_delay = std::chrono::seconds(60);     ///< Cap on one backoff.
  /// Overall budget from the first attempt: no wait may end past it.
  std::chrono::milliseconds window = std::chrono::seconds(20);
  int max_attempts = 10;  ///< Hard bound on attempts per call (1 disables retries).
};

/// Decides how long to back off after a failed attempt. Cloned once per call,
/// so implementations may keep per-call state.
class RetryPolicy {
 public:
  virtual ~RetryPolicy() = default;
  /// The backoff before attempt `failed_attempts + 1` (before any Retry-After floor).
  virtual std::chrono::milliseconds BackoffDelay(int failed_attempts) = 0;
  /// The overall retry window of one call.
  virtual std::chrono::milliseconds window() const = 0;
  /// The most attempts one call may make.
  virtual int max_attempts() const = 0;
  virtual std::unique_ptr<RetryPolicy> Clone() const = 0;
};

/// Returns a value in [0, 1]; values outside are clamped.
using JitterSource = std::function<double()>;

/// Exponential backoff with jitter: after attempt n the delay lies in
/// [min(d*2^(n-1), cap), min(d*2^n, cap)], placed by the jitter value.
class ExponentialBackoffRetryPolicy final : public RetryPolicy {
 public:
  explicit ExponentialBackoffRetryPolicy(RetrySettings settings = {}, JitterSource jitter = nullptr);
  std::chrono::milliseconds BackoffDelay(int failed_attempts) override;
  std::chrono::milliseconds window() const override { return settings_.window; }
  int max_attempts() const override { return settings_.max_attempts; }
  std::unique_ptr<RetryPolicy> Clone() const override;

 private:
  RetrySettings settings_;
  JitterSource jitter_;
};

/// A jitter source drawing uniformly from [0, 1] (per-thread generator).
JitterSource DefaultJitter();

/// True for the statuses that are transient: 408, 429, 500, 502, 503, 504.
bool IsTransientHttpStatus(int status);

/// Reads a `Retry-After` value: delta-seconds ("3") or an HTTP-date
/// ("Wed, 21 Oct 2015 07:28:00 GMT", relative to `now`; a past date gives 0).
/// Returns nullopt when the value is neither.
std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value,
                                                         std::chrono::system_clock::time_point now);

}  // namespace xbl
