#include "session_history.h"

#include "json_patch.h"

namespace xbl::emulator {

void SessionHistory::Record(ChangeEntry const& entry) {
  if (!entry.document || limits_.versions_per_session == 0 || limits_.total_versions == 0) return;
  // The diff is computed outside the lock: the previous document is shared, never changed.
  std::shared_ptr<Json const> previous;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = tracks_.find(entry.session_key);
    if (it != tracks_.end() && !it->second.summary.deleted) previous = it->second.summary.document;
  }
  SessionVersion version;
  version.seq = entry.seq;
  version.change_number = entry.change_number;
  version.time = entry.time;
  version.cause = entry.cause;
  version.change_types = entry.change_types;
  version.deleted = entry.deleted;
  Json const none;
  version.patch = JsonPatchDiff(previous ? *previous : none, entry.deleted ? none : *entry.document);

  std::lock_guard<std::mutex> lock(mutex_);
  Track& track = tracks_[entry.session_key];
  track.summary.scid = entry.scid;
  track.summary.template_name = entry.template_name;
  track.summary.name = entry.name;
  track.summary.deleted = entry.deleted;
  track.summary.change_number = entry.change_number;
  track.summary.last_change = entry.time;
  track.summary.last_cause = entry.cause;
  track.summary.document = entry.document;
  track.versions.push_back(std::move(version));
  order_.emplace(entry.seq, entry.session_key);
  if (track.versions.size() > limits_.versions_per_session) {
    order_.erase(track.versions.front().seq);
    track.versions.pop_front();
  }
  TrimLocked();
}

void SessionHistory::TrimLocked() {
  while (order_.size() > limits_.total_versions) {
    auto oldest = order_.begin();
    auto it = tracks_.find(oldest->second);
    order_.erase(oldest);
    if (it == tracks_.end() || it->second.versions.empty()) continue;
    it->second.versions.pop_front();  // a session's versions are in seq order: its front is the oldest
    if (it->second.versions.empty()) tracks_.erase(it);
  }
}

std::map<std::string, SessionHistory::Summary> SessionHistory::Sessions() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::map<std::string, Summary> out;
  for (auto const& [key, track] : tracks_) out.emplace(key, track.summary);
  return out;
}

std::optional<SessionHistory::Summary> SessionHistory::Find(std::string const& key) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = tracks_.find(key);
  if (it == tracks_.end()) return std::nullopt;
  return it->second.summary;
}

std::vector<SessionVersion> SessionHistory::Versions(std::string const& key) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = tracks_.find(key);
  if (it == tracks_.end()) return {};
  return {it->second.versions.begin(), it->second.versions.end()};
}

std::size_t SessionHistory::total_versions() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return order_.size();
}

void SessionHistory::Clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  tracks_.clear();
  order_.clear();
}

}  // namespace xbl::emulator
