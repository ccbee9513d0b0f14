#pragma once
#include "xbl/http/http_request.h"
#include "xbl/http/http_response.h"
#include "xbl/result.h"
#include <pplx/pplxtasks.h>
#include <functional>

namespace xbl {

/// The SDK's only seam to the network. An implementation sends one attempt of a
/// request and completes with the response (any status) or with a transport
/// error: `kNetwork` (DNS, connect, TLS, reset), `kTimeout` (the request's
/// per-attempt deadline passed), `kCancelled` (the token fired) or `kShutdown`.
/// It must never throw, nor complete its task with an exception.
class HttpTransport {
 public:
  /// Receives the outcome of one attempt, exactly once, on any thread.
  using Completion = std::function<void(Result<HttpResponse>)>;

  virtual ~HttpTransport() = default;
  virtual pplx::task<Result<HttpResponse>> SendAsync(HttpRequest request,
                                                     pplx::cancellation_token token) = 0;
  /// The form the SDK's retry loop uses: calls `on_done` when the attempt ends. The
  /// default adapts `SendAsync` (inline when its task is already done); a transport may
  /// override it to skip a task continuation per call.
  virtual void SendWithCompletion(HttpRequest request, pplx::cancellation_token token, Completion on_done);
  /// Cancels pending requests and releases connections; later sends fail with
  /// `kShutdown`. Call before `main` returns. The default does nothing.
  virtual void Shutdown() {}
};

}  // namespace xbl
