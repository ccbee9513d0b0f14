#include "change_feed.h"

namespace xbl::emulator {

void ChangeFeed::Append(ChangeEntry entry) {
  std::lock_guard<std::mutex> lock(mutex_);
  entry.seq = next_seq_++;
  entries_.push_back(entry);
  if (entries_.size() > kCapacity) entries_.pop_front();
  if (subscriber_) unpublished_.push_back(std::move(entry));
}

void ChangeFeed::Flush() {
  std::lock_guard<std::mutex> flush(flush_mutex_);
  for (;;) {
    std::deque<ChangeEntry> batch;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      batch.swap(unpublished_);
    }
    if (batch.empty()) return;
    for (auto const& entry : batch) subscriber_(entry);
  }
}

std::vector<ChangeEntry> ChangeFeed::Since(std::int64_t since) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<ChangeEntry> out;
  for (auto const& e : entries_)
    if (e.seq >= since) out.push_back(e);
  return out;
}

void ChangeFeed::Clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  entries_.clear();
  unpublished_.clear();
  next_seq_ = 1;
}

}  // namespace xbl::emulator
