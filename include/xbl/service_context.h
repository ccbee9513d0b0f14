#pragma once
#include "xbl/client_options.h"
#include "xbl/executor.h"
#include "xbl/http/http_transport.h"
#include "xbl/retry_after_gate.h"
#include <memory>
#include <string>
#include <string_view>

namespace xbl::internal {
class Logger;
}

namespace xbl {

/// What every service a title builds shares: the transport and the options with their
/// defaults resolved once (auth provider, signer, diagnostics, clock, sleeper, the retry
/// prototype), the Retry-After gate and the executor that runs title callbacks. Build one per
/// signed-in user and hand it to each service (`MultiplayerService`, QoS, ...); services on one
/// context share its gate, so a 503 from an endpoint holds back all of them. Immutable after
/// creation and thread-safe; services keep it alive while their calls run.
class ServiceContext {
 public:
  /// `gate`: a gate shared with other contexts; absent makes one for this context (or none
  /// when `options.retry_after_gate` is false). A gate on another clock than the options' is
  /// not used (this context gets its own, and says so at error level).
  static std::shared_ptr<ServiceContext> Create(std::shared_ptr<HttpTransport> transport, ClientOptions options,
                                                std::shared_ptr<RetryAfterGate> gate = nullptr);

  ClientOptions const& options() const { return options_; }
  std::shared_ptr<HttpTransport> const& transport() const { return transport_; }
  std::shared_ptr<Clock> const& clock() const { return clock_; }
  std::shared_ptr<Sleeper> const& sleeper() const { return sleeper_; }
  /// The retry policy prototype; each call clones it.
  std::shared_ptr<RetryPolicy const> const& retry_policy() const { return retry_policy_; }
  /// Null when the options turn the gate off.
  std::shared_ptr<RetryAfterGate> const& retry_after_gate() const { return gate_; }
  /// Where title callbacks run: `options.callback_executor`, else a serial executor of this context.
  std::shared_ptr<Executor> const& callback_executor() const { return executor_; }
  /// Who a 429 holds back: "user <xuid>", or this context alone when the options name no user.
  std::string const& throttle_identity() const { return throttle_identity_; }

  /// Logs through the options' diagnostics (level filter; a throwing handler is contained).
  void Log(TraceLevel level, std::string_view category, std::string const& message) const;
  /// Runs `callback` on the callback executor; an exception it throws is caught and logged.
  void PostCallback(std::string_view what, std::function<void()> callback) const;

 private:
  ServiceContext() = default;
  friend std::shared_ptr<internal::Logger const> LoggerOf(ServiceContext const& context);

  ClientOptions options_;
  std::shared_ptr<HttpTransport> transport_;
  std::shared_ptr<Clock> clock_;
  std::shared_ptr<Sleeper> sleeper_;
  std::shared_ptr<RetryPolicy const> retry_policy_;
  std::shared_ptr<RetryAfterGate> gate_;
  std::shared_ptr<Executor> executor_;
  std::shared_ptr<internal::Logger const> logger_;
  std::string throttle_identity_;
};

/// The context's logger, for services built on it (internal use).
std::shared_ptr<internal::Logger const> LoggerOf(ServiceContext const& context);

}  // namespace xbl
