#pragma once
#include "xbl/result.h"
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace xbl {

/// A UTC instant with MPSD's resolution: 100 ns ticks, rendered with 7 fractional digits
/// ("2009-06-15T13:45:30.0900000Z").
class Timestamp {
 public:
  using Ticks = std::chrono::duration<std::int64_t, std::ratio<1, 10'000'000>>;

  Timestamp() = default;
  explicit Timestamp(Ticks since_epoch) : since_epoch_(since_epoch) {}
  static Timestamp FromTimePoint(std::chrono::system_clock::time_point point);

  /// Accepts `YYYY-MM-DDTHH:MM:SS[.fraction]Z` with up to 7 fractional digits.
  static Result<Timestamp> Parse(std::string_view text);
  /// Always 7 fractional digits and a `Z`.
  std::string ToString() const;

  Ticks since_epoch() const { return since_epoch_; }
  std::chrono::system_clock::time_point ToTimePoint() const;

  friend bool operator==(Timestamp a, Timestamp b) { return a.since_epoch_ == b.since_epoch_; }
  friend bool operator!=(Timestamp a, Timestamp b) { return !(a == b); }
  friend bool operator<(Timestamp a, Timestamp b) { return a.since_epoch_ < b.since_epoch_; }

 private:
  Ticks since_epoch_{0};
};

}  // namespace xbl
