#include "clock.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace xbl::emulator {
namespace {
constexpr TimeMs kManualEpoch = 1767225600000;  // 2026-01-01T00:00:00Z

// Days since 1970-01-01 for a civil date (proleptic Gregorian), no locale or timezone.
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  std::int64_t const era = (y >= 0 ? y : y - 399) / 400;
  unsigned const yoe = static_cast<unsigned>(y - era * 400);
  unsigned const doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned const doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t year;
  unsigned month, day, hour, minute, second, millis, weekday;
};

Civil ToCivil(TimeMs t) {
  std::int64_t days = t >= 0 ? t / 86400000 : (t - 86399999) / 86400000;
  std::int64_t rem = t - days * 86400000;
  Civil c{};
  c.weekday = static_cast<unsigned>((days % 7 + 11) % 7);  // 1970-01-01 was a Thursday (4)
  std::int64_t z = days + 719468;
  std::int64_t const era = (z >= 0 ? z : z - 146096) / 146097;
  unsigned const doe = static_cast<unsigned>(z - era * 146097);
  unsigned const yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned const doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned const mp = (5 * doy + 2) / 153;
  c.day = doy - (153 * mp + 2) / 5 + 1;
  c.month = mp < 10 ? mp + 3 : mp - 9;
  c.year = static_cast<std::int64_t>(yoe) + era * 400 + (c.month <= 2);
  c.hour = static_cast<unsigned>(rem / 3600000);
  c.minute = static_cast<unsigned>(rem / 60000 % 60);
  c.second = static_cast<unsigned>(rem / 1000 % 60);
  c.millis = static_cast<unsigned>(rem % 1000);
  return c;
}
}  // namespace

Clock::Clock(bool manual) : manual_(manual), manual_now_(kManualEpoch) {}

TimeMs Clock::Now() const {
  if (manual_) return manual_now_.load();
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool Clock::Advance(std::int64_t ms) {
  if (!manual_ || ms < 0) return false;
  manual_now_ += ms;
  return true;
}

bool Clock::Set(TimeMs value) {
  if (!manual_) return false;
  manual_now_ = value;
  return true;
}

std::string FormatIso8601(TimeMs t) {
  Civil c = ToCivil(t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02u:%02u:%02u.%03u0000Z",
                static_cast<long long>(c.year), c.month, c.day, c.hour, c.minute, c.second, c.millis);
  return buf;
}

bool ParseIso8601(std::string const& text, TimeMs& out) {
  int y = 0;
  unsigned mo = 0, d = 0, h = 0, mi = 0, s = 0;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2u-%2uT%2u:%2u:%2u%n", &y, &mo, &d, &h, &mi, &s, &consumed) != 6)
    return false;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return false;
  std::size_t pos = static_cast<std::size_t>(consumed);
  unsigned millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    unsigned digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 3) millis = millis * 10 + static_cast<unsigned>(text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return false;
    for (unsigned i = digits; i < 3; ++i) millis *= 10;
  }
  if (pos + 1 != text.size() || text[pos] != 'Z') return false;
  out = (DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s) * 1000 + millis;
  return true;
}

std::string FormatHttpDate(TimeMs t) {
  static char const* const kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static char const* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  Civil c = ToCivil(t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04lld %02u:%02u:%02u GMT", kDays[c.weekday], c.day,
                kMonths[c.month - 1], static_cast<long long>(c.year), c.hour, c.minute, c.second);
  return buf;
}

}  // namespace xbl::emulator
