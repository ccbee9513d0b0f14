#pragma once
#include "logger.h"
#include "retry_after_gate.h"
#include "xbl/auth.h"
#include "xbl/clock.h"
#include "xbl/http/http_transport.h"
#include "xbl/retry_policy.h"
#include <functional>
#include <memory>
#include <string>

namespace xbl::internal {

/// Everything one service shares between its calls.
struct CallContext {
  std::shared_ptr<HttpTransport> transport;
  std::shared_ptr<Clock> clock;
  std::shared_ptr<Sleeper> sleeper;
  std::shared_ptr<RetryPolicy const> retry_policy;  ///< Prototype, cloned per call.
  std::shared_ptr<RetryAfterGate> gate;             ///< Null: no gate.
  std::shared_ptr<Logger> logger;
  AuthTokenProvider auth;                           ///< Empty: no Authorization header.
  RequestSigner signer;                             ///< Empty: no Signature header.
  std::string gate_key;                             ///< The endpoint: 503 and other Retry-Afters.
  /// The endpoint and the caller: a 429 limits one user and title (spec 3.16), not the endpoint.
  std::string throttle_key;
  std::chrono::milliseconds attempt_timeout{0};
};

/// Which failures may be retried for a request (DESIGN.md, idempotency rules).
enum class RetryClass {
  kIdempotent,     ///< GETs, queries, conditional or caller-allowed writes: every transient failure.
  kThrottledOnly,  ///< Other writes: only 429 and 503, where the service did not apply the request.
};

/// The final response of a call and how many attempts it took.
struct CallOutcome {
  HttpResponse response;
  int attempts = 0;
};

/// Sends `request` with retries, backoff, Retry-After, the gate, one token refresh
/// on 401, and cancellation. Completes with the last response (any status), or with
/// an error carrying the attempt count; never with an exception.
pplx::task<Result<CallOutcome>> SendWithRetry(std::shared_ptr<CallContext const> context, HttpRequest request,
                                              RetryClass retry_class, pplx::cancellation_token token);

/// The same, calling `on_done` exactly once instead of completing a task (one task
/// continuation less per call). `on_done` must not throw.
void SendWithRetry(std::shared_ptr<CallContext const> context, HttpRequest request, RetryClass retry_class,
                   pplx::cancellation_token token, std::function<void(Result<CallOutcome>)> on_done);

}  // namespace xbl::internal
