#include "core/call_context.h"

namespace xbl::internal {

std::shared_ptr<CallContext> MakeCallContext(ServiceContext const& context, std::string const& endpoint) {
  auto call = std::make_shared<CallContext>();
  call->transport = context.transport();
  call->clock = context.clock();
  call->sleeper = context.sleeper();
  call->retry_policy = context.retry_policy();
  call->gate = context.retry_after_gate();
  call->logger = LoggerOf(context);
  call->auth = context.options().auth_token_provider;
  call->signer = context.options().request_signer;
  call->gate_key = endpoint;
  call->throttle_key = endpoint + " for " + context.throttle_identity();
  call->attempt_timeout = context.options().attempt_timeout;
  return call;
}

}  // namespace xbl::internal
