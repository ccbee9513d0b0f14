#pragma once
#include "xbl/error.h"
#include "xbl/multiplayer/multiplayer_service.h"
#include "xbl/multiplayer/multiplayer_session.h"
#include "xbl/multiplayer/session_changes.h"
#include "xbl/multiplayer/session_reference.h"
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace xbl::internal {
class SessionWatcherCore;
}  // namespace xbl::internal

namespace xbl::multiplayer {

/// What one `SessionWatchEvent` reports.
enum class SessionWatchEventKind {
  kFirstSnapshot,  ///< the first read after `Watch`: `current` is set, `previous` is null
  kChanged,        ///< the session changed: `previous` and `current` are both set
  /// The session is gone (a read found no such session) or may no longer be read (403): `current`
  /// is null, `previous` is the last snapshot (null when there was none), `error` says which.
  /// A later change of the session (created again, say) is reported as `kFirstSnapshot`.
  kEnded,
};

/// "first_snapshot", "changed", "ended".
char const* ToString(SessionWatchEventKind kind);

/// One real change of a watched session: a new snapshot, compared with the one before it.
struct SessionWatchEvent {
  SessionWatchEventKind kind = SessionWatchEventKind::kFirstSnapshot;
  /// The session as it was passed to `Watch`.
  SessionReference reference;
  /// `CompareSessions(*current, *previous)` for `kChanged`; for the other kinds, nothing set. A
  /// change outside the named kinds (a server entry, a member's system property) sets none of them.
  SessionChanges changes;
  std::shared_ptr<MultiplayerSession const> previous;
  std::shared_ptr<MultiplayerSession const> current;
  /// Why a session ended: `kNotFound` (no such session) or `kForbidden` (403 on read).
  std::optional<Error> error;
};

/// Runs on the context's callback executor, one event at a time, never under an SDK lock and never
/// on the socket's read path; what it throws is caught and logged.
using SessionWatchHandler = std::function<void(SessionWatchEvent const& event)>;

struct SessionWatcherOptions {
  /// The least time between two re-reads of every watched session on a Resync (`[4]`); one that
  /// arrives sooner is carried out once when the interval ends. Absent:
  /// `RtaSettings::resync_min_interval` of the service's context. A new connection id (a reconnect)
  /// re-reads at once.
  std::optional<std::chrono::milliseconds> resync_min_interval;
  /// After a read fails (other than 204, 404 and 403, which end the session), how long until the
  /// watcher reads it again. The service's retry policy has already run by then.
  std::chrono::milliseconds retry_after_failure = std::chrono::seconds(5);
};

/// Keeps the latest snapshot of each watched session and reports each real change of it once, in
/// change-number order per session (docs/live-sessions.md, "Watching sessions").
///
/// On a shoulder tap newer than its snapshot the watcher reads the session with `If-None-Match`
/// (one read in flight per session: taps that arrive meanwhile cause one more read after it),
/// compares the new snapshot with the old and delivers one event. Taps of its own service's writes
/// count too. After a new connection id, and after a Resync (rate-limited), it re-reads every
/// watched session, so a change made while the socket was down or deaf is still delivered. Several
/// commits between two reads arrive as one `kChanged` event from the older snapshot to the newer;
/// no change number is delivered twice and none is skipped over: each event's `previous` is the
/// `current` of the event before it for that session.
///
/// Taps arrive only for sessions in which the service's user is an active member bound to the
/// service's connection (MPSD sends them to that member), with a subscription whose change types
/// name the change (`MultiplayerSession::SetCurrentUserSubscription`). A session the user only
/// reads is still read at `Watch`, on every reconnect and on every Resync.
///
/// The watcher reads through the service's connection, so its reads neither count as seen by the
/// service's session-changed handlers nor change which sessions the service tracks.
///
/// Thread-safe. The watcher enables the service's subscriptions (as `EnableSubscriptionsAsync`)
/// when it is created, and leaves them enabled when it stops.
class SessionWatcher {
 public:
  /// A watcher over `service` (a copy shares its subscriptions) that calls `handler`.
  /// A service without subscriptions (built over a bare connection) only reads at `Watch`.
  SessionWatcher(MultiplayerService service, SessionWatchHandler handler, SessionWatcherOptions options = {});
  /// As `Stop`.
  ~SessionWatcher();
  SessionWatcher(SessionWatcher const&) = delete;
  SessionWatcher& operator=(SessionWatcher const&) = delete;

  /// Starts watching `reference` and reads it at once (`kFirstSnapshot`, or `kEnded` when there is
  /// no such session). Watching a session already watched (in any case) does nothing.
  void Watch(SessionReference const& reference);
  /// Stops watching `reference`: no event for it is delivered after this returns (except one
  /// running on another thread, which finishes).
  void Unwatch(SessionReference const& reference);
  /// The latest snapshot of a watched session: null before the first read, after it ended, and for
  /// a session not watched.
  std::shared_ptr<MultiplayerSession const> Snapshot(SessionReference const& reference) const;
  /// The watched sessions, as passed to `Watch`.
  std::vector<SessionReference> watched() const;
  /// Ends watching for good: reads in flight are cancelled, and once it returns the handler does
  /// not run again (except a call of it that is calling `Stop`, which finishes). Idempotent.
  void Stop();

 private:
  std::shared_ptr<internal::SessionWatcherCore> core_;
};

}  // namespace xbl::multiplayer
