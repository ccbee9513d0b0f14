#pragma once
#include "core/logger.h"
#include "xbl/auth.h"
#include "xbl/clock.h"
#include "xbl/http/http_transport.h"
#include "xbl/retry_after_gate.h"
#include "xbl/retry_policy.h"
#include "xbl/service_context.h"
#include <chrono>
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
  std::shared_ptr<Logger const> logger;
  AuthTokenProvider auth;  ///< Empty: no Authorization header.
  RequestSigner signer;    ///< Empty: no Signature header.
  std::string gate_key;    ///< The endpoint: 503 and other Retry-Afters.
  /// The endpoint and the caller: a 429 limits one user and title, not the endpoint.
  std::string throttle_key;
  std::chrono::milliseconds attempt_timeout{0};
};

/// The call context of a service on `context` calling `endpoint`: the context's shared parts,
/// with the gate keys of that endpoint (503s hold back the endpoint, 429s the context's user).
std::shared_ptr<CallContext> MakeCallContext(ServiceContext const& context, std::string const& endpoint);

}  // namespace xbl::internal
