#pragma once
#include "xbl/diagnostics.h"
#include "xbl/result.h"
#include <nlohmann/json.hpp>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace xbl {

/// Collects `HttpExchangeEvent`s and `WebSocketEvent`s and writes them as an HTTP Archive
/// (HAR 1.2), which browser developer tools and Fiddler open: one entry per HTTP exchange, and
/// one per WebSocket connection with its messages in `_webSocketMessages`, as Chrome exports them.
/// Thread-safe; export any time (an open connection shows the messages so far).
class HarWriter {
 public:
  /// How many messages a connection's entry keeps by default: the latest, so that a socket open
  /// for days holds memory within bounds.
  static constexpr std::size_t kDefaultMaxWebSocketMessages = 10000;

  explicit HarWriter(std::size_t max_websocket_messages = kDefaultMaxWebSocketMessages);
  ~HarWriter();
  HarWriter(HarWriter const&) = delete;
  HarWriter& operator=(HarWriter const&) = delete;

  /// Records one exchange (Authorization is redacted again on export, in case the event was built by hand).
  void Add(HttpExchangeEvent const& event);
  /// Records a connection's upgrade as an entry, or one of its messages in that entry (in time
  /// order; past the bound the oldest is dropped and counted in `_webSocketMessagesDropped`).
  /// A message of a connection whose upgrade was not recorded is ignored.
  void Add(WebSocketEvent const& event);
  /// A handler for `DiagnosticsOptions::http_exchange_handler` that feeds this writer;
  /// the writer must outlive the handler's use.
  HttpExchangeHandler Handler();
  /// The same for `DiagnosticsOptions::websocket_event_handler`.
  WebSocketEventHandler WebSocketHandler();
  /// Entries so far: HTTP exchanges and WebSocket connections.
  std::size_t size() const;
  /// The `{"log": {...}}` HAR document.
  nlohmann::json ToJson() const;
  /// Writes `ToJson()` to `path`.
  Result<void> WriteFile(std::string const& path) const;

 private:
  struct Record;  // one entry: an exchange, or a connection with its messages
  std::size_t const max_websocket_messages_;
  mutable std::mutex mutex_;
  std::vector<Record> records_;                                // in the order recorded
  std::unordered_map<std::uint64_t, std::size_t> connections_;  // connection -> index in records_
};

}  // namespace xbl
