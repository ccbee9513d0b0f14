#include "fault_injector.h"

namespace xbl::emulator {

bool FaultInjector::Replace(Json const& document, std::string* error) {
  if (!document.is_object() || !document.contains("rules") || !document["rules"].is_array()) {
    *error = "expected {\"rules\":[...]}";
    return false;
  }
  std::vector<Rule> rules;
  for (auto const& r : document["rules"]) {
    if (!r.is_object()) {
      *error = "each rule must be an object";
      return false;
    }
    Rule rule;
    try {
      rule.method = ToLower(r.value("method", std::string()));
      std::string pattern_error;
      auto pattern = PathPattern::Compile(r.value("path", std::string(".*")), &pattern_error);
      if (!pattern) {
        *error = "invalid rule path: " + pattern_error;
        return false;
      }
      rule.path = std::move(*pattern);
      rule.status = r.value("status", 503);
      Json ra = r.value("retry_after", Json());
      rule.retry_after = ra.is_string() ? ra.get<std::string>() : ra.is_number() ? ra.dump() : "";
      rule.times = r.value("times", static_cast<std::int64_t>(-1));
      rule.probability = r.value("probability", 1.0);
      rule.delay_ms = r.value("delay_ms", 0);
      rule.drop_connection = r.value("drop_connection", false);
      rule.body = r.value("body", std::string());
    } catch (std::exception const& e) {
      *error = std::string("invalid rule: ") + e.what();
      return false;
    }
    if (rule.status < 100 || rule.status > 599 || rule.delay_ms < 0 || rule.delay_ms > 60000) {
      *error = "status must be 100-599 and delay_ms 0-60000";
      return false;
    }
    rules.push_back(std::move(rule));
  }
  std::lock_guard<std::mutex> lock(mutex_);
  rules_ = std::move(rules);
  return true;
}

void FaultInjector::Clear() {
  std::lock_guard<std::mutex> lock(mutex_);
  rules_.clear();
}

std::optional<HttpResponse> FaultInjector::Match(HttpRequest const& request) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& rule : rules_) {
    if (rule.times == 0) continue;
    if (!rule.method.empty() && rule.method != ToLower(request.method)) continue;
    if (!rule.path.Matches(request.path)) continue;
    if (rule.probability < 1.0 && std::uniform_real_distribution<double>(0, 1)(rng_) >= rule.probability) continue;
    if (rule.times > 0) --rule.times;
    HttpResponse r = rule.body.empty() ? EmptyResponse(rule.status) : TextResponse(rule.status, rule.body);
    if (rule.status == 503 && rule.body.empty()) r.SetHeader("Content-Type", "text/plain");
    if (!rule.retry_after.empty()) r.SetHeader("Retry-After", rule.retry_after);
    r.delay_ms = rule.delay_ms;
    r.drop_connection = rule.drop_connection;
    return r;
  }
  return std::nullopt;
}

}  // namespace xbl::emulator
