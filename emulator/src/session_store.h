#pragma once
#include "session_record.h"

#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace xbl::emulator {

/// Every session, handle tombstone and correlation id, behind one mutex. A writer holds the
/// lock for the whole read-modify-write of a request, so there is no lost or torn update,
/// and since no other lock is taken while it is held, no deadlock.
class SessionStore {
 public:
  /// Runs `fn` with exclusive access to the store, then (with the lock released) the
  /// after-unlock hook: the change feed publishes what `fn` committed without the store lock.
  template <typename Fn>
  auto WithLock(Fn&& fn) {
    AfterUnlock after{*this};  // destroyed after `lock`, so it runs unlocked
    std::lock_guard<std::mutex> lock(mutex_);
    return fn(*this);
  }
  /// Set once before serving.
  void SetAfterUnlock(std::function<void()> hook) { after_unlock_ = std::move(hook); }

  SessionRecord* Find(std::string const& key);
  SessionRecord& Put(std::string const& key, SessionRecord record);
  /// Deletes and remembers the correlation id for a later re-create (protocol §3.9).
  void Erase(std::string const& key);
  /// The correlation id of a deleted session with this key, or "".
  std::string Tombstone(std::string const& key) const;
  std::map<std::string, SessionRecord>& sessions() { return sessions_; }
  void Clear();

 private:
  struct AfterUnlock {
    SessionStore& store;
    ~AfterUnlock() {
      if (store.after_unlock_) store.after_unlock_();
    }
  };
  std::function<void()> after_unlock_;
  std::mutex mutex_;
  std::map<std::string, SessionRecord> sessions_;
  std::map<std::string, std::string> tombstones_;
};

}  // namespace xbl::emulator
