#pragma once
#include "xbl/http/http_request.h"
#include "xbl/result.h"
#include <pplx/pplxtasks.h>
#include <functional>
#include <string>

namespace xbl {

/// Supplies the `Authorization` header value, e.g. `XBL3.0 x=<userhash>;<token>`.
/// Called before every call with `force_refresh == false`; after a 401 it is called
/// once with `force_refresh == true` and the call is retried with the new value.
/// It must not throw; return an `Error` instead.
using AuthTokenProvider =
    std::function<pplx::task<Result<std::string>>(bool force_refresh, pplx::cancellation_token token)>;

/// Supplies the `Signature` header value of one request (Xbox Live request signing, which XSAPI
/// gets from the platform with the token). It sees the request as it will be sent, Authorization
/// included, and is called for every attempt, so a retried or re-authorized request is signed
/// anew. An `Error` ends the call with that error; it must not throw. Calls may run it
/// concurrently; `request` is valid only until the returned task completes.
using RequestSigner =
    std::function<pplx::task<Result<std::string>>(HttpRequest const& request, pplx::cancellation_token token)>;

/// A provider that always returns `authorization` (tests, emulator, server tools).
AuthTokenProvider StaticAuthToken(std::string authorization);

}  // namespace xbl
