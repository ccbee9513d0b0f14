#pragma once
#include "core/call_context.h"
#include <functional>
#include <memory>
#include <string>

namespace xbl::internal {

/// Which failures may be retried for a request (docs/retries.md).
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
