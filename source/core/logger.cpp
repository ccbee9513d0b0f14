#include "core/logger.h"
#include "core/contained_exception.h"

namespace xbl::internal {

void Logger::Log(TraceLevel level, std::string_view category, std::string const& message) const {
  if (!IsEnabled(level)) return;
  try {
    options_.log_handler(level, category, message);
  } catch (...) {
    // A title's handler must not take down an SDK thread; it cannot report its own failure.
    LogContainedException(nullptr, "the log handler");
  }
}

void Logger::Exchange(HttpExchangeEvent event) const {
  if (!WantsExchanges()) return;
  event.request_headers = RedactHeaders(std::move(event.request_headers));
  event.response_headers = RedactHeaders(std::move(event.response_headers));
  try {
    options_.http_exchange_handler(event);
  } catch (...) {
    LogContainedException(this, "the HTTP exchange handler");
  }
}

void Logger::WebSocket(WebSocketEvent event) const {
  if (!WantsWebSocketEvents()) return;
  event.request_headers = RedactHeaders(std::move(event.request_headers));
  try {
    options_.websocket_event_handler(event);
  } catch (...) {
    LogContainedException(this, "the WebSocket event handler");
  }
}

}  // namespace xbl::internal
