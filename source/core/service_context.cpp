#include "xbl/service_context.h"
#include "core/logger.h"
#include <atomic>

namespace xbl {
namespace {

std::string ThrottleIdentity(std::string const& user_xuid) {
  static std::atomic<std::uint64_t> next_context{0};
  return user_xuid.empty() ? "context " + std::to_string(next_context++) : "user " + user_xuid;
}

}  // namespace

std::shared_ptr<ServiceContext> ServiceContext::Create(std::shared_ptr<HttpTransport> transport, ClientOptions options,
                                                       std::shared_ptr<RetryAfterGate> gate) {
  std::shared_ptr<ServiceContext> context(new ServiceContext());
  context->logger_ = std::make_shared<internal::Logger>(options.diagnostics);
  context->transport_ = std::move(transport);
  context->clock_ = options.clock ? options.clock : MakeSystemClock();
  context->sleeper_ = options.sleeper ? options.sleeper : MakeDefaultSleeper();
  context->retry_policy_ = options.retry_policy
                               ? options.retry_policy
                               : std::make_shared<ExponentialBackoffRetryPolicy>(options.retry, options.jitter);
  if (options.retry_after_gate) {
    if (gate && gate->clock() != context->clock_.get()) {
      context->Log(TraceLevel::kError, "context",
                   "the shared Retry-After gate tells time on another clock; this context uses a gate of its own");
      gate = nullptr;
    }
    context->gate_ = gate ? std::move(gate) : std::make_shared<RetryAfterGate>(context->clock_);
  }
  auto const logger = context->logger_;
  context->executor_ =
      options.callback_executor ? options.callback_executor : MakeSerialExecutor([logger](std::string const& message) {
        logger->Log(TraceLevel::kError, "callback", message);
      });
  context->throttle_identity_ = ThrottleIdentity(options.user_xuid);
  context->options_ = std::move(options);
  return context;
}

void ServiceContext::Log(TraceLevel level, std::string_view category, std::string const& message) const {
  logger_->Log(level, category, message);
}

void ServiceContext::PostCallback(std::string_view what, std::function<void()> callback) const {
  executor_->Post([logger = logger_, what = std::string(what), callback = std::move(callback)] {
    try {
      callback();
    } catch (std::exception const& e) {
      logger->Log(TraceLevel::kError, "callback", what + " threw: " + e.what());
    } catch (...) {
      logger->Log(TraceLevel::kError, "callback", what + " threw an exception that is not a std::exception");
    }
  });
}

std::shared_ptr<internal::Logger const> LoggerOf(ServiceContext const& context) { return context.logger_; }

}  // namespace xbl
