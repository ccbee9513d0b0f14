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
  /// The backoff before attempt `failed_attempts + 1` when the service named no time.
  virtual std::chrono::milliseconds BackoffDelay(int failed_attempts) = 0;
  /// The wait before the next attempt after a response with `Retry-After` (already parsed into
  /// `retry_after`): the service knows best, so this replaces the backoff. Never less than
  /// `retry_after`; this default adds nothing.
  virtual std::chrono::milliseconds PushbackDelay(std::chrono::milliseconds retry_after) { return retry_after; }
  /// The overall retry window of one call.
  virtual std::chrono::milliseconds window() const = 0;
  /// The most attempts one call may make.
  virtual int max_attempts() const = 0;
  virtual std::unique_ptr<RetryPolicy> Clone() const = 0;
};

/// Returns a value in [0, 1]; values outside are clamped.
using JitterSource = std::function<double()>;

/// Exponential backoff with jitter: after attempt n the delay lies in
/// [min(d*2^(n-1), cap), min(d*2^n, cap)], placed by the jitter value. After a Retry-After of r
/// the wait is r plus the jitter value times min(r/10, 1 s).
class ExponentialBackoffRetryPolicy final : public RetryPolicy {
 public:
  explicit ExponentialBackoffRetryPolicy(RetrySettings settings = {}, JitterSource jitter = nullptr);
  std::chrono::milliseconds BackoffDelay(int failed_attempts) override;
  std::chrono::milliseconds PushbackDelay(std::chrono::milliseconds retry_after) override;
  std::chrono::milliseconds window() const override { return settings_.window; }
  int max_attempts() const override { return settings_.max_attempts; }
  std::unique_ptr<RetryPolicy> Clone() const override;

 private:
  double Jitter();  ///< The next jitter value, clamped to [0, 1].

  RetrySettings settings_;
  JitterSource jitter_;
};

/// A jitter source drawing uniformly from [0, 1] (per-thread generator).
JitterSource DefaultJitter();

/// True for the statuses that are transient: 408, 429, 500, 502, 503, 504.
bool IsTransientHttpStatus(int status);

/// Reads a `Retry-After` value: delta-seconds ("3") or an HTTP-date
/// ("Wed, 21 Oct 2015 07:28:00 GMT", relative to `now`; a past date, however far back, gives 0).
/// Anything longer than a year (a huge delta, a far-future date) gives a year. Returns nullopt
/// when the value is neither form: negative ("-5") and fractional ("1.5") deltas are not
/// delta-seconds, so the caller backs off as if no Retry-After had come.
std::optional<std::chrono::milliseconds> ParseRetryAfter(std::string_view value,
                                                         std::chrono::system_clock::time_point now);

}  // namespace xbl
