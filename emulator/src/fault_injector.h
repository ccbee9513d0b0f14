#pragma once
#include "http_message.h"
#include "json.h"
#include "path_pattern.h"

#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace xbl::emulator {

/// Injected answers (protocol §6.3 PUT /_emulator/faults): a matching request gets the rule's answer
/// instead of normal processing. `times` counts down (absent = unlimited).
class FaultInjector {
 public:
  /// Replaces the rules; false with a message when the document is invalid.
  bool Replace(Json const& document, std::string* error);
  void Clear();
  /// The injected response for this request, if a rule fires.
  std::optional<HttpResponse> Match(HttpRequest const& request);

 private:
  struct Rule {
    std::string method;  // empty: any
    PathPattern path;  // searched in the request path
    int status = 503;
    std::string retry_after;
    std::int64_t times = -1;  // -1: unlimited
    double probability = 1.0;
    int delay_ms = 0;
    bool drop_connection = false;
    std::string body;
  };
  std::mutex mutex_;
  std::vector<Rule> rules_;
  std::mt19937 rng_{12345};
};

}  // namespace xbl::emulator
