#pragma once
#include "xbl/http/http_headers.h"
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace xbl {

/// How much the SDK logs. Each level includes the ones before it.
enum class TraceLevel { kOff = 0, kError, kWarning, kInfo, kVerbose };

/// "off", "error", "warning", "info", "verbose".
char const* ToString(TraceLevel level);

/// Receives log lines at or above the configured level. Called from SDK threads;
/// it must be thread-safe and must not throw (exceptions are swallowed).
using LogHandler = std::function<void(TraceLevel level, std::string_view category, std::string_view message)>;

/// One HTTP exchange (one attempt) as the SDK saw it. Authorization values are
/// already redacted.
struct HttpExchangeEvent {
  std::string method;
  std::string url;
  HttpHeaders request_headers;
  std::string request_body;
  int status = 0;                       ///< 0 when no response arrived (see `error`).
  HttpHeaders response_headers;
  std::string response_body;
  std::string error;                    ///< The transport error, when there was one.
  std::chrono::system_clock::time_point started;
  std::chrono::milliseconds elapsed{0};
  int attempt = 1;                      ///< 1 for the first attempt of a call.
};

/// Receives one event per HTTP exchange; same threading rules as `LogHandler`.
using HttpExchangeHandler = std::function<void(HttpExchangeEvent const& event)>;

/// One step of a WebSocket connection the SDK opened (the RTA client's): its upgrade, or a text
/// message sent or received. Authorization values are already redacted.
struct WebSocketEvent {
  enum class Type { kUpgrade, kSend, kReceive };
  Type type = Type::kUpgrade;
  /// The same for a connection's upgrade and all its messages; unique in the process.
  std::uint64_t connection = 0;
  /// By the context's clock: when the upgrade request went out, or the message was sent or arrived.
  std::chrono::system_clock::time_point time;
  std::string data;                      ///< kSend, kReceive: the text message.
  std::string url;                       ///< kUpgrade: the `ws://` or `wss://` URL.
  HttpHeaders request_headers;           ///< kUpgrade: the headers the SDK sent with it.
  int status = 0;                        ///< kUpgrade: 101 when accepted, else the refusing status or 0.
  std::string error;                     ///< kUpgrade: why it failed, when it did.
  std::chrono::milliseconds elapsed{0};  ///< kUpgrade: until it completed or failed.
};

/// Receives every `WebSocketEvent` on the context's callback executor, never on the socket's
/// thread (a send and a receive a moment apart may come swapped: go by `time`); it must be quick
/// and must not throw (exceptions are caught and logged).
using WebSocketEventHandler = std::function<void(WebSocketEvent const& event)>;

/// Diagnostics settings, part of `ClientOptions`.
struct DiagnosticsOptions {
  TraceLevel trace_level = TraceLevel::kWarning;
  LogHandler log_handler;                   ///< Absent: nothing is logged.
  HttpExchangeHandler http_exchange_handler;  ///< Absent: no events.
  WebSocketEventHandler websocket_event_handler;  ///< Absent: no events (and nothing recorded).
};

/// The value written in place of secrets.
inline constexpr char kRedacted[] = "[redacted]";

/// A copy of `headers` with `Authorization` (and `Signature`) values redacted.
HttpHeaders RedactHeaders(HttpHeaders headers);

}  // namespace xbl
