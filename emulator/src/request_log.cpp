#include "request_log.h"

#include "byte_rules.h"

namespace xbl::emulator {

std::int64_t RequestLog::Append(LoggedRequest entry) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::int64_t seq = next_seq_++;
  entries_.emplace_back(seq, std::move(entry));
  while (entries_.size() > kCapacity) entries_.pop_front();
  return seq;
}

Json RequestLog::Since(std::int64_t since) const {
  std::lock_guard<std::mutex> lock(mutex_);
  Json out = Json::array();
  for (auto const& [seq, e] : entries_) {
    if (seq < since) continue;
    // Entries keep the bytes as received; rendering escapes what JSON cannot carry.
    auto text = [](std::string const& bytes) { return EscapeInvalidUtf8(bytes); };
    Json headers = Json::object();
    for (auto const& h : e.headers) headers[text(h.first)] = text(h.second);
    out.push_back(Json{{"seq", seq},         {"method", text(e.method)}, {"path", text(e.path)},
                       {"query", text(e.query)}, {"headers", headers},   {"body", text(e.body)},
                       {"status", e.status}, {"time", e.time}});
  }
  return out;
}

void RequestLog::Clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  entries_.clear();
  next_seq_ = 1;
}

}  // namespace xbl::emulator
