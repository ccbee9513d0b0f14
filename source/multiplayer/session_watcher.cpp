// SessionWatcher: a snapshot per watched session, kept current by taps and re-reads, and one
// event per real change, delivered in order (docs/live-sessions.md, "Watching sessions").
#include "xbl/multiplayer/session_watcher.h"
#include "core/after_sleep.h"
#include "core/ascii_case.h"
#include "core/contained_exception.h"
#include "core/handler_gate.h"
#include "core/http/inline_continuation.h"
#include "core/logger.h"
#include "multiplayer/resync_throttle.h"
#include "multiplayer/session_subscriptions.h"
#include "multiplayer/shoulder_taps.h"
#include "xbl/executor.h"
#include <deque>
#include <map>
#include <mutex>

namespace xbl::internal {
namespace {

using multiplayer::MultiplayerSession;
using multiplayer::SessionReference;
using multiplayer::SessionResult;
using multiplayer::SessionResultStatus;
using multiplayer::SessionWatchEvent;
using multiplayer::SessionWatchEventKind;
constexpr char kCategory[] = "multiplayer.watcher";

/// True when `next` is a later state of the session than `known`: a larger change number on the
/// same branch, or another branch (the session was made again).
bool IsNewer(MultiplayerSession const& known, std::string const& branch, std::uint64_t change_number) {
  if (!EqualsIgnoreCase(known.branch(), branch)) return true;
  return change_number > known.change_number();
}

}  // namespace

class SessionWatcherCore : public std::enable_shared_from_this<SessionWatcherCore> {
 public:
  SessionWatcherCore(multiplayer::MultiplayerService service, std::shared_ptr<SessionSubscriptions> subscriptions,
                     multiplayer::SessionWatchHandler handler, multiplayer::SessionWatcherOptions options)
      : service_(std::move(service)),
        subscriptions_(std::move(subscriptions)),
        context_(subscriptions_->context()),
        handler_(std::move(handler)),
        options_(std::move(options)),
        logger_(context_ ? LoggerOf(*context_) : nullptr),
        executor_(context_ ? context_->callback_executor() : MakeSerialExecutor()),
        sleeper_(context_ ? context_->sleeper() : MakeDefaultSleeper()),
        resync_(context_ ? context_->clock() : MakeSystemClock(), sleeper_,
                options_.resync_min_interval.value_or(context_ ? context_->options().rta.resync_min_interval
                                                               : std::chrono::milliseconds(30000))) {}

  /// Observes the subscription and enables it; separate from the constructor for `weak_from_this`.
  void Start() {
    std::weak_ptr<SessionWatcherCore> weak = weak_from_this();
    auto observer = subscriptions_->AddObserver([weak](SubscriptionSignal const& signal) {
      if (auto self = weak.lock()) self->OnSignal(signal);
    });
    {
      std::lock_guard<std::mutex> lock(mutex_);
      observer_ = std::move(observer);
    }
    if (!context_) return;  // a bare connection has no subscriptions: reads at Watch only
    ThenInline(subscriptions_->Enable(), [logger = logger_](pplx::task<Result<std::string>> enabled) {
      try {
        auto const id = enabled.get();
        if (!id.ok() && logger) {
          logger->Log(TraceLevel::kWarning, kCategory, "enabling subscriptions: " + id.error().ToString());
        }
      } catch (...) {
        LogContainedException(logger.get(), "enabling subscriptions");
      }
    });
  }

  void Watch(SessionReference const& reference) {
    auto const key = KeyOfSession(reference);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopped_ || sessions_.count(key)) return;
      auto& watched = sessions_[key];
      watched.reference = reference;
      watched.epoch = ++next_epoch_;
    }
    RequestRead(key);
  }

  void Unwatch(SessionReference const& reference) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto const key = KeyOfSession(reference);
    sessions_.erase(key);
    for (auto it = queue_.begin(); it != queue_.end();) {
      it = it->key == key ? queue_.erase(it) : std::next(it);
    }
  }

  std::shared_ptr<MultiplayerSession const> Snapshot(SessionReference const& reference) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto const it = sessions_.find(KeyOfSession(reference));
    return it == sessions_.end() ? nullptr : it->second.snapshot;
  }

  std::vector<SessionReference> watched() const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<SessionReference> references;
    for (auto const& entry : sessions_) references.push_back(entry.second.reference);
    return references;
  }

  void Stop() {
    multiplayer::HandlerToken observer;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopped_) return;
      stopped_ = true;
      sessions_.clear();
      queue_.clear();
      observer = std::move(observer_);
    }
    // Outside the lock: a cancelled read may complete on this thread, and its continuation locks.
    cancel_.cancel();
    observer.Reset();
    gate_->CloseAndWait();  // the handler running on another thread finishes; none starts after
  }

 private:
  struct Watched {
    SessionReference reference;
    std::shared_ptr<MultiplayerSession const> snapshot;
    bool ended = false;    // the last read found no session (or a 403): kEnded was delivered
    bool reading = false;  // one read in flight at a time, so snapshots only move forward
    bool again = false;    // asked to read while reading: one more read when this one ends
    std::uint64_t epoch = 0;
  };
  struct Queued {
    SessionKey key;  // so that Unwatch can take back what is queued for the session
    SessionWatchEvent event;
  };

  // ---- what the subscription brings ---------------------------------------------------------

  void OnSignal(SubscriptionSignal const& signal) {
    switch (signal.kind) {
      case SubscriptionSignal::Kind::kTaps:
        for (auto const& tap : signal.taps) OnTap(tap);
        return;
      case SubscriptionSignal::Kind::kConnection:
        return RereadAll();  // taps during the gap went to the old connection: read what they said
      case SubscriptionSignal::Kind::kResync:
        return OnResync();
    }
  }

  void OnTap(ShoulderTap const& tap) {
    auto const key = KeyOfSession(tap.reference);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto const it = sessions_.find(key);
      if (it == sessions_.end()) return;
      auto const& snapshot = it->second.snapshot;
      // A tap the snapshot already covers (a repeat, or one overtaken by a read) is not news.
      if (snapshot && !IsNewer(*snapshot, tap.branch, tap.change_number)) return;
    }
    RequestRead(key);
  }

  void OnResync() {
    std::weak_ptr<SessionWatcherCore> weak = weak_from_this();
    resync_.Request(
        [weak] {
          if (auto self = weak.lock()) self->RereadAll();
        },
        CancelToken());
  }

  void RereadAll() {
    std::vector<SessionKey> keys;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      for (auto const& entry : sessions_) keys.push_back(entry.first);
    }
    for (auto const& key : keys) RequestRead(key);
  }

  // ---- reads ---------------------------------------------------------------------------------

  pplx::cancellation_token CancelToken() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return cancel_.get_token();
  }

  void RequestRead(SessionKey const& key) {
    SessionReference reference;
    std::string etag;
    std::uint64_t epoch = 0;
    pplx::cancellation_token token = pplx::cancellation_token::none();
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto const it = sessions_.find(key);
      if (stopped_ || it == sessions_.end()) return;
      auto& watched = it->second;
      if (watched.reading) {
        watched.again = true;
        return;
      }
      watched.reading = true;
      reference = watched.reference;
      if (watched.snapshot) etag = watched.snapshot->etag();
      epoch = watched.epoch;
      token = cancel_.get_token();
    }
    std::weak_ptr<SessionWatcherCore> weak = weak_from_this();
    // Through the connection, not the service: the watcher's reads must not count as seen by the
    // service's own session-changed de-duplication, or its handlers would miss changes.
    ThenInline(service_.connection()->GetCurrentSessionAsync(reference, etag, token),
               [weak, key, epoch](pplx::task<Result<SessionResult>> read) {
                 auto self = weak.lock();
                 if (!self) return;
                 try {
                   self->OnRead(key, epoch, read.get());
                 } catch (...) {
                   self->OnRead(key, epoch, Error(ErrorCode::kUnknown, "a read ended with an exception"));
                 }
               });
  }

  void OnRead(SessionKey const& key, std::uint64_t epoch, Result<SessionResult> const& read) {
    bool read_again = false;
    bool retry_later = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto const it = sessions_.find(key);
      if (stopped_ || it == sessions_.end() || it->second.epoch != epoch) return;  // unwatched meanwhile
      auto& watched = it->second;
      if (read.ok()) {
        LearnLocked(key, watched, *read);
      } else if (read.error().code == ErrorCode::kForbidden || read.error().code == ErrorCode::kNotFound) {
        EndLocked(key, watched, read.error());
      } else if (read.error().code != ErrorCode::kCancelled) {
        retry_later = true;
        Log(TraceLevel::kWarning, "reading " + watched.reference.ToUriPath() + " failed (read again in " +
                                      std::to_string(options_.retry_after_failure.count()) +
                                      " ms): " + read.error().ToString());
      }
      watched.reading = false;
      read_again = std::exchange(watched.again, false);
    }
    if (read_again) {
      RequestRead(key);
    } else if (retry_later) {
      RetryLater(key, epoch);
    }
  }

  void RetryLater(SessionKey const& key, std::uint64_t epoch) {
    std::weak_ptr<SessionWatcherCore> weak = weak_from_this();
    AfterSleep(*sleeper_, options_.retry_after_failure, CancelToken(), [weak, key, epoch](bool elapsed) {
      auto self = weak.lock();
      if (!self || !elapsed) return;
      {
        std::lock_guard<std::mutex> lock(self->mutex_);
        auto const it = self->sessions_.find(key);
        if (it == self->sessions_.end() || it->second.epoch != epoch) return;
      }
      self->RequestRead(key);
    });
  }

  /// What a successful read shows: a newer snapshot (an event), nothing new (304, or a body the
  /// snapshot already covers), or no session.
  void LearnLocked(SessionKey const& key, Watched& watched, SessionResult const& read) {
    if (read.status == SessionResultStatus::kNotFound || read.status == SessionResultStatus::kDeleted) {
      return EndLocked(key, watched, Error(ErrorCode::kNotFound, "there is no such session"));
    }
    if (!read.session) return;  // 304: the snapshot is current
    auto const& next = read.session;
    SessionWatchEvent event;
    event.reference = watched.reference;
    event.current = next;
    if (!watched.snapshot) {
      event.kind = SessionWatchEventKind::kFirstSnapshot;
    } else if (IsNewer(*watched.snapshot, next->branch(), next->change_number())) {
      event.kind = SessionWatchEventKind::kChanged;
      event.previous = watched.snapshot;
      event.changes = multiplayer::CompareSessions(*next, *watched.snapshot);
    } else {
      return;  // not newer than what was delivered
    }
    watched.snapshot = next;
    watched.ended = false;
    EnqueueLocked(key, std::move(event));
  }

  void EndLocked(SessionKey const& key, Watched& watched, Error const& why) {
    if (watched.ended) return;
    watched.ended = true;
    SessionWatchEvent event;
    event.kind = SessionWatchEventKind::kEnded;
    event.reference = watched.reference;
    event.previous = std::exchange(watched.snapshot, nullptr);
    event.error = why;
    EnqueueLocked(key, std::move(event));
  }

  // ---- delivery: one event at a time, in the order enqueued ------------------------------------

  void EnqueueLocked(SessionKey const& key, SessionWatchEvent event) {
    queue_.push_back({key, std::move(event)});
    if (draining_) return;
    draining_ = true;
    // Posting runs title code later, on the executor: never inside this lock.
    std::weak_ptr<SessionWatcherCore> weak = weak_from_this();
    executor_->Post([weak, gate = gate_] {
      RunBehindGate(*gate, [&] {
        if (auto self = weak.lock()) self->Drain();
      });
    });
  }

  void Drain() {
    for (;;) {
      SessionWatchEvent event;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (stopped_ || queue_.empty()) {
          draining_ = false;
          return;
        }
        event = std::move(queue_.front().event);
        queue_.pop_front();
      }
      try {
        handler_(event);
      } catch (...) {
        LogContainedException(logger_.get(), "a session watch handler");
      }
    }
  }

  void Log(TraceLevel level, std::string const& message) const {
    if (logger_) logger_->Log(level, kCategory, message);
  }

  multiplayer::MultiplayerService const service_;
  std::shared_ptr<SessionSubscriptions> const subscriptions_;
  std::shared_ptr<ServiceContext const> const context_;
  multiplayer::SessionWatchHandler const handler_;
  multiplayer::SessionWatcherOptions const options_;
  std::shared_ptr<Logger const> const logger_;
  std::shared_ptr<Executor> const executor_;
  std::shared_ptr<Sleeper> const sleeper_;
  ResyncThrottle resync_;
  std::shared_ptr<HandlerGate> const gate_ = std::make_shared<HandlerGate>();

  mutable std::mutex mutex_;
  bool stopped_ = false;
  pplx::cancellation_token_source cancel_;
  multiplayer::HandlerToken observer_;
  std::map<SessionKey, Watched> sessions_;
  std::uint64_t next_epoch_ = 0;
  std::deque<Queued> queue_;
  bool draining_ = false;
};

}  // namespace xbl::internal

namespace xbl::multiplayer {

char const* ToString(SessionWatchEventKind kind) {
  switch (kind) {
    case SessionWatchEventKind::kFirstSnapshot:
      return "first_snapshot";
    case SessionWatchEventKind::kChanged:
      return "changed";
    case SessionWatchEventKind::kEnded:
      return "ended";
  }
  return "unknown";
}

SessionWatcher::SessionWatcher(MultiplayerService service, SessionWatchHandler handler, SessionWatcherOptions options)
    : core_(std::make_shared<internal::SessionWatcherCore>(service, service.subscriptions_, std::move(handler),
                                                           std::move(options))) {
  core_->Start();
}

SessionWatcher::~SessionWatcher() { core_->Stop(); }

void SessionWatcher::Watch(SessionReference const& reference) { core_->Watch(reference); }
void SessionWatcher::Unwatch(SessionReference const& reference) { core_->Unwatch(reference); }
std::shared_ptr<MultiplayerSession const> SessionWatcher::Snapshot(SessionReference const& reference) const {
  return core_->Snapshot(reference);
}
std::vector<SessionReference> SessionWatcher::watched() const { return core_->watched(); }
void SessionWatcher::Stop() { core_->Stop(); }

}  // namespace xbl::multiplayer
