#include "handle_store.h"

#include "http_message.h"

namespace xbl::emulator {

void HandleStore::Put(HandleRecord record) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::string key = ToLower(record.id);
  handles_[key] = std::move(record);
}

std::optional<HandleRecord> HandleStore::Find(std::string const& id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = handles_.find(ToLower(id));
  if (it == handles_.end()) return std::nullopt;
  return it->second;
}

bool HandleStore::Erase(std::string const& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  return handles_.erase(ToLower(id)) > 0;
}

std::size_t HandleStore::EraseIf(std::function<bool(HandleRecord const&)> const& pred) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::size_t n = 0;
  for (auto it = handles_.begin(); it != handles_.end();) {
    if (pred(it->second)) {
      it = handles_.erase(it);
      ++n;
    } else {
      ++it;
    }
  }
  return n;
}

std::vector<HandleRecord> HandleStore::Select(std::function<bool(HandleRecord const&)> const& pred) const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<HandleRecord> out;
  for (auto const& h : handles_)
    if (pred(h.second)) out.push_back(h.second);
  return out;
}

void HandleStore::Clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  handles_.clear();
}

}  // namespace xbl::emulator
