#include "request_log.h"

namespace xbl::emulator {

std::int64_t RequestLog::Append(Json entry) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::int64_t seq = next_seq_++;
  Json stamped = Json::object();
  stamped["seq"] = seq;
  for (auto const& item : entry.items()) stamped[item.key()] = item.value();
  entries_.push_back(std::move(stamped));
  while (entries_.size() > kCapacity) entries_.pop_front();
  return seq;
}

Json RequestLog::Since(std::int64_t since) const {
  std::lock_guard<std::mutex> lock(mutex_);
  Json out = Json::array();
  for (auto const& e : entries_)
    if (e["seq"].get<std::int64_t>() >= since) out.push_back(e);
  return out;
}

void RequestLog::Clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  entries_.clear();
  next_seq_ = 1;
}

}  // namespace xbl::emulator
