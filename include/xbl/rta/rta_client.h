#pragma once
#include "xbl/error.h"
#include "xbl/executor.h"
#include "xbl/http/websocket_transport.h"
#include "xbl/service_context.h"
#include <nlohmann/json.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace xbl::rta {

/// The subprotocol the client offers, and the only one (docs/rta-protocol.md R-51).
inline constexpr char kRtaSubprotocol[] = "rta.xboxlive.com.V2";

/// One resource the client keeps subscribed on every connection it makes, with what to do with
/// its answers and events. Every handler runs on the context's callback executor
/// (`ServiceContext::PostCallback`), never under a lock of the client and never on the socket's
/// read path; what it throws is caught and logged.
struct RtaSubscription {
  /// The resource URI, sent exactly as given.
  std::string resource;
  /// Whether an acknowledgement's DATA is usable; an unusable one counts as a failed subscribe:
  /// the socket is closed with 1002 and the client backs off. Absent accepts any DATA.
  /// Runs on the client's own executor: it must be quick and must not block.
  std::function<bool(nlohmann::json const& data)> accept;
  /// Each accepted acknowledgement, on every connection (the first and every reconnect or renewal).
  std::function<void(nlohmann::json const& data)> on_subscribed;
  /// Each Event for this subscription's SUB_ID on the current connection.
  std::function<void(nlohmann::json const& data)> on_event;
  /// A Subscribe answered 1, 2 or 3 (at once, R-57), or an outage of `lost_after` (once, R-58).
  /// The client goes on retrying; the next acknowledgement resumes everything.
  std::function<void(Error const& error)> on_lost;
};

/// Handlers of the connection as a whole (same threads as `RtaSubscription`'s).
struct RtaConnectionHandlers {
  /// The server sent Resync (`[4]`): what arrived may have been missed.
  std::function<void()> on_resync;
};

/// How an `RtaClient` runs.
struct RtaClientOptions {
  /// The socket seam; absent means `MakeCpprestWebSocketTransport()`.
  std::shared_ptr<WebSocketTransport> transport;
  /// Where the client's own state machine runs: socket events, deadlines and the messages it
  /// sends. Absent means a serial executor with a thread of the client's own. Tests pass one
  /// they drain themselves.
  std::shared_ptr<Executor> executor;
};

/// The real-time activity client (docs/rta-protocol.md ): one
/// WebSocket at a time to the context's RTA endpoint, `Authorization` from its token provider,
/// the subprotocol `rta.xboxlive.com.V2`, and the given subscriptions kept standing across any
/// unexpected close with capped, jittered exponential backoff. Every deadline (handshake,
/// subscribe, pong, backoff, lost, renewal) goes through the context's clock and sleeper.
///
/// Thread-safe; create with `Create` and keep the `shared_ptr`. The destructor calls `Shutdown`.
class RtaClient {
 public:
  static std::shared_ptr<RtaClient> Create(std::shared_ptr<ServiceContext const> context,
                                           std::vector<RtaSubscription> subscriptions,
                                           RtaConnectionHandlers handlers = {}, RtaClientOptions options = {});
  ~RtaClient();
  RtaClient(RtaClient const&) = delete;
  RtaClient& operator=(RtaClient const&) = delete;

  /// Connects and subscribes (once; later calls do nothing). Returns at once.
  void Start();
  /// Opens a new connection, subscribes, and only then closes the current one with 1000
  /// (make-before-break, R-70): what a token refresh calls for. Does nothing before `Start`.
  void Renew();
  /// Stops reconnects, renewals and timers, sends an Unsubscribe for each standing subscription,
  /// closes the socket with 1000, then waits for handlers that are running, except one calling
  /// it. No handler runs after it returns. Idempotent; never waits for the server's answers.
  void Shutdown();

  /// True while every subscription stands on the current connection.
  bool subscribed() const;

 private:
  struct State;
  explicit RtaClient(std::shared_ptr<State> state);
  std::shared_ptr<State> state_;
};

}  // namespace xbl::rta
