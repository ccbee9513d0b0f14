#pragma once
#include "clock.h"
#include "json.h"
#include "rta_frame_log.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace xbl::emulator {

class RtaSocket;

/// The RTA timings that tests change (docs/rta-protocol.md ).
struct RtaSettings {
  std::int64_t grace_ms = 30000;
  std::int64_t max_age_ms = 7200000;
};

/// One shoulder tap for a member bound to `connection_id` (lower-case), whose user is `xuid`;
/// `tap` is the tap object's JSON text, spliced as it is into its socket's Event.
struct PendingTap {
  std::string connection_id;
  std::string xuid;
  std::string tap;
};

/// Every `/connect` socket, the ConnectionIds it was issued, the retired ids in their grace
/// period, the RTA test hooks and settings. One mutex guards it; it is taken inside the session
/// store lock (binding checks, taps), never around it, and socket calls that may end a socket
/// (Close, Drop) are made after it is released.
class RtaHub {
 public:
  RtaHub(Clock& clock, RtaSettings startup) : clock_(clock), startup_(startup), settings_(startup) {}

  /// Registers an upgraded socket of user `xuid` and starts it, writing `response` (its 101)
  /// first; returns its number.
  int Open(std::shared_ptr<RtaSocket> socket, std::string const& xuid, std::string const& subprotocol,
           std::string response);
  /// The refuse hook: the HTTP status for this upgrade, counting it down, or nullopt.
  std::optional<int> TakeRefusal();
  void SetRefusal(int count, int status);
  void SetSubscribeError(int count, int code);

  enum class IdState { kNeverIssued, kLive, kRetired };
  /// What became of a ConnectionId (any case); `xuid` gets the user of the socket it was issued on.
  IdState StateOf(std::string const& connection_id, std::string* xuid) const;
  /// Sends one Event per socket, holding the taps bound on it; taps whose id is not live, or is
  /// live on another user's socket, are skipped.
  void DeliverTaps(std::vector<PendingTap> const& taps);

  /// The earliest grace-period end or maximum-age instant still pending.
  std::optional<TimeMs> NextDeadline() const;
  /// Drops the sockets whose maximum age is reached (retiring their ids at that instant) and
  /// returns the ids whose grace period ended at or before `now`, in deadline order.
  std::vector<std::string> TakeDue(TimeMs now);

  RtaSettings settings() const;
  void Configure(RtaSettings settings);

  /// Resolves `{key}` of the admin hooks: a socket number or its live ConnectionId (any case).
  std::optional<int> ResolveKey(std::string const& key) const;
  /// The hooks; false when no open socket has that number.
  bool Drop(int number);
  bool Close(int number, int code, std::string const& reason);
  bool SetDeaf(int number, bool deaf);
  bool SendText(int number, std::string const& text, bool verbatim);
  /// `GET /_emulator/rta/connections`; `sessions_of(lower-case id)` lists the sessions it binds.
  Json Describe(std::function<Json(std::string const&)> const& sessions_of) const;
  /// Drops every socket without a close frame and forgets ids, hooks, settings and frames.
  void Reset();
  /// Releases every socket (before the I/O threads' context goes away).
  void Shutdown();

  RtaFrameLog& frames() { return frames_; }

 private:
  struct Socket {
    std::shared_ptr<RtaSocket> socket;
    std::string xuid;
    std::string subprotocol;
    TimeMs opened_at = 0;
    std::string connection_id;  // lower-case; empty while no MPSD subscription stands
    std::int64_t sub_id = 0;    // 0: none
    std::int64_t next_sub_id = 1;
  };
  struct IssuedId {
    std::string xuid;
    int socket = 0;
    bool live = true;
    TimeMs retired_at = 0;
    TimeMs grace_ends = 0;
    bool grace_pending = false;
  };
  void OnText(int number, RtaSocket const* self, std::string const& text);
  void OnEnd(int number, RtaSocket const* self);
  void RetireLocked(Socket& socket, TimeMs at);
  /// Retires socket `number` and forgets it; null when there is none. Takes the lock.
  std::shared_ptr<RtaSocket> RetireAndRemove(int number);
  std::string MintIdLocked();

  Clock& clock_;
  RtaSettings const startup_;
  RtaFrameLog frames_;
  mutable std::mutex mutex_;
  RtaSettings settings_;
  std::map<int, Socket> sockets_;
  std::map<std::string, IssuedId> ids_;  // every id issued since the last reset, lower-case
  int next_number_ = 1;
  int refuse_count_ = 0;
  int refuse_status_ = 503;
  int subscribe_error_count_ = 0;
  int subscribe_error_code_ = 1001;
};

}  // namespace xbl::emulator
