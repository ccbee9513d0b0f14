#pragma once
#include "change_feed.h"
#include "json.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace xbl::emulator {

/// How much history the emulator keeps.
struct HistoryLimits {
  std::size_t versions_per_session = 100;  // a session's last N committed versions
  // Versions kept across all sessions at most; past it the oldest go first, whichever session
  // they belong to, so a deleted session's history ages out as other sessions change.
  std::size_t total_versions = 20000;
};

/// One committed version of a session as the history shows it.
struct SessionVersion {
  std::int64_t seq = 0;  // the change feed's sequence number
  std::int64_t change_number = 0;
  TimeMs time = 0;
  CommitCause cause;
  std::vector<std::string> change_types;
  bool deleted = false;
  Json patch;  // JSON Patch from the version before (from null for the first one seen)
};

/// The last committed versions of every session, fed by the change feed (one subscriber call per
/// commit, on the thread that flushes the feed, never under the store lock). It keeps each
/// session's latest document to diff the next version against, and keeps a deleted session's
/// versions until they age out. Its own mutex guards it; readers get copies.
class SessionHistory {
 public:
  explicit SessionHistory(HistoryLimits limits) : limits_(limits) {}

  /// The change feed subscriber.
  void Record(ChangeEntry const& entry);

  struct Summary {
    std::string scid, template_name, name;
    bool deleted = false;
    std::int64_t change_number = 0;
    TimeMs last_change = 0;
    CommitCause last_cause;
    std::shared_ptr<Json const> document;  // the latest document (before the deletion, if deleted)
  };
  /// Every session with versions kept, keyed by session key.
  std::map<std::string, Summary> Sessions() const;
  std::optional<Summary> Find(std::string const& key) const;
  /// The session's versions, oldest first; empty when none are kept.
  std::vector<SessionVersion> Versions(std::string const& key) const;
  /// Versions kept across all sessions (for the memory bound).
  std::size_t total_versions() const;
  HistoryLimits limits() const { return limits_; }
  void Clear();

 private:
  struct Track {
    Summary summary;
    std::deque<SessionVersion> versions;
  };
  void TrimLocked();

  HistoryLimits const limits_;
  mutable std::mutex mutex_;
  std::map<std::string, Track> tracks_;
  std::map<std::int64_t, std::string> order_;  // seq -> session key of every kept version, oldest first
};

}  // namespace xbl::emulator
