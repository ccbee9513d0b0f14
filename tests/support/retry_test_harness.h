#pragma once
// Shared by the retry-loop and sleeper tests: a CallContext over a mock transport, a manual
// clock and a recording sleeper.
#include "wait_for.h"
#include "core/retry_loop.h"
#include "xbl/testing/manual_clock.h"
#include "xbl/testing/mock_http_transport.h"
#include <future>
#include <mutex>
#include <string>
#include <vector>

namespace xbl::testing {

struct RetryHarness {
  explicit RetryHarness(RetrySettings settings = {}, double jitter = 0.0) {
    clock = std::make_shared<ManualClock>();
    sleeper = std::make_shared<ManualSleeper>(clock);
    transport = std::make_shared<::testing::StrictMock<MockHttpTransport>>();
    DiagnosticsOptions diagnostics;
    diagnostics.trace_level = TraceLevel::kVerbose;
    diagnostics.log_handler = [this](TraceLevel level, std::string_view, std::string_view message) {
      std::lock_guard<std::mutex> lock(mutex);
      logs.push_back(std::string(ToString(level)) + ": " + std::string(message));
    };
    diagnostics.http_exchange_handler = [this](HttpExchangeEvent const& event) {
      std::lock_guard<std::mutex> lock(mutex);
      events.push_back(event);
    };
    auto context = std::make_shared<internal::CallContext>();
    context->transport = transport;
    context->clock = clock;
    context->sleeper = sleeper;
    context->retry_policy = std::make_shared<ExponentialBackoffRetryPolicy>(settings, [jitter] { return jitter; });
    context->gate = std::make_shared<RetryAfterGate>(clock);
    context->logger = std::make_shared<internal::Logger>(diagnostics);
    context->gate_key = "http://mpsd.test";
    context->throttle_key = "http://mpsd.test for user 1";
    context->attempt_timeout = std::chrono::seconds(10);
    this->context = context;
  }

  Result<internal::CallOutcome> Run(HttpRequest request = Get(),
                                    internal::RetryClass retry_class = internal::RetryClass::kIdempotent,
                                    pplx::cancellation_token token = pplx::cancellation_token::none()) {
    return internal::SendWithRetry(context, std::move(request), retry_class, token).get();
  }

  static HttpRequest Get() {
    HttpRequest request;
    request.method = "GET";
    request.url = "http://mpsd.test/serviceconfigs/scid/sessiontemplates/t/sessions/s";
    return request;
  }
  static HttpRequest Put() {
    HttpRequest request = Get();
    request.method = "PUT";
    request.body = "{}";
    return request;
  }

  std::vector<std::string> Logs() {
    std::lock_guard<std::mutex> lock(mutex);
    return logs;
  }
  std::vector<HttpExchangeEvent> Events() {
    std::lock_guard<std::mutex> lock(mutex);
    return events;
  }

  std::shared_ptr<ManualClock> clock;
  std::shared_ptr<ManualSleeper> sleeper;
  std::shared_ptr<::testing::StrictMock<MockHttpTransport>> transport;
  std::shared_ptr<internal::CallContext> context;
  std::mutex mutex;
  std::vector<std::string> logs;
  std::vector<HttpExchangeEvent> events;
};

/// Waits at most `limit` for a task; returns nullopt if it did not finish (a failure, never a hang).
using testing_support::WaitFor;

}  // namespace xbl::testing
