#pragma once
#include "xbl/http/http_transport.h"
#include <chrono>
#include <cstddef>
#include <memory>

namespace xbl {

/// Settings of the cpprestsdk-backed transport.
struct CpprestHttpTransportOptions {
  /// TLS certificate validation; leave on except against a local test server.
  bool validate_certificates = true;
  /// Deadline for one attempt (connect, send, headers and body) when the request
  /// sets none. cpprestsdk's own timeout restarts on every I/O step, so the
  /// transport enforces this deadline itself.
  std::chrono::milliseconds default_timeout = std::chrono::seconds(30);
};

/// Sizes cpprestsdk's shared thread pool (40 threads by default on Linux). It must
/// run before anything uses cpprestsdk or the SDK's default sleeper; afterwards
/// it fails with `kInvalidState`. Never block on a pool thread whatever the size.
Result<void> InitializeHttpThreadPool(std::size_t threads);

/// An `HttpTransport` over cpprestsdk's `http_client`: one client per base URI
/// (scheme, host and port), so connections are reused. Call `Shutdown()` before
/// `main` returns; the destructor also does it.
std::shared_ptr<HttpTransport> MakeCpprestHttpTransport(CpprestHttpTransportOptions options = {});

}  // namespace xbl
