#pragma once
#include "xbl/http/http_headers.h"
#include <chrono>
#include <string>

namespace xbl {

/// One HTTP request as the SDK hands it to an `HttpTransport`: std types only.
struct HttpRequest {
  std::string method = "GET";  ///< "GET", "PUT", "POST", "DELETE".
  std::string url;             ///< Absolute URL, already percent-encoded: `https://host/path?query`.
  HttpHeaders headers;
  std::string body;            ///< Sent as-is; empty means no body.
  /// Per-attempt deadline enforced by the transport (headers and body together);
  /// zero means the transport's own default.
  std::chrono::milliseconds timeout{0};
};

}  // namespace xbl
