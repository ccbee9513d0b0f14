#pragma once
#include "json.h"

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>

namespace xbl::emulator {

/// The last kCapacity text frames of every RTA socket, both ways (`GET /_emulator/rta/frames`).
class RtaFrameLog {
 public:
  static constexpr std::size_t kCapacity = 10000;
  void Append(int socket, bool out, std::string const& text);
  /// `[{"seq","socket","direction","text"}]` for seq >= since.
  Json Since(std::int64_t since) const;
  void Clear();

 private:
  struct Frame {
    std::int64_t seq;
    int socket;
    bool out;
    std::string text;
  };
  mutable std::mutex mutex_;
  std::deque<Frame> frames_;
  std::int64_t next_seq_ = 1;
};

}  // namespace xbl::emulator
