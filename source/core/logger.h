#pragma once
#include "xbl/diagnostics.h"
#include <string>
#include <string_view>

namespace xbl::internal {

/// The SDK's view of `DiagnosticsOptions`: level filtering and exception-safe handler calls.
class Logger {
 public:
  explicit Logger(DiagnosticsOptions options) : options_(std::move(options)) {}
  bool IsEnabled(TraceLevel level) const {
    return level != TraceLevel::kOff && options_.log_handler && level <= options_.trace_level;
  }
  void Log(TraceLevel level, std::string_view category, std::string const& message) const;
  bool WantsExchanges() const { return static_cast<bool>(options_.http_exchange_handler); }
  /// Hands one exchange to the handler, redacting Authorization first.
  void Exchange(HttpExchangeEvent event) const;
  bool WantsWebSocketEvents() const { return static_cast<bool>(options_.websocket_event_handler); }
  /// Hands one WebSocket event to the handler, redacting Authorization first.
  void WebSocket(WebSocketEvent event) const;

 private:
  DiagnosticsOptions options_;
};

}  // namespace xbl::internal
