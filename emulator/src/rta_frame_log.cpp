#include "rta_frame_log.h"

namespace xbl::emulator {

void RtaFrameLog::Append(int socket, bool out, std::string const& text) {
  std::lock_guard<std::mutex> lock(mutex_);
  frames_.push_back(Frame{next_seq_++, socket, out, text});
  if (frames_.size() > kCapacity) frames_.pop_front();
}

Json RtaFrameLog::Since(std::int64_t since) const {
  std::lock_guard<std::mutex> lock(mutex_);
  Json out = Json::array();
  for (auto const& f : frames_) {
    if (f.seq < since) continue;
    out.push_back(Json{{"seq", f.seq}, {"socket", f.socket}, {"direction", f.out ? "out" : "in"}, {"text", f.text}});
  }
  return out;
}

void RtaFrameLog::Clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  frames_.clear();
  next_seq_ = 1;
}

}  // namespace xbl::emulator
