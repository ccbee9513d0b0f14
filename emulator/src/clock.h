#pragma once
#include <atomic>
#include <cstdint>
#include <string>

namespace xbl::emulator {

/// Milliseconds since the Unix epoch (UTC).
using TimeMs = std::int64_t;

/// The emulator's time source. Every timer reads it. In manual mode time stands still
/// until `Advance` or `Set` moves it, so tests never depend on wall-clock luck.
class Clock {
 public:
  /// Manual clocks start at 2026-01-01T00:00:00Z (a whole second, so HTTP-dates are exact).
  explicit Clock(bool manual);

  bool manual() const { return manual_; }
  TimeMs Now() const;
  /// Only in manual mode; returns false otherwise.
  bool Advance(std::int64_t ms);
  bool Set(TimeMs value);

 private:
  bool manual_;
  std::atomic<TimeMs> manual_now_;
};

/// "2009-06-15T13:45:30.0900000Z": ISO-8601 UTC with 7 fractional digits (protocol §0).
std::string FormatIso8601(TimeMs t);
/// Parses ISO-8601 UTC ("...Z", optional fraction). Returns false when malformed.
bool ParseIso8601(std::string const& text, TimeMs& out);
/// RFC 7231 IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT" (for the Expires header).
std::string FormatHttpDate(TimeMs t);

}  // namespace xbl::emulator
