#pragma once
#include "xbl/diagnostics.h"
#include "xbl/result.h"
#include <nlohmann/json.hpp>
#include <mutex>
#include <string>
#include <vector>

namespace xbl {

/// Collects `HttpExchangeEvent`s and writes them as an HTTP Archive (HAR 1.2),
/// which browser developer tools and Fiddler open. Thread-safe.
class HarWriter {
 public:
  /// Records one exchange (redacting Authorization again, in case the event was built by hand).
  void Add(HttpExchangeEvent const& event);
  /// A handler for `DiagnosticsOptions::http_exchange_handler` that feeds this writer;
  /// the writer must outlive the handler's use.
  HttpExchangeHandler Handler();
  std::size_t size() const;
  /// The `{"log": {...}}` HAR document.
  nlohmann::json ToJson() const;
  /// Writes `ToJson()` to `path`.
  Result<void> WriteFile(std::string const& path) const;

 private:
  mutable std::mutex mutex_;
  std::vector<HttpExchangeEvent> events_;
};

}  // namespace xbl
