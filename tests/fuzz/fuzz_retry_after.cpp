// ParseRetryAfter on any header value and any `now` between 1901 and 2038: it never crashes, a
// delta-seconds value reads as itself, and every result lies in [0, one year] as documented.
#include "xbl/retry_policy.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string_view>

namespace {

constexpr std::chrono::milliseconds kYear = std::chrono::hours(24 * 365);

/// True when `value` (spaces trimmed) is all digits: the delta-seconds form.
bool IsDeltaSeconds(std::string_view value, std::uint64_t& seconds) {
  auto const first = value.find_first_not_of(" \t\r\n\v\f");
  if (first == std::string_view::npos) return false;
  auto const last = value.find_last_not_of(" \t\r\n\v\f");
  value = value.substr(first, last - first + 1);
  seconds = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return false;
    seconds = seconds > 1'000'000'000'000ULL ? seconds : seconds * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  // The first six bytes choose `now`: signed seconds since 1970 and a millisecond fraction.
  if (size < 6) return 0;
  std::int32_t seconds = 0;
  std::uint16_t fraction = 0;
  std::memcpy(&seconds, data, sizeof seconds);
  std::memcpy(&fraction, data + 4, sizeof fraction);
  auto const now =
      std::chrono::system_clock::time_point(std::chrono::seconds(seconds)) + std::chrono::milliseconds(fraction % 1000);
  std::string_view const value(reinterpret_cast<char const*>(data) + 6, size - 6);

  auto const parsed = xbl::ParseRetryAfter(value, now);
  if (!parsed) return 0;
  if (*parsed < std::chrono::milliseconds(0) || *parsed > kYear) std::abort();
  std::uint64_t delta = 0;
  if (IsDeltaSeconds(value, delta)) {
    auto const expected = delta >= static_cast<std::uint64_t>(kYear.count() / 1000)
                              ? kYear
                              : std::chrono::milliseconds(std::chrono::seconds(delta));
    if (*parsed != expected) std::abort();
  }
  return 0;
}
