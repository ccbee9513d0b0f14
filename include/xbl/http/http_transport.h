#pragma once
#include "xbl/http/http_request.h"
#include "xbl/http/http_response.h"
#include "xbl/result.h"
#include <pplx/pplxtasks.h>

namespace xbl {

/// The SDK's only seam to the network. An implementation sends one attempt of a
/// request and completes with the response (any status) or with a transport
/// error: `kNetwork` (DNS, connect, TLS, reset), `kTimeout` (the request's
/// per-attempt deadline passed), `kCancelled` (the token fired) or `kShutdown`.
/// It must never throw, nor complete its task with an exception.
class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual pplx::task<Result<HttpResponse>> SendAsync(HttpRequest request,
                                                     pplx::cancellation_token token) = 0;
  /// Cancels pending requests and releases connections; later sends fail with
  /// `kShutdown`. Call before `main` returns. The default does nothing.
  virtual void Shutdown() {}
};

}  // namespace xbl
