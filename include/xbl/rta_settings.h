#pragma once
#include <chrono>

namespace xbl {

/// Every timing of the real-time activity (RTA) client (docs/rta-protocol.md R-48). Each wait
/// goes through the context's clock and sleeper, so tests run them on a manual clock.
struct RtaSettings {
  /// TCP, TLS and the WebSocket upgrade together.
  std::chrono::milliseconds handshake_timeout = std::chrono::seconds(10);
  /// From a Subscribe to its answer.
  std::chrono::milliseconds subscribe_timeout = std::chrono::seconds(15);
  /// From an Unsubscribe to its answer.
  std::chrono::milliseconds unsubscribe_timeout = std::chrono::seconds(5);
  /// Silence after which the client pings.
  std::chrono::milliseconds ping_interval = std::chrono::seconds(30);
  /// How long after a ping some frame must arrive before the socket counts as dead.
  std::chrono::milliseconds pong_timeout = std::chrono::seconds(10);
  /// The reconnect backoff: `min(cap, base * 2^(k-1))` plus a jitter of up to half of it.
  std::chrono::milliseconds reconnect_base = std::chrono::seconds(1);
  std::chrono::milliseconds reconnect_cap = std::chrono::seconds(60);
  /// After this long subscribed, the backoff count starts again from 1.
  std::chrono::milliseconds backoff_reset_after = std::chrono::seconds(60);
  /// An outage this long raises subscription-lost once; retrying goes on.
  std::chrono::milliseconds lost_after = std::chrono::seconds(60);
  /// A connection this old is replaced, make-before-break.
  std::chrono::milliseconds renew_after = std::chrono::minutes(90);
  /// How long an active write waits for a live ConnectionId.
  std::chrono::milliseconds connection_wait = std::chrono::seconds(15);
  /// Re-reads after a Resync happen at most this often.
  std::chrono::milliseconds resync_min_interval = std::chrono::seconds(30);
};

}  // namespace xbl
