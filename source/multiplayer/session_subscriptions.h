#pragma once
// The subscription state of one MultiplayerService and its copies (docs/live-sessions.md): the RTA
// client for the MPSD resource, the title's handlers, the change numbers seen, and the sessions
// in which writes through the service left this user active with the connection id.
#include "core/handler_gate.h"
#include "multiplayer/handler_list.h"
#include "multiplayer/resync_throttle.h"
#include "multiplayer/shoulder_taps.h"
#include "xbl/multiplayer/handler_token.h"
#include "xbl/multiplayer/multiplayer_service_connection.h"
#include "xbl/multiplayer/session_subscription_events.h"
#include "xbl/rta/rta_client.h"
#include "xbl/service_context.h"
#include <pplx/pplxtasks.h>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace xbl::internal {

/// The MPSD subscription resource (docs/rta-protocol.md ).
inline constexpr char kMpsdConnectionsResource[] = "https://sessiondirectory.xboxlive.com/connections/";

/// What the subscription brought, before this service's own de-duplication, for a
/// `SessionWatcher`: every tap of an Event, a new ConnectionId, or a Resync.
struct SubscriptionSignal {
  enum class Kind { kTaps, kConnection, kResync };
  Kind kind = Kind::kTaps;
  std::vector<ShoulderTap> taps;  // kTaps only
};
using SubscriptionObserver = std::function<void(SubscriptionSignal const& signal)>;

/// Thread-safe; create with `Create`. Title handlers run on the context's callback executor behind
/// a gate that `Disable` and `Shutdown` close, never under `mutex_`.
class SessionSubscriptions : public std::enable_shared_from_this<SessionSubscriptions> {
 public:
  using Call = std::function<pplx::task<Result<multiplayer::SessionResult>>(multiplayer::MultiplayerSession const&)>;

  /// `context` may be null (a service over a bare connection): enabling then fails with
  /// `kInvalidState` and writes pass through untouched.
  static std::shared_ptr<SessionSubscriptions> Create(
      std::shared_ptr<ServiceContext const> context,
      std::shared_ptr<multiplayer::MultiplayerServiceConnection> connection, rta::RtaClientOptions rta_options);
  ~SessionSubscriptions();
  SessionSubscriptions(SessionSubscriptions const&) = delete;
  SessionSubscriptions& operator=(SessionSubscriptions const&) = delete;

  pplx::task<Result<std::string>> Enable();
  pplx::task<Result<void>> Disable();
  void Shutdown();
  bool enabled() const;
  std::string connection_id() const;

  multiplayer::HandlerToken AddSessionChangedHandler(multiplayer::SessionChangedHandler handler);
  multiplayer::HandlerToken AddSubscriptionLostHandler(multiplayer::SubscriptionLostHandler handler);
  multiplayer::HandlerToken AddConnectionIdChangedHandler(multiplayer::ConnectionIdChangedHandler handler);
  multiplayer::HandlerToken AddMembershipLostHandler(multiplayer::MembershipLostHandler handler);
  /// SDK code only: `observer` runs where the RTA subscription's handlers run (the callback
  /// executor), not behind the title's gate, and must not block. A signal of an older enable
  /// generation is not passed on.
  multiplayer::HandlerToken AddObserver(SubscriptionObserver observer);
  /// Null for a service over a bare connection.
  std::shared_ptr<ServiceContext const> const& context() const { return context_; }

  /// A write of `session` through `call`. While enabled, a write that sets the current user active
  /// carries the current connection id as `properties.system.connection` (waiting up to
  /// `RtaSettings::connection_wait` for one; `kTimeout` then, `kCancelled` on disable, and nothing
  /// sent). Its result is learned from as `Track` says.
  pplx::task<Result<multiplayer::SessionResult>> Write(multiplayer::MultiplayerSession const& session, Call call);
  /// `mutate` for `UpdateSessionAsync`, adding the connection id to a mutation that sets the
  /// current user active (`kTimeout` when enabled without one yet); `bound` records that it did.
  multiplayer::SessionMutation BindingMutation(multiplayer::SessionMutation mutate, std::shared_ptr<bool> bound);
  /// Learns from a call's result: the change number it shows, and whether the session stays
  /// tracked (`bound`: the call made the user active with the connection id; a result without
  /// this user active, or a deleted session, untracks it). `reference` is the title's spelling
  /// (absent: the result's own).
  pplx::task<Result<multiplayer::SessionResult>> Track(pplx::task<Result<multiplayer::SessionResult>> call,
                                                       std::optional<multiplayer::SessionReference> reference,
                                                       std::shared_ptr<bool> bound);
  /// As `Track`, for a write that `start` begins: taps of `reference` that arrive until it
  /// completes are held, then filtered against its result, so a writer is not told about
  /// its own change.
  pplx::task<Result<multiplayer::SessionResult>> TrackWrite(
      std::optional<multiplayer::SessionReference> const& reference,
      std::function<pplx::task<Result<multiplayer::SessionResult>>()> const& start, std::shared_ptr<bool> bound);
  /// Learns from `SetActivityAsync` and `ClearActivityAsync`: the activity this service set in a
  /// SCID is re-posted after each new connection id (R-62 step 3).
  pplx::task<Result<void>> TrackActivitySet(pplx::task<Result<void>> call, multiplayer::SessionReference reference);
  pplx::task<Result<void>> TrackActivityCleared(pplx::task<Result<void>> call, std::string scid);

 private:
  SessionSubscriptions(std::shared_ptr<ServiceContext const> context,
                       std::shared_ptr<multiplayer::MultiplayerServiceConnection> connection,
                       rta::RtaClientOptions rta_options);

  rta::RtaSubscription MpsdSubscription(std::uint64_t generation);
  /// A write or an enable waiting for the first ConnectionId: registered under `mutex_`, then
  /// timed (`RtaSettings::connection_wait`) outside it.
  struct IdWait {
    pplx::task_completion_event<Result<std::string>> done;
    pplx::cancellation_token token = pplx::cancellation_token::none();
  };
  IdWait AddIdWaiterLocked();
  pplx::task<Result<std::string>> TimeIdWait(IdWait const& wait);
  bool IsActiveMember(multiplayer::MultiplayerSession const& session) const;
  void Learn(std::optional<multiplayer::SessionReference> const& reference,
             Result<multiplayer::SessionResult> const& result, bool bound);

  void OnConnectionId(std::uint64_t generation, std::string const& id);
  void OnEvent(std::uint64_t generation, nlohmann::json const& data);
  void OnResync(std::uint64_t generation);
  void Rebind(std::uint64_t generation, multiplayer::SessionReference const& reference, std::string const& id);
  void RepostActivity(std::uint64_t generation, multiplayer::SessionReference const& reference);
  /// Ends one write of `key`; the last one releases the taps held meanwhile.
  void EndWrite(SessionKey const& key);
  /// The session-changed events of `taps` that are news, under `mutex_`.
  std::vector<multiplayer::SessionChangedEvent> NewsLocked(std::vector<ShoulderTap> const& taps);
  void Reread(std::uint64_t generation, multiplayer::SessionReference const& reference);
  void OnReread(std::uint64_t generation, multiplayer::SessionReference const& reference,
                Result<multiplayer::SessionResult> const& result);
  void Removed(std::uint64_t generation, multiplayer::SessionReference const& reference);
  /// The session of the activity this service set, by SCID in lower case.
  using Activities = std::map<std::string, multiplayer::SessionReference>;
  /// The activity set in `reference`'s SCID when it is this session's, else `activities_.end()`.
  Activities::iterator ActivityOfLocked(multiplayer::SessionReference const& reference);
  /// Posts `deliver` to the callback executor behind this generation's gate.
  void Deliver(std::uint64_t generation, std::function<void()> deliver);
  void DeliverChanged(std::uint64_t generation, std::vector<multiplayer::SessionChangedEvent> events);
  std::optional<std::shared_ptr<HandlerGate>> GateOf(std::uint64_t generation) const;

  std::shared_ptr<ServiceContext const> const context_;
  std::shared_ptr<multiplayer::MultiplayerServiceConnection> const connection_;
  rta::RtaClientOptions const rta_options_;
  std::shared_ptr<Logger const> const logger_;  // null without a context

  std::shared_ptr<HandlerList<multiplayer::SessionChangedEvent>> const session_changed_;
  std::shared_ptr<HandlerList<Error>> const subscription_lost_;
  std::shared_ptr<HandlerList<std::string>> const connection_id_changed_;
  std::shared_ptr<HandlerList<multiplayer::SessionReference>> const membership_lost_;
  std::shared_ptr<HandlerList<SubscriptionSignal>> const observers_;
  std::unique_ptr<ResyncThrottle> const resync_;  // null without a context

  mutable std::mutex mutex_;
  bool enabled_ = false;
  bool shut_down_ = false;
  /// Grows with every enable and disable; what an older generation's callbacks find is ignored.
  std::uint64_t generation_ = 0;
  std::shared_ptr<rta::RtaClient> rta_;
  std::shared_ptr<HandlerGate> gate_;
  pplx::cancellation_token_source cancel_;
  std::string connection_id_;
  std::vector<pplx::task_completion_event<Result<std::string>>> waiters_;
  ChangeNumberTracker seen_;
  /// Sessions where this user is active with the connection id, as the title spelled them.
  std::map<SessionKey, multiplayer::SessionReference> active_sessions_;
  Activities activities_;
  /// Sessions with writes of this service in flight, and the taps held until the last one ends.
  struct WritesInFlight {
    int count = 0;
    std::uint64_t generation = 0;  // of the held taps
    std::vector<ShoulderTap> held;
  };
  std::map<SessionKey, WritesInFlight> writing_;
};

}  // namespace xbl::internal
