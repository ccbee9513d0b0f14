#include "change_feed.h"

namespace xbl::emulator {

void ChangeFeed::Append(ChangeEntry entry) {
  std::lock_guard<std::mutex> lock(mutex_);
  entry.seq = next_seq_++;
  entries_.push_back(entry);
  if (entries_.size() > kCapacity) {
    // The oldest document is freed by the next Flush, not here under the store lock.
    evicted_.push_back(std::move(entries_.front().document));
    entries_.pop_front();
  }
  if (!subscribers_.empty()) unpublished_.push_back(std::move(entry));
}

void ChangeFeed::Flush() {
  std::vector<std::shared_ptr<Json const>> evicted;  // freed on return, outside every lock
  {
    std::unique_lock<std::mutex> lock(mutex_);
    evicted.swap(evicted_);
    if (unpublished_.empty()) return;
    if (flushing_) {
      if (flusher_ == std::this_thread::get_id()) return;  // the running loop publishes them
      auto const target = next_seq_ - 1;
      published_.wait(lock, [&] { return !flushing_ || published_through_ >= target; });
      if (unpublished_.empty()) return;
    }
    flushing_ = true;
    flusher_ = std::this_thread::get_id();
  }
  for (;;) {
    std::deque<ChangeEntry> batch;
    {
      // Checked and cleared under the lock Append takes: no entry is left behind unpublished.
      std::lock_guard<std::mutex> lock(mutex_);
      if (unpublished_.empty()) {
        flushing_ = false;
        published_.notify_all();
        return;
      }
      batch.swap(unpublished_);
    }
    try {
      for (auto const& entry : batch)
        for (auto const& subscriber : subscribers_) subscriber(entry);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      flushing_ = false;  // a later Flush publishes again
      published_.notify_all();
      throw;
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      published_through_ = batch.back().seq;
    }
    published_.notify_all();
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
  evicted_.clear();
  next_seq_ = 1;
  published_through_ = 0;
}

}  // namespace xbl::emulator
