#pragma once
#include "json.h"

#include <cstdint>
#include <deque>
#include <mutex>

namespace xbl::emulator {

/// Every MPSD request received, in order (spec 6.3 GET /_emulator/requests). Bounded: the
/// oldest entries are dropped past `kCapacity` so a long soak cannot grow memory without limit.
class RequestLog {
 public:
  static constexpr std::size_t kCapacity = 10000;

  /// Appends an entry (its "seq" is assigned here) and returns the sequence number.
  std::int64_t Append(Json entry);
  /// Entries with seq >= since.
  Json Since(std::int64_t since) const;
  void Clear();

 private:
  mutable std::mutex mutex_;
  std::deque<Json> entries_;
  std::int64_t next_seq_ = 1;
};

}  // namespace xbl::emulator
