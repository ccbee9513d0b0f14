#pragma once
#include "xbl/http/http_headers.h"
#include "xbl/result.h"
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace xbl {

/// The close code of a connection that ended without a close frame (TCP loss, abort, a missed
/// deadline): RFC 6455's 1006, which never goes on the wire.
inline constexpr int kWebSocketAbnormalClose = 1006;

/// One WebSocket connection attempt.
struct WebSocketConnectRequest {
  /// `ws://` or `wss://` URL.
  std::string url;
  /// Sent with the upgrade (`Authorization`, ...).
  HttpHeaders headers;
  /// Offered in `Sec-WebSocket-Protocol`; empty offers none.
  std::vector<std::string> subprotocols;
  /// TCP, TLS and the upgrade together; past it the attempt fails with `kTimeout`.
  std::chrono::milliseconds connect_timeout = std::chrono::seconds(10);
  /// The close handshake; past it the connection is abandoned and reported closed with 1006.
  std::chrono::milliseconds close_timeout = std::chrono::seconds(5);
};

/// How a connection ended: the peer's close code and reason, or 1006 without a close frame.
struct WebSocketCloseStatus {
  int code = kWebSocketAbnormalClose;
  std::string reason;
};

/// What arrives on one connection. The transport calls these on a thread of its own, one at a
/// time and in order (an end the client causes, `Abort` or a missed close deadline, is reported
/// on the thread that caused it, still never while another event of the connection runs); they
/// must return quickly and never block (the SDK's only enqueue).
struct WebSocketEvents {
  /// A complete text message.
  std::function<void(std::string text)> on_text;
  /// A pong frame.
  std::function<void()> on_pong;
  /// The connection ended; called at most once, and nothing is called after it.
  std::function<void(WebSocketCloseStatus status)> on_closed;
};

/// One open connection. Every method is safe to call from any thread, never blocks and never
/// throws; after the connection has ended they do nothing.
class WebSocketConnection {
 public:
  virtual ~WebSocketConnection() = default;
  /// Queues a text message; messages go out one at a time in the order queued.
  virtual void SendText(std::string text) = 0;
  /// Queues a ping frame (in the same queue as the text messages).
  virtual void Ping() = 0;
  /// Starts the close handshake; `on_closed` follows with the peer's answer, or with 1006 when
  /// none comes within the request's `close_timeout`.
  virtual void Close(int code, std::string reason) = 0;
  /// Ends the connection without a close handshake; `on_closed` follows with 1006.
  virtual void Abort() = 0;
};

/// The SDK's seam to WebSocket servers, as `HttpTransport` is for HTTP. An implementation makes
/// a fresh connection for every attempt; it must never throw, nor call `on_done` more than once.
class WebSocketTransport {
 public:
  /// The open connection, or `kNetwork` (DNS, connect, TLS, an upgrade the server refused:
  /// `http_status` says which status when the implementation can tell), `kTimeout` or `kShutdown`.
  using ConnectCompletion = std::function<void(Result<std::shared_ptr<WebSocketConnection>>)>;

  virtual ~WebSocketTransport() = default;
  /// Opens a connection; `events` receive what arrives on it once `on_done` has been called.
  virtual void ConnectAsync(WebSocketConnectRequest request, WebSocketEvents events, ConnectCompletion on_done) = 0;
  /// Aborts every open connection and fails later connects with `kShutdown`. The default does nothing.
  virtual void Shutdown() {}
};

/// A `WebSocketTransport` over cpprestsdk's `websocket_callback_client` (one client object per
/// attempt, deadlines of its own for connect and close, one send queue per connection). Call
/// `Shutdown()` before `main` returns; the destructor also does it.
std::shared_ptr<WebSocketTransport> MakeCpprestWebSocketTransport();

}  // namespace xbl
