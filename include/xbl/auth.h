#pragma once
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

/// A provider that always returns `authorization` (tests, emulator, server tools).
AuthTokenProvider StaticAuthToken(std::string authorization);

}  // namespace xbl
