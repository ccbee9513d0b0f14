// The RTA client's state machine. It runs on one executor of its own (the "strand"): socket
// events, connect completions and deadlines only post there, so nothing runs on the transport's
// read path, and the state is changed in one place at a time. Handlers go to the context's
// callback executor through a gate that Shutdown closes.
#include "xbl/rta/rta_client.h"
#include "core/handler_gate.h"
#include "core/http/inline_continuation.h"
#include "core/logger.h"
#include "core/recording_websocket_transport.h"
#include "rta/rta_frames.h"
#include <algorithm>
#include <array>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

namespace xbl::rta {
namespace {

using SteadyTime = std::chrono::steady_clock::time_point;
using internal::HandlerGate;
using internal::RtaFrame;
using std::chrono::milliseconds;
constexpr char kCategory[] = "rta";

/// The deadlines of one socket, and of the client as a whole.
enum class SocketTimer { kHandshake, kSubscribe, kResubscribe, kPing, kPong, kRenew, kCount };
enum class ClientTimer { kBackoff, kLost, kStable, kCount };

/// One connection attempt and what belongs to it.
struct Socket {
  std::uint64_t id = 0;
  bool successor = false;                           ///< opened by a renewal; replaces the current one once subscribed
  std::shared_ptr<WebSocketConnection> connection;  ///< null until the upgrade completes
  bool token_refreshed = false;
  std::string authorization;  ///< what the upgrade was sent with: a different token renews (R-70)
  std::int64_t next_seq = 1;
  std::map<std::int64_t, std::size_t> pending;  ///< Subscribe SEQ -> subscription
  std::map<std::int64_t, std::size_t> sub_ids;  ///< SUB_ID -> subscription
  int subscribe_failures = 0;
  SteadyTime last_frame{};
  bool awaiting_pong = false;
  std::array<std::uint64_t, static_cast<std::size_t>(SocketTimer::kCount)> timers{};

  bool AllSubscribed(std::size_t count) const { return sub_ids.size() == count; }
  bool Holds(std::size_t index) const {
    auto const has = [index](auto const& entry) { return entry.second == index; };
    return std::any_of(sub_ids.begin(), sub_ids.end(), has) || std::any_of(pending.begin(), pending.end(), has);
  }
};

}  // namespace

struct RtaClient::State : std::enable_shared_from_this<RtaClient::State> {
  using Actions = std::vector<std::function<void()>>;

  std::shared_ptr<ServiceContext const> context;
  std::vector<RtaSubscription> subscriptions;
  RtaConnectionHandlers handlers;
  std::shared_ptr<WebSocketTransport> transport;
  std::shared_ptr<Executor> strand;
  RtaSettings settings;
  JitterSource jitter;
  std::shared_ptr<HandlerGate> gate = std::make_shared<HandlerGate>();
  pplx::cancellation_token_source cancel;

  mutable std::mutex mutex;
  bool started = false;
  bool stopped = false;
  std::optional<Socket> current;
  std::optional<Socket> next;  ///< a renewal's new socket
  std::uint64_t next_socket_id = 0;
  std::uint64_t next_timer_id = 0;
  std::array<std::uint64_t, static_cast<std::size_t>(ClientTimer::kCount)> client_timers{};
  int failures = 0;
  std::optional<SteadyTime> down_since;
  bool lost_raised = false;

  SteadyTime Now() const { return context->clock()->Now(); }
  void Log(TraceLevel level, std::string const& message) const { context->Log(level, kCategory, message); }

  /// Runs `work` on the strand, while the client exists.
  void Post(std::function<void(State&)> work) {
    std::weak_ptr<State> weak = shared_from_this();
    strand->Post([weak, work = std::move(work)] {
      if (auto self = weak.lock()) work(*self);
    });
  }

  /// Queues a title handler on the callback executor, behind the gate.
  void PostHandler(Actions& actions, std::string what, std::function<void()> handler) {
    if (!handler) return;
    actions.push_back([context = context, gate = gate, what = std::move(what), handler = std::move(handler)] {
      context->PostCallback(what, [gate, handler] { internal::RunBehindGate(*gate, handler); });
    });
  }

  static void Run(Actions& actions) {
    for (auto& action : actions) action();
  }

  Socket* Find(std::uint64_t id) {
    if (current && current->id == id) return &*current;
    if (next && next->id == id) return &*next;
    return nullptr;
  }

  // ---- deadlines ------------------------------------------------------------------------------

  template <typename Fire>
  std::uint64_t Arm(milliseconds delay, Fire fire) {
    auto const id = ++next_timer_id;
    std::weak_ptr<State> weak = shared_from_this();
    auto slept = context->sleeper()->SleepAsync(delay, cancel.get_token());
    internal::ThenInline(slept, [weak, fire, id](pplx::task<Result<void>> done) {
      bool elapsed = false;
      try {
        elapsed = done.get().ok();
      } catch (...) {
        elapsed = false;  // a sleeper that fails ends the wait without firing
      }
      if (!elapsed) return;
      if (auto self = weak.lock()) self->Post([fire, id](State& state) { fire(state, id); });
    });
    return id;
  }

  void ArmSocket(Socket& socket, SocketTimer timer, milliseconds delay) {
    auto const socket_id = socket.id;
    auto& slot = socket.timers[static_cast<std::size_t>(timer)];
    slot = 0;  // so that a sleeper completing at once cannot find the old id armed
    slot =
        Arm(delay, [socket_id, timer](State& state, std::uint64_t id) { state.OnSocketTimer(socket_id, timer, id); });
  }
  static void Disarm(Socket& socket, SocketTimer timer) { socket.timers[static_cast<std::size_t>(timer)] = 0; }

  void ArmClient(ClientTimer timer, milliseconds delay) {
    auto& slot = client_timers[static_cast<std::size_t>(timer)];
    slot = 0;
    slot = Arm(delay, [timer](State& state, std::uint64_t id) { state.OnClientTimer(timer, id); });
  }
  void Disarm(ClientTimer timer) { client_timers[static_cast<std::size_t>(timer)] = 0; }

  /// the k-th consecutive failure waits min(cap, base * 2^(k-1)) plus [0, d/2) of jitter.
  milliseconds Backoff(int k) const {
    auto delay = settings.reconnect_base;
    for (int i = 1; i < k && delay < settings.reconnect_cap; ++i) delay *= 2;
    delay = std::min(delay, settings.reconnect_cap);
    double j = jitter ? jitter() : 0.0;
    j = std::clamp(j, 0.0, 0.999999);
    return delay + milliseconds(static_cast<milliseconds::rep>(static_cast<double>(delay.count()) * j / 2.0));
  }

  // ---- connecting ----------------------------------------------------------------------------

  void Connect(Actions& actions, bool successor, bool force_refresh) {
    Socket socket;
    socket.id = ++next_socket_id;
    socket.successor = successor;
    socket.token_refreshed = force_refresh;
    auto const id = socket.id;
    ArmSocket(socket, SocketTimer::kHandshake, settings.handshake_timeout);
    (successor ? next : current) = std::move(socket);
    auto const& provider = context->options().auth_token_provider;
    if (!provider) {
      Post([id](State& state) { state.OnToken(id, std::string()); });
      return;
    }
    std::weak_ptr<State> weak = shared_from_this();
    auto token = cancel.get_token();
    actions.push_back([provider, weak, id, force_refresh, token] {
      pplx::task<Result<std::string>> fetched;
      try {
        fetched = provider(force_refresh, token);
      } catch (...) {
        fetched = pplx::task_from_result(Result<std::string>(Error(ErrorCode::kUnknown, "the token provider threw")));
      }
      internal::ThenInline(fetched, [weak, id](pplx::task<Result<std::string>> done) {
        Result<std::string> result = Error(ErrorCode::kUnknown, "the token provider failed");
        try {
          result = done.get();
        } catch (...) {
          // kept as the failure above
        }
        if (auto self = weak.lock()) self->Post([id, result](State& state) { state.OnToken(id, result); });
      });
    });
  }

  /// asks the provider for the current token (no forced refresh); when it is not the one
  /// socket `id` was opened with, the title refreshed it, and the socket is renewed with it.
  void CheckToken(Actions& actions, std::uint64_t id) {
    auto const& provider = context->options().auth_token_provider;
    if (!provider) return;
    std::weak_ptr<State> weak = shared_from_this();
    actions.push_back([provider, weak, id, token = cancel.get_token()] {
      pplx::task<Result<std::string>> fetched;
      try {
        fetched = provider(false, token);
      } catch (...) {
        return;  // a throwing provider is reported by the next connect
      }
      internal::ThenInline(fetched, [weak, id](pplx::task<Result<std::string>> done) {
        Result<std::string> result = Error(ErrorCode::kUnknown, "the token provider failed");
        try {
          result = done.get();
        } catch (...) {
          return;
        }
        if (auto self = weak.lock()) self->Post([id, result](State& state) { state.OnTokenChecked(id, result); });
      });
    });
  }

  void OnTokenChecked(std::uint64_t id, Result<std::string> const& authorization) {
    Actions actions;
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (stopped || !authorization.ok() || !current || current->id != id || !current->connection || next) return;
      if (*authorization == current->authorization) return;
      Log(TraceLevel::kInfo, "the token changed; renewing the RTA connection (make-before-break)");
      Connect(actions, /*successor=*/true, /*force_refresh=*/false);
    }
    Run(actions);
  }

  void OnToken(std::uint64_t id, Result<std::string> const& authorization) {
    Actions actions;
    {
      std::lock_guard<std::mutex> lock(mutex);
      auto* socket = stopped ? nullptr : Find(id);
      if (!socket) return;
      if (!authorization.ok()) {
        Failed(actions, id, authorization.error());
      } else {
        Request(actions, id, *authorization);
      }
    }
    Run(actions);
  }

  /// Starts the upgrade of socket `id` with `authorization`.
  void Request(Actions& actions, std::uint64_t id, std::string const& authorization) {
    if (auto* socket = Find(id)) socket->authorization = authorization;
    {
      WebSocketConnectRequest request;
      request.url = context->options().EffectiveRtaEndpoint();
      if (!authorization.empty()) request.headers["Authorization"] = authorization;
      request.subprotocols = {kRtaSubprotocol};
      request.connect_timeout = settings.handshake_timeout;
      std::weak_ptr<State> weak = shared_from_this();
      WebSocketEvents events;
      events.on_text = [weak, id](std::string text) {
        if (auto self = weak.lock()) self->Post([id, text = std::move(text)](State& state) { state.OnText(id, text); });
      };
      events.on_pong = [weak, id] {
        if (auto self = weak.lock()) self->Post([id](State& state) { state.OnPong(id); });
      };
      events.on_closed = [weak, id](WebSocketCloseStatus status) {
        if (auto self = weak.lock()) self->Post([id, status](State& state) { state.OnClosed(id, status); });
      };
      actions.push_back([transport = transport, request, events, weak, id] {
        transport->ConnectAsync(request, events, [weak, id](Result<std::shared_ptr<WebSocketConnection>> result) {
          auto self = weak.lock();
          if (!self) {
            if (result.ok() && *result) (*result)->Abort();
            return;
          }
          self->Post([id, result](State& state) { state.OnConnected(id, result); });
        });
      });
    }
  }

  void OnConnected(std::uint64_t id, Result<std::shared_ptr<WebSocketConnection>> const& result) {
    Actions actions;
    {
      std::lock_guard<std::mutex> lock(mutex);
      auto* socket = stopped ? nullptr : Find(id);
      if (!socket) {
        // Given up on (deadline, shutdown): a late connection is dropped at once.
        if (result.ok() && *result) actions.push_back([connection = *result] { connection->Abort(); });
      } else if (!result.ok()) {
        auto const& error = result.error();
        bool const unauthorized = error.code == ErrorCode::kUnauthorized || error.http_status == 401;
        if (unauthorized && !socket->token_refreshed) {
          // one forced refresh of the token after a 401, then the upgrade again.
          Log(TraceLevel::kInfo, "the RTA upgrade was refused with 401; refreshing the token once");
          Connect(actions, socket->successor, /*force_refresh=*/true);
        } else {
          Failed(actions, id, error);
        }
      } else {
        socket->connection = *result;
        socket->last_frame = Now();
        Disarm(*socket, SocketTimer::kHandshake);
        ArmSocket(*socket, SocketTimer::kPing, settings.ping_interval);
        for (std::size_t i = 0; i < subscriptions.size(); ++i) SendSubscribe(actions, *socket, i);
      }
    }
    Run(actions);
  }

  void SendSubscribe(Actions& actions, Socket& socket, std::size_t index) {
    auto const seq = socket.next_seq++;
    socket.pending[seq] = index;
    actions.push_back(
        [connection = socket.connection, frame = internal::SubscribeFrame(seq, subscriptions[index].resource)] {
          connection->SendText(frame);
        });
    ArmSocket(socket, SocketTimer::kSubscribe, settings.subscribe_timeout);
  }

  // ---- what arrives --------------------------------------------------------------------------

  void OnText(std::uint64_t id, std::string const& text) {
    Actions actions;
    {
      std::lock_guard<std::mutex> lock(mutex);
      auto* socket = stopped ? nullptr : Find(id);
      if (!socket) return;
      Heard(*socket);
      auto frame = internal::ParseRtaFrame(text);
      switch (frame.kind) {
        case RtaFrame::Kind::kSubscribeReply:
          OnSubscribeReply(actions, *socket, frame);
          break;
        case RtaFrame::Kind::kUnsubscribeReply:
          break;
        case RtaFrame::Kind::kEvent: {
          auto it = socket->sub_ids.find(frame.sub_id);
          if (it == socket->sub_ids.end()) {
            Log(TraceLevel::kInfo, "ignored an Event for SUB_ID " + std::to_string(frame.sub_id) + ", not held");
          } else {
            PostHandler(actions, "an RTA event handler",
                        [handler = subscriptions[it->second].on_event, data = frame.data] {
                          if (handler) handler(data);
                        });
          }
          break;
        }
        case RtaFrame::Kind::kResync:
          PostHandler(actions, "the RTA resync handler", handlers.on_resync);
          break;
        case RtaFrame::Kind::kUnknownType:
          Log(TraceLevel::kInfo, "ignored an RTA message of unknown type " + frame.detail);
          break;
        case RtaFrame::Kind::kMalformed:
          Log(TraceLevel::kWarning, "ignored a malformed RTA frame (" + frame.detail + ")");
          break;
      }
    }
    Run(actions);
  }

  void OnSubscribeReply(Actions& actions, Socket& socket, RtaFrame const& frame) {
    auto it = socket.pending.find(frame.seq);
    if (it == socket.pending.end()) {
      Log(TraceLevel::kInfo, "ignored a Subscribe reply for SEQ " + std::to_string(frame.seq) + ", not sent");
      return;
    }
    auto const index = it->second;
    socket.pending.erase(it);
    if (socket.pending.empty()) Disarm(socket, SocketTimer::kSubscribe);
    auto const& subscription = subscriptions[index];
    if (frame.code == 0) {
      if (subscription.accept && !subscription.accept(frame.data)) {
        // an acknowledgement without usable DATA is a failed subscribe.
        actions.push_back([connection = socket.connection] { connection->Close(1002, "unusable acknowledgement"); });
        return Failed(actions, socket.id,
                      Error(ErrorCode::kMalformedResponse, "a Subscribe acknowledgement without usable data"));
      }
      socket.sub_ids[frame.sub_id] = index;
      socket.subscribe_failures = 0;
      if (socket.AllSubscribed(subscriptions.size())) Subscribed(actions, socket);
      PostHandler(actions, "an RTA subscribed handler", [handler = subscription.on_subscribed, data = frame.data] {
        if (handler) handler(data);
      });
      return;
    }
    auto const name = internal::RtaStatusName(frame.code);
    Error const error(ErrorCode::kServiceUnavailable, "Subscribe to " + subscription.resource + " answered " +
                                                          std::to_string(frame.code) + " (" + name + ")" +
                                                          (frame.detail.empty() ? "" : ": " + frame.detail));
    Log(TraceLevel::kWarning, error.message);
    if (frame.code == 1 || frame.code == 2 || frame.code == 3) {
      // reported at once, then retried on the same schedule as 1001 and 1002.
      PostHandler(actions, "an RTA lost handler", [handler = subscription.on_lost, error] {
        if (handler) handler(error);
      });
    }
    ArmSocket(socket, SocketTimer::kResubscribe, Backoff(++socket.subscribe_failures));
  }

  /// Every subscription stands on `socket`.
  void Subscribed(Actions& actions, Socket& socket) {
    if (socket.successor) {
      // the new socket is subscribed; only now does the old one go.
      if (current && current->connection) {
        actions.push_back([old = current->connection] { old->Close(1000, "renewed"); });
      }
      socket.successor = false;
      current = std::move(socket);
      next.reset();
    }
    ArmSocket(*current, SocketTimer::kRenew, settings.renew_after);
    down_since.reset();
    lost_raised = false;
    Disarm(ClientTimer::kLost);
    ArmClient(ClientTimer::kStable, settings.backoff_reset_after);
  }

  void Heard(Socket& socket) {
    socket.last_frame = Now();
    if (socket.awaiting_pong) {
      socket.awaiting_pong = false;
      Disarm(socket, SocketTimer::kPong);
      ArmSocket(socket, SocketTimer::kPing, settings.ping_interval);
    }
  }

  void OnPong(std::uint64_t id) {
    std::lock_guard<std::mutex> lock(mutex);
    auto* socket = stopped ? nullptr : Find(id);
    if (socket) Heard(*socket);
  }

  void OnClosed(std::uint64_t id, WebSocketCloseStatus const& status) {
    Actions actions;
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (stopped || !Find(id)) return;  // a close the client asked for has left the table already
      Failed(actions, id,
             Error(ErrorCode::kNetwork, "the RTA socket closed with " + std::to_string(status.code) +
                                            (status.reason.empty() ? "" : " (" + status.reason + ")")));
    }
    Run(actions);
  }

  // ---- failures and deadlines ---------------------------------------------------------------

  /// any end the client did not ask for. The socket goes; the current one reconnects after
  /// the backoff, a renewal's new one is tried again at the next renewal deadline.
  void Failed(Actions& actions, std::uint64_t id, Error const& error) {
    auto* socket = Find(id);
    if (!socket) return;
    if (socket->connection) actions.push_back([connection = socket->connection] { connection->Abort(); });
    bool const successor = socket->successor;
    if (successor) {
      next.reset();
      Log(TraceLevel::kWarning, "an RTA renewal failed: " + error.ToString());
      if (current) ArmSocket(*current, SocketTimer::kRenew, Backoff(1));
      return;
    }
    current.reset();
    Log(TraceLevel::kWarning, "RTA connection lost: " + error.ToString());
    MarkDown();
    ArmClient(ClientTimer::kBackoff, Backoff(++failures));
  }

  void MarkDown() {
    Disarm(ClientTimer::kStable);
    if (down_since) return;
    down_since = Now();
    lost_raised = false;
    ArmClient(ClientTimer::kLost, settings.lost_after);
  }

  void OnSocketTimer(std::uint64_t socket_id, SocketTimer timer, std::uint64_t timer_id) {
    Actions actions;
    {
      std::lock_guard<std::mutex> lock(mutex);
      auto* socket = stopped ? nullptr : Find(socket_id);
      if (!socket || socket->timers[static_cast<std::size_t>(timer)] != timer_id) return;
      socket->timers[static_cast<std::size_t>(timer)] = 0;
      switch (timer) {
        case SocketTimer::kHandshake:
          Failed(actions, socket_id, Error(ErrorCode::kTimeout, "no RTA upgrade within the handshake timeout"));
          break;
        case SocketTimer::kSubscribe:
          if (!socket->pending.empty()) {
            Failed(actions, socket_id,
                   Error(ErrorCode::kTimeout, "no answer to Subscribe within the subscribe timeout"));
          }
          break;
        case SocketTimer::kResubscribe:
          for (std::size_t i = 0; i < subscriptions.size(); ++i) {
            if (!socket->Holds(i)) SendSubscribe(actions, *socket, i);
          }
          break;
        case SocketTimer::kPing: {
          if (!socket->successor && !next) CheckToken(actions, socket_id);
          auto const quiet = std::chrono::duration_cast<milliseconds>(Now() - socket->last_frame);
          if (quiet < settings.ping_interval) {
            ArmSocket(*socket, SocketTimer::kPing, settings.ping_interval - quiet);
          } else {
            actions.push_back([connection = socket->connection] { connection->Ping(); });
            socket->awaiting_pong = true;
            ArmSocket(*socket, SocketTimer::kPong, settings.pong_timeout);
          }
          break;
        }
        case SocketTimer::kPong:
          if (socket->awaiting_pong) {
            // connected but deaf; abort without a close handshake and reconnect.
            Failed(actions, socket_id, Error(ErrorCode::kTimeout, "no frame within the pong timeout of a ping"));
          }
          break;
        case SocketTimer::kRenew:
          if (!next && !socket->successor) Connect(actions, /*successor=*/true, /*force_refresh=*/false);
          break;
        case SocketTimer::kCount:
          break;
      }
    }
    Run(actions);
  }

  void OnClientTimer(ClientTimer timer, std::uint64_t timer_id) {
    Actions actions;
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (stopped || client_timers[static_cast<std::size_t>(timer)] != timer_id) return;
      client_timers[static_cast<std::size_t>(timer)] = 0;
      switch (timer) {
        case ClientTimer::kBackoff:
          if (!current) Connect(actions, /*successor=*/false, /*force_refresh=*/false);
          break;
        case ClientTimer::kStable:
          failures = 0;
          break;
        case ClientTimer::kLost:
          if (down_since && !lost_raised) {
            lost_raised = true;
            Error const error(ErrorCode::kNetwork, "no RTA subscription for " +
                                                       std::to_string(settings.lost_after.count()) +
                                                       " ms; still retrying");
            for (auto const& subscription : subscriptions) {
              PostHandler(actions, "an RTA lost handler", [handler = subscription.on_lost, error] {
                if (handler) handler(error);
              });
            }
          }
          break;
        case ClientTimer::kCount:
          break;
      }
    }
    Run(actions);
  }

  void Shutdown() {
    std::vector<std::pair<std::shared_ptr<WebSocketConnection>, std::vector<std::string>>> closing;
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (stopped) return;
      stopped = true;
      for (auto* socket : {current ? &*current : nullptr, next ? &*next : nullptr}) {
        if (!socket || !socket->connection) continue;
        std::vector<std::string> frames;
        for (auto const& [sub_id, index] : socket->sub_ids)
          frames.push_back(internal::UnsubscribeFrame(socket->next_seq++, sub_id));
        closing.emplace_back(socket->connection, std::move(frames));
      }
      current.reset();
      next.reset();
    }
    cancel.cancel();
    for (auto& [connection, frames] : closing) {
      for (auto& frame : frames) connection->SendText(frame);
      connection->Close(1000, "shutdown");
    }
    gate->CloseAndWait();
  }
};

std::shared_ptr<RtaClient> RtaClient::Create(std::shared_ptr<ServiceContext const> context,
                                             std::vector<RtaSubscription> subscriptions, RtaConnectionHandlers handlers,
                                             RtaClientOptions options) {
  auto state = std::make_shared<State>();
  state->settings = context->options().rta;
  state->jitter = context->options().jitter ? context->options().jitter : DefaultJitter();
  state->transport = options.transport ? options.transport : MakeCpprestWebSocketTransport();
  if (LoggerOf(*context)->WantsWebSocketEvents()) {
    // Only a context that asks for WebSocket events pays for recording them.
    state->transport = internal::MakeRecordingWebSocketTransport(std::move(state->transport), context);
  }
  auto const weak_context = std::weak_ptr<ServiceContext const>(context);
  state->strand = options.executor ? options.executor : MakeSerialExecutor([weak_context](std::string const& message) {
    if (auto context = weak_context.lock()) context->Log(TraceLevel::kError, kCategory, message);
  });
  state->context = std::move(context);
  state->subscriptions = std::move(subscriptions);
  state->handlers = std::move(handlers);
  return std::shared_ptr<RtaClient>(new RtaClient(std::move(state)));
}

RtaClient::RtaClient(std::shared_ptr<State> state) : state_(std::move(state)) {}

RtaClient::~RtaClient() { Shutdown(); }

void RtaClient::Start() {
  State::Actions actions;
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (state_->started || state_->stopped) return;
    state_->started = true;
    state_->MarkDown();
    state_->Connect(actions, /*successor=*/false, /*force_refresh=*/false);
  }
  State::Run(actions);
}

void RtaClient::Renew() {
  state_->Post([](State& state) {
    State::Actions actions;
    {
      std::lock_guard<std::mutex> lock(state.mutex);
      if (state.stopped || !state.current || !state.current->connection || state.next) return;
      state.Connect(actions, /*successor=*/true, /*force_refresh=*/false);
    }
    State::Run(actions);
  });
}

void RtaClient::Shutdown() { state_->Shutdown(); }

bool RtaClient::subscribed() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->current && state_->current->connection && state_->current->AllSubscribed(state_->subscriptions.size());
}

}  // namespace xbl::rta
