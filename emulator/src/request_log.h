#pragma once
#include "json.h"

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>

namespace xbl::emulator {

/// One MPSD request as received, any bytes (Authorization already redacted).
struct LoggedRequest {
  std::string method;
  std::string path;
  std::string query;
  std::map<std::string, std::string> headers;
  std::string body;
  int status = 0;
  std::string time;
};

/// Every MPSD request received, in order (protocol §6.3 GET /_emulator/requests). Bounded: the
/// oldest entries are dropped past `kCapacity` so a long soak cannot grow memory without limit.
/// Entries are kept as plain structs and rendered as JSON only when asked for.
class RequestLog {
 public:
  static constexpr std::size_t kCapacity = 10000;

  /// Appends an entry and returns its sequence number (1, 2, ...).
  std::int64_t Append(LoggedRequest entry);
  /// `[{"seq":N,"method":..,"path":..,"query":..,"headers":{..},"body":..,"status":..,"time":..}]`
  /// for the entries with seq >= since; bytes that are not valid UTF-8 are rendered as `\xNN`.
  Json Since(std::int64_t since) const;
  void Clear();

 private:
  mutable std::mutex mutex_;
  std::deque<std::pair<std::int64_t, LoggedRequest>> entries_;
  std::int64_t next_seq_ = 1;
};

}  // namespace xbl::emulator
