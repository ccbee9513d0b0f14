#include "multiplayer/session_subscriptions.h"
#include "core/after_sleep.h"
#include "core/ascii_case.h"
#include "core/http/inline_continuation.h"

namespace xbl::internal {
namespace {

using multiplayer::MultiplayerSession;
using multiplayer::SessionReference;
using multiplayer::SessionResult;
using multiplayer::SessionResultStatus;
constexpr char kCategory[] = "multiplayer.subscriptions";

/// True when the pending changes set `members.me.properties.system.active` to true.
bool SetsActive(MultiplayerSession const& session) {
  auto const body = session.RequestBody();
  auto const members = body.find("members");
  if (members == body.end() || !members->is_object()) return false;
  auto const me = members->find("me");
  if (me == members->end() || !me->is_object()) return false;
  auto const properties = me->find("properties");
  if (properties == me->end() || !properties->is_object()) return false;
  auto const system = properties->find("system");
  if (system == properties->end() || !system->is_object()) return false;
  auto const active = system->find("active");
  return active != system->end() && active->is_boolean() && active->get<bool>();
}

/// A task's value; a task that ended with an exception (which implementations never do) as an error.
template <typename T>
Result<T> ValueOf(pplx::task<Result<T>> const& task, char const* what) {
  try {
    return task.get();
  } catch (...) {
    return Error(ErrorCode::kUnknown, std::string(what) + " ended with an exception");
  }
}

}  // namespace

std::shared_ptr<SessionSubscriptions> SessionSubscriptions::Create(
    std::shared_ptr<ServiceContext const> context,
    std::shared_ptr<multiplayer::MultiplayerServiceConnection> connection, rta::RtaClientOptions rta_options) {
  return std::shared_ptr<SessionSubscriptions>(
      new SessionSubscriptions(std::move(context), std::move(connection), std::move(rta_options)));
}

SessionSubscriptions::SessionSubscriptions(std::shared_ptr<ServiceContext const> context,
                                           std::shared_ptr<multiplayer::MultiplayerServiceConnection> connection,
                                           rta::RtaClientOptions rta_options)
    : context_(std::move(context)),
      connection_(std::move(connection)),
      rta_options_(std::move(rta_options)),
      logger_(context_ ? LoggerOf(*context_) : nullptr),
      session_changed_(std::make_shared<HandlerList<multiplayer::SessionChangedEvent>>()),
      subscription_lost_(std::make_shared<HandlerList<Error>>()),
      connection_id_changed_(std::make_shared<HandlerList<std::string>>()),
      membership_lost_(std::make_shared<HandlerList<SessionReference>>()),
      observers_(std::make_shared<HandlerList<SubscriptionSignal>>()),
      resync_(context_ ? std::make_unique<ResyncThrottle>(context_->clock(), context_->sleeper(),
                                                          context_->options().rta.resync_min_interval)
                       : nullptr) {}

SessionSubscriptions::~SessionSubscriptions() { Shutdown(); }

// ---- enable, disable, shutdown ------------------------------------------------------------------

rta::RtaSubscription SessionSubscriptions::MpsdSubscription(std::uint64_t generation) {
  std::weak_ptr<SessionSubscriptions> weak = shared_from_this();
  rta::RtaSubscription subscription;
  subscription.resource = kMpsdConnectionsResource;
  // only a non-empty string ConnectionId makes an acknowledgement usable.
  subscription.accept = [](nlohmann::json const& data) {
    auto const id = data.is_object() ? data.find("ConnectionId") : data.end();
    return data.is_object() && id != data.end() && id->is_string() && !id->get<std::string>().empty();
  };
  subscription.on_subscribed = [weak, generation](nlohmann::json const& data) {
    if (auto self = weak.lock()) self->OnConnectionId(generation, data.value("ConnectionId", std::string()));
  };
  subscription.on_event = [weak, generation](nlohmann::json const& data) {
    if (auto self = weak.lock()) self->OnEvent(generation, data);
  };
  subscription.on_lost = [weak, generation](Error const& error) {
    auto self = weak.lock();
    if (!self) return;
    self->Deliver(generation, [list = self->subscription_lost_, logger = self->logger_, error] {
      list->Invoke(logger.get(), "a subscription-lost handler", error);
    });
  };
  return subscription;
}

pplx::task<Result<std::string>> SessionSubscriptions::Enable() {
  if (!context_) {
    return pplx::task_from_result(
        Result<std::string>(Error(ErrorCode::kInvalidState, "subscriptions need a service built on a ServiceContext")));
  }
  std::shared_ptr<rta::RtaClient> start;
  IdWait waiting;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (shut_down_) {
      return pplx::task_from_result(Result<std::string>(Error(ErrorCode::kShutdown, "the service was shut down")));
    }
    if (!enabled_) {
      enabled_ = true;
      ++generation_;
      gate_ = std::make_shared<HandlerGate>();
      cancel_ = pplx::cancellation_token_source();
      std::weak_ptr<SessionSubscriptions> weak = shared_from_this();
      rta::RtaConnectionHandlers handlers;
      handlers.on_resync = [weak, generation = generation_] {
        if (auto self = weak.lock()) self->OnResync(generation);
      };
      rta_ = rta::RtaClient::Create(context_, {MpsdSubscription(generation_)}, std::move(handlers), rta_options_);
      start = rta_;
    }
    if (!connection_id_.empty()) return pplx::task_from_result(Result<std::string>(connection_id_));
    waiting = AddIdWaiterLocked();
  }
  auto waited = TimeIdWait(waiting);
  if (start) start->Start();
  return waited;
}

SessionSubscriptions::IdWait SessionSubscriptions::AddIdWaiterLocked() {
  IdWait wait{{}, cancel_.get_token()};
  waiters_.push_back(wait.done);
  return wait;
}

pplx::task<Result<std::string>> SessionSubscriptions::TimeIdWait(IdWait const& wait) {
  // Outside the lock: the sleeper is a seam the title may supply.
  auto const limit = context_->options().rta.connection_wait;
  // A sleep that fails ends the wait without a verdict; disable settles it.
  AfterSleep(*context_->sleeper(), limit, wait.token, [done = wait.done, limit](bool elapsed) {
    if (elapsed) {
      done.set(Error(ErrorCode::kTimeout, "no RTA connection id within " + std::to_string(limit.count()) +
                                              " ms (subscriptions stay enabled and keep trying)"));
    }
  });
  return pplx::create_task(wait.done);
}

pplx::task<Result<void>> SessionSubscriptions::Disable() {
  std::shared_ptr<rta::RtaClient> rta;
  std::shared_ptr<HandlerGate> gate;
  std::vector<pplx::task_completion_event<Result<std::string>>> waiters;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!enabled_) return pplx::task_from_result(Result<void>());
    enabled_ = false;
    ++generation_;
    rta = std::move(rta_);
    gate = std::move(gate_);
    waiters.swap(waiters_);
    connection_id_.clear();
    cancel_.cancel();
  }
  Error const disabled(ErrorCode::kCancelled, "subscriptions were disabled");
  for (auto& waiter : waiters) waiter.set(disabled);
  rta->Shutdown();       // R-72 steps 1-3; waits for the RTA handlers running, except a caller's own
  gate->CloseAndWait();  // and for ours: nothing of this generation runs from here on
  pplx::task_completion_event<Result<void>> done;
  context_->PostCallback("the subscription-lost handlers",
                         [list = subscription_lost_, logger = logger_, disabled, done] {
                           list->Invoke(logger.get(), "a subscription-lost handler", disabled);
                           done.set(Result<void>());
                         });
  return pplx::create_task(done);
}

void SessionSubscriptions::Shutdown() {
  std::shared_ptr<rta::RtaClient> rta;
  std::shared_ptr<HandlerGate> gate;
  std::vector<pplx::task_completion_event<Result<std::string>>> waiters;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (shut_down_) return;
    shut_down_ = true;
    enabled_ = false;
    ++generation_;
    rta = std::move(rta_);
    gate = std::move(gate_);
    waiters.swap(waiters_);
    connection_id_.clear();
    cancel_.cancel();
  }
  for (auto& waiter : waiters) waiter.set(Error(ErrorCode::kCancelled, "the service was shut down"));
  if (rta) rta->Shutdown();
  if (gate) gate->CloseAndWait();
}

bool SessionSubscriptions::enabled() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return enabled_;
}

std::string SessionSubscriptions::connection_id() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return connection_id_;
}

// ---- handlers -------------------------------------------------------------------------------------

multiplayer::HandlerToken SessionSubscriptions::AddSessionChangedHandler(multiplayer::SessionChangedHandler handler) {
  return session_changed_->Add(std::move(handler));
}
multiplayer::HandlerToken SessionSubscriptions::AddSubscriptionLostHandler(
    multiplayer::SubscriptionLostHandler handler) {
  return subscription_lost_->Add(std::move(handler));
}
multiplayer::HandlerToken SessionSubscriptions::AddConnectionIdChangedHandler(
    multiplayer::ConnectionIdChangedHandler handler) {
  return connection_id_changed_->Add(std::move(handler));
}
multiplayer::HandlerToken SessionSubscriptions::AddMembershipLostHandler(multiplayer::MembershipLostHandler handler) {
  return membership_lost_->Add(std::move(handler));
}
multiplayer::HandlerToken SessionSubscriptions::AddObserver(SubscriptionObserver observer) {
  return observers_->Add(std::move(observer));
}

std::optional<std::shared_ptr<HandlerGate>> SessionSubscriptions::GateOf(std::uint64_t generation) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (generation != generation_ || !gate_) return std::nullopt;
  return gate_;
}

void SessionSubscriptions::Deliver(std::uint64_t generation, std::function<void()> deliver) {
  auto gate = GateOf(generation);
  if (!gate) return;
  context_->PostCallback("a session subscription handler",
                         [gate = *gate, deliver = std::move(deliver)] { RunBehindGate(*gate, deliver); });
}

// ---- writes and what their results teach ---------------------------------------------------------

pplx::task<Result<SessionResult>> SessionSubscriptions::Write(MultiplayerSession const& session, Call call) {
  auto const reference =
      session.reference().empty() ? std::nullopt : std::optional<SessionReference>(session.reference());
  auto const send_unbound = [&] {
    return TrackWrite(reference, [&] { return call(session); }, std::make_shared<bool>(false));
  };
  if (!context_ || !SetsActive(session)) return send_unbound();
  std::string id;
  std::optional<IdWait> waiter;
  bool enabled = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    enabled = enabled_;
    if (enabled) {
      id = connection_id_;
      if (id.empty()) waiter = AddIdWaiterLocked();
    }
  }
  // The call runs outside the lock: a connection may answer at once, and its result is learned from.
  if (!enabled) return send_unbound();
  auto bind_and_send = [session, call, reference](std::shared_ptr<SessionSubscriptions> const& self,
                                                  std::string const& connection_id) {
    auto bound = session;
    // the write that sets the member active names the connection it is bound to.
    if (auto set = bound.SetCurrentUserConnection(connection_id); !set.ok()) {
      return pplx::task_from_result(Result<SessionResult>(set.error()));
    }
    return self->TrackWrite(reference, [&] { return call(bound); }, std::make_shared<bool>(true));
  };
  if (!id.empty()) return bind_and_send(shared_from_this(), id);
  std::weak_ptr<SessionSubscriptions> weak = shared_from_this();
  return TimeIdWait(*waiter).then(
      [weak, bind_and_send](Result<std::string> waited) -> pplx::task<Result<SessionResult>> {
        if (!waited.ok()) return pplx::task_from_result(Result<SessionResult>(waited.error()));
        auto self = weak.lock();
        if (!self)
          return pplx::task_from_result(Result<SessionResult>(Error(ErrorCode::kShutdown, "the service is gone")));
        return bind_and_send(self, *waited);
      });
}

multiplayer::SessionMutation SessionSubscriptions::BindingMutation(multiplayer::SessionMutation mutate,
                                                                   std::shared_ptr<bool> bound) {
  if (!mutate) return mutate;  // left empty, so that the connection refuses it as an invalid argument
  std::weak_ptr<SessionSubscriptions> weak = shared_from_this();
  return [weak, mutate = std::move(mutate), bound](MultiplayerSession& session) -> Result<void> {
    *bound = false;
    auto changed = mutate(session);
    auto self = weak.lock();
    if (!changed.ok() || !self || !self->context_ || !SetsActive(session)) return changed;
    std::string id;
    {
      std::lock_guard<std::mutex> lock(self->mutex_);
      if (!self->enabled_) return changed;
      id = self->connection_id_;
    }
    if (id.empty()) return Error(ErrorCode::kTimeout, "no RTA connection id yet to bind an active member to");
    auto set = session.SetCurrentUserConnection(id);
    *bound = set.ok();
    return set;
  };
}

pplx::task<Result<SessionResult>> SessionSubscriptions::Track(pplx::task<Result<SessionResult>> call,
                                                              std::optional<SessionReference> reference,
                                                              std::shared_ptr<bool> bound) {
  std::weak_ptr<SessionSubscriptions> weak = shared_from_this();
  return ThenInline(call, [weak, reference, bound](pplx::task<Result<SessionResult>> done) {
    auto result = ValueOf(done, "a session call");
    if (auto self = weak.lock()) self->Learn(reference, result, *bound);
    return result;
  });
}

pplx::task<Result<SessionResult>> SessionSubscriptions::TrackWrite(
    std::optional<SessionReference> const& reference, std::function<pplx::task<Result<SessionResult>>()> const& start,
    std::shared_ptr<bool> bound) {
  if (!context_ || !reference || reference->empty()) return Track(start(), reference, std::move(bound));
  auto const key = KeyOfSession(*reference);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ++writing_[key].count;
  }
  pplx::task<Result<SessionResult>> call;
  try {
    call = start();
  } catch (...) {  // connections never throw; the count must not leak if one does
    EndWrite(key);
    return pplx::task_from_result(Result<SessionResult>(Error(ErrorCode::kUnknown, "a session write threw")));
  }
  std::weak_ptr<SessionSubscriptions> weak = shared_from_this();
  // After `Track` has learned the write's change number, so the held taps are filtered by it.
  return ThenInline(Track(call, reference, std::move(bound)), [weak, key](pplx::task<Result<SessionResult>> done) {
    if (auto self = weak.lock()) self->EndWrite(key);
    return done.get();  // `Track` turns every outcome into a value
  });
}

void SessionSubscriptions::EndWrite(SessionKey const& key) {
  std::vector<multiplayer::SessionChangedEvent> events;
  std::uint64_t generation = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto const found = writing_.find(key);
    if (found == writing_.end() || --found->second.count > 0) return;
    auto const writes = std::move(found->second);
    writing_.erase(found);
    if (writes.held.empty() || writes.generation != generation_) return;
    generation = writes.generation;
    events = NewsLocked(writes.held);
  }
  DeliverChanged(generation, std::move(events));
}

pplx::task<Result<void>> SessionSubscriptions::TrackActivitySet(pplx::task<Result<void>> call,
                                                                SessionReference reference) {
  std::weak_ptr<SessionSubscriptions> weak = shared_from_this();
  return ThenInline(call, [weak, reference](pplx::task<Result<void>> done) {
    auto result = ValueOf(done, "setting the activity");
    auto self = weak.lock();
    if (result.ok() && self) {
      std::lock_guard<std::mutex> lock(self->mutex_);
      self->activities_[ToLower(reference.scid)] = reference;  // MPSD keeps one activity per SCID
    }
    return result;
  });
}

pplx::task<Result<void>> SessionSubscriptions::TrackActivityCleared(pplx::task<Result<void>> call, std::string scid) {
  std::weak_ptr<SessionSubscriptions> weak = shared_from_this();
  return ThenInline(call, [weak, scid = ToLower(scid)](pplx::task<Result<void>> done) {
    auto result = ValueOf(done, "clearing the activity");
    auto self = weak.lock();
    if (result.ok() && self) {
      std::lock_guard<std::mutex> lock(self->mutex_);
      self->activities_.erase(scid);
    }
    return result;
  });
}

bool SessionSubscriptions::IsActiveMember(MultiplayerSession const& session) const {
  auto const& xuid = context_->options().user_xuid;
  for (auto const& member : session.members()) {
    if (member.xuid == xuid || (xuid.empty() && &member == session.current_user())) {
      return member.status() == multiplayer::MemberStatus::kActive;
    }
  }
  return false;
}

void SessionSubscriptions::Learn(std::optional<SessionReference> const& reference, Result<SessionResult> const& result,
                                 bool bound) {
  if (!context_ || !result.ok()) return;
  std::optional<SessionReference> named = reference;
  if (!named && result->session) named = result->session->reference();
  if (!named || named->empty()) return;
  std::lock_guard<std::mutex> lock(mutex_);
  auto const key = KeyOfSession(*named);
  if (!result->session) {
    if (result->status == SessionResultStatus::kDeleted || result->status == SessionResultStatus::kNotFound) {
      active_sessions_.erase(key);
    }
    return;
  }
  auto const& session = *result->session;
  // a body this service returned counts as seen, so its tap is not news.
  if (!session.branch().empty()) seen_.Observe(*named, session.branch(), session.change_number());
  if (!IsActiveMember(session)) {
    active_sessions_.erase(key);  // the user left, went inactive or was removed
  } else if (bound) {
    active_sessions_[key] = *named;
  }
}

// ---- what the subscription brings ----------------------------------------------------------------

void SessionSubscriptions::OnConnectionId(std::uint64_t generation, std::string const& id) {
  std::vector<pplx::task_completion_event<Result<std::string>>> waiters;
  std::vector<SessionReference> sessions;
  std::vector<SessionReference> untracked_activities;  // the others are re-posted after their rebind
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (generation != generation_ || !enabled_ || EqualsIgnoreCase(id, connection_id_)) return;
    connection_id_ = id;
    waiters.swap(waiters_);
    for (auto const& entry : active_sessions_) sessions.push_back(entry.second);
    for (auto const& entry : activities_) {
      if (!active_sessions_.count(KeyOfSession(entry.second))) untracked_activities.push_back(entry.second);
    }
  }
  for (auto& waiter : waiters) waiter.set(id);
  observers_->Invoke(logger_.get(), "a subscription observer", SubscriptionSignal{SubscriptionSignal::Kind::kConnection, {}});
  // tell the title, rebind each session to the new id, then re-post its activity and
  // re-read it.
  Deliver(generation, [list = connection_id_changed_, logger = logger_, id] {
    list->Invoke(logger.get(), "a connection-id-changed handler", id);
  });
  for (auto const& reference : sessions) Rebind(generation, reference, id);
  for (auto const& reference : untracked_activities) RepostActivity(generation, reference);
}

void SessionSubscriptions::OnEvent(std::uint64_t generation, nlohmann::json const& data) {
  std::vector<std::string> skipped;
  auto const taps = ParseShoulderTaps(data, skipped);
  for (auto const& reason : skipped) context_->Log(TraceLevel::kWarning, kCategory, "skipped " + reason);
  std::vector<multiplayer::SessionChangedEvent> events;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (generation != generation_) return;
  }
  if (!taps.empty()) {
    observers_->Invoke(logger_.get(), "a subscription observer", SubscriptionSignal{SubscriptionSignal::Kind::kTaps, taps});
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (generation != generation_) return;
    std::vector<ShoulderTap> now;
    for (auto const& tap : taps) {
      auto const writing = writing_.find(KeyOfSession(tap.reference));
      if (writing == writing_.end()) {
        now.push_back(tap);
        continue;
      }
      if (writing->second.generation != generation) writing->second.held.clear();  // an older enable's
      writing->second.generation = generation;
      writing->second.held.push_back(tap);  // until this service's write completes
    }
    events = NewsLocked(now);
  }
  DeliverChanged(generation, std::move(events));
}

std::vector<multiplayer::SessionChangedEvent> SessionSubscriptions::NewsLocked(std::vector<ShoulderTap> const& taps) {
  std::vector<multiplayer::SessionChangedEvent> events;
  for (auto const& tap : taps) {
    if (!seen_.Observe(tap.reference, tap.branch, tap.change_number)) continue;  // not newer
    auto const tracked = active_sessions_.find(KeyOfSession(tap.reference));
    events.push_back(
        {tracked != active_sessions_.end() ? tracked->second : tap.reference, tap.branch, tap.change_number});
  }
  return events;
}

void SessionSubscriptions::DeliverChanged(std::uint64_t generation,
                                          std::vector<multiplayer::SessionChangedEvent> events) {
  if (events.empty()) return;
  Deliver(generation, [list = session_changed_, logger = logger_, events = std::move(events)] {
    for (auto const& event : events) list->Invoke(logger.get(), "a session-changed handler", event);
  });
}

void SessionSubscriptions::OnResync(std::uint64_t generation) {
  pplx::cancellation_token token = pplx::cancellation_token::none();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (generation != generation_) return;
    token = cancel_.get_token();
  }
  observers_->Invoke(logger_.get(), "a subscription observer", SubscriptionSignal{SubscriptionSignal::Kind::kResync, {}});
  // at most once per interval; one inside it runs when the interval ends.
  std::weak_ptr<SessionSubscriptions> weak = shared_from_this();
  resync_->Request(
      [weak, generation] {
        auto self = weak.lock();
        if (!self) return;
        std::vector<SessionReference> sessions;
        {
          std::lock_guard<std::mutex> lock(self->mutex_);
          if (generation != self->generation_) return;
          for (auto const& entry : self->active_sessions_) sessions.push_back(entry.second);
        }
        for (auto const& reference : sessions) self->Reread(generation, reference);
      },
      token);
}

void SessionSubscriptions::Rebind(std::uint64_t generation, SessionReference const& reference, std::string const& id) {
  MultiplayerSession rebind(reference, context_->options().user_xuid);
  auto const delta =
      nlohmann::json{{"members", {{"me", {{"properties", {{"system", {{"active", true}, {"connection", id}}}}}}}}}};
  if (auto merged = rebind.MergeRawChanges(delta); !merged.ok()) {
    context_->Log(TraceLevel::kError, kCategory, "could not build a rebind: " + merged.error().ToString());
    return;
  }
  std::weak_ptr<SessionSubscriptions> weak = shared_from_this();
  pplx::cancellation_token token = pplx::cancellation_token::none();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    token = cancel_.get_token();
  }
  auto written = connection_->WriteSessionAsync(rebind, multiplayer::SessionWriteMode::kUpdateExisting, token);
  ThenInline(written, [weak, generation, reference](pplx::task<Result<SessionResult>> done) {
    auto const result = ValueOf(done, "a rebind");
    auto self = weak.lock();
    if (!self) return;
    bool removed = false;
    if (result.ok()) {
      removed = !result->session || !self->IsActiveMember(*result->session);
    } else {
      auto const code = result.error().code;
      removed = code == ErrorCode::kForbidden || code == ErrorCode::kNotFound;
      if (!removed) {
        self->context_->Log(TraceLevel::kWarning, kCategory,
                            "rebinding " + reference.ToUriPath() + " failed: " + result.error().ToString());
      }
    }
    // The rebind's own body is not counted as seen: the re-read compares against what was seen
    // before the gap, so that a change made meanwhile is reported.
    if (removed) {
      self->Removed(generation, reference);
      return;
    }
    bool has_activity = false;
    {
      std::lock_guard<std::mutex> lock(self->mutex_);
      has_activity = self->ActivityOfLocked(reference) != self->activities_.end();
    }
    if (has_activity) self->RepostActivity(generation, reference);
    self->Reread(generation, reference);
  });
}

void SessionSubscriptions::RepostActivity(std::uint64_t generation, SessionReference const& reference) {
  pplx::cancellation_token token = pplx::cancellation_token::none();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (generation != generation_) return;
    token = cancel_.get_token();
  }
  std::weak_ptr<SessionSubscriptions> weak = shared_from_this();
  ThenInline(connection_->SetActivityAsync(reference, token), [weak, reference](pplx::task<Result<void>> done) {
    auto const result = ValueOf(done, "re-posting the activity");
    auto self = weak.lock();
    if (!self || result.ok()) return;
    self->context_->Log(TraceLevel::kWarning, kCategory,
                        "re-posting the activity of " + reference.ToUriPath() + " failed: " + result.error().ToString());
  });
}

void SessionSubscriptions::Reread(std::uint64_t generation, SessionReference const& reference) {
  std::weak_ptr<SessionSubscriptions> weak = shared_from_this();
  pplx::cancellation_token token = pplx::cancellation_token::none();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (generation != generation_) return;
    token = cancel_.get_token();
  }
  auto read = connection_->GetCurrentSessionAsync(reference, std::string(), token);
  ThenInline(read, [weak, generation, reference](pplx::task<Result<SessionResult>> done) {
    auto const result = ValueOf(done, "a re-read");
    if (auto self = weak.lock()) self->OnReread(generation, reference, result);
  });
}

void SessionSubscriptions::OnReread(std::uint64_t generation, SessionReference const& reference,
                                    Result<SessionResult> const& result) {
  if (!result.ok()) {
    context_->Log(TraceLevel::kWarning, kCategory,
                  "re-reading " + reference.ToUriPath() + " failed: " + result.error().ToString());
    return;
  }
  if (!result->session || !IsActiveMember(*result->session)) return Removed(generation, reference);
  auto const& session = *result->session;
  std::vector<multiplayer::SessionChangedEvent> events;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (generation != generation_) return;
    if (seen_.Observe(reference, session.branch(), session.change_number())) {
      events.push_back({reference, session.branch(), session.change_number()});
    }
  }
  DeliverChanged(generation, std::move(events));
}

SessionSubscriptions::Activities::iterator SessionSubscriptions::ActivityOfLocked(SessionReference const& reference) {
  auto const activity = activities_.find(ToLower(reference.scid));
  bool const this_session = activity != activities_.end() && KeyOfSession(activity->second) == KeyOfSession(reference);
  return this_session ? activity : activities_.end();
}

void SessionSubscriptions::Removed(std::uint64_t generation, SessionReference const& reference) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (generation != generation_) return;
    active_sessions_.erase(KeyOfSession(reference));
    seen_.Forget(reference);
    auto const activity = ActivityOfLocked(reference);
    // MPSD drops the handle of a session the user is not in.
    if (activity != activities_.end()) activities_.erase(activity);
  }
  context_->Log(TraceLevel::kInfo, kCategory, "no longer active in " + reference.ToUriPath());
  Deliver(generation, [list = membership_lost_, logger = logger_, reference] {
    list->Invoke(logger.get(), "a membership-lost handler", reference);
  });
}

}  // namespace xbl::internal
