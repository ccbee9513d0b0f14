#include "core/retry_loop.h"
#include "core/contained_exception.h"
#include <algorithm>
#include <atomic>
#include <optional>

namespace xbl::internal {
namespace {

using std::chrono::milliseconds;

milliseconds Ms(std::chrono::steady_clock::duration d) { return std::chrono::duration_cast<milliseconds>(d); }

/// A further attempt with less than this left of the retry window is not sent: it could only time out.
constexpr milliseconds kShortestAttempt{100};

/// True when `task` has finished (an empty task counts as finished: `get` then reports it).
template <typename T>
bool IsDone(pplx::task<T> const& task) {
  try {
    return task.is_done();
  } catch (...) {
    return true;
  }
}

std::string Describe(Result<HttpResponse> const& result) {
  if (!result.ok()) return result.error().ToString();
  return "HTTP " + std::to_string(result->status);
}

/// One call's state, kept alive by the continuations that advance it.
class Call : public std::enable_shared_from_this<Call> {
 public:
  using Done = std::function<void(Result<CallOutcome>)>;

  Call(std::shared_ptr<CallContext const> context, HttpRequest request, RetryClass retry_class,
       pplx::cancellation_token token, Done on_done)
      : context_(std::move(context)),
        request_(std::move(request)),
        retry_class_(retry_class),
        token_(std::move(token)),
        policy_(context_->retry_policy ? context_->retry_policy->Clone()
                                       : std::make_unique<ExponentialBackoffRetryPolicy>()),
        start_(context_->clock->Now()),
        on_done_(std::move(on_done)) {}

  void Start() { PassGate(); }

 private:
  milliseconds Elapsed() const { return Ms(context_->clock->Now() - start_); }

  void Complete(Result<CallOutcome> result) {
    if (!result.ok()) {
      Error error = std::move(result).error();
      error.attempts = attempts_;
      result = Result<CallOutcome>(std::move(error));
    }
    Done on_done = std::move(on_done_);
    on_done_ = nullptr;
    if (!on_done) return;
    try {
      on_done(std::move(result));
    } catch (...) {
      LogContainedException(context_->logger.get(), "a call's completion");
    }
  }
  void Fail(ErrorCode code, std::string message, int status = 0) {
    Complete(Result<CallOutcome>(Error(code, std::move(message), status)));
  }
  void Log(TraceLevel level, std::string const& message) const {
    context_->logger->Log(level, "http", message);
  }
  std::string Name() const { return request_.method + " " + request_.url; }

  /// The later of the endpoint's pending Retry-After (503 ...) and this caller's own (429).
  std::optional<RetryAfterGate::Pending> PendingRetryAfter(std::chrono::steady_clock::time_point now) const {
    auto endpoint = context_->gate->Check(context_->gate_key, now);
    auto caller = context_->gate->Check(context_->throttle_key, now);
    if (!endpoint || (caller && caller->until > endpoint->until)) return caller;
    return endpoint;
  }

  /// Before each attempt: wait for (or fail on) a pending Retry-After of the endpoint.
  void PassGate() {
    if (token_.is_canceled()) return Fail(ErrorCode::kCancelled, "cancelled");
    if (context_->gate) {
      auto const now = context_->clock->Now();
      if (auto pending = PendingRetryAfter(now)) {
        auto const wait = std::chrono::ceil<milliseconds>(pending->until - now);
        auto const code = ErrorCodeFromHttpStatus(pending->status);
        // Waiting must leave time for the attempt itself, or the attempt could only time out.
        if (Elapsed() + wait + ShortestAttempt() > policy_->window()) {
          Log(TraceLevel::kVerbose, Name() + ": failing fast, the endpoint asked to wait " +
                                        std::to_string(wait.count()) + " ms (HTTP " +
                                        std::to_string(pending->status) + "), past the retry window");
          Error error(code,
                      "the service asked callers to wait " + std::to_string(wait.count()) +
                          " ms (Retry-After), past the retry window; nothing was sent",
                      pending->status);
          error.retry_after = pending->until_wall;
          return Complete(Result<CallOutcome>(std::move(error)));
        }
        Log(TraceLevel::kVerbose, Name() + ": waiting " + std::to_string(wait.count()) +
                                      " ms for the endpoint's pending Retry-After (HTTP " +
                                      std::to_string(pending->status) + ")");
        return SleepThen(wait, [](Call& call) { call.PassGate(); });
      }
    }
    Authorize(false);
  }

  void Authorize(bool force_refresh) {
    if (!context_->auth) return Sign();
    Obtain(
        "auth token provider", [this, force_refresh] { return context_->auth(force_refresh, token_); },
        [](Call& call, std::string value) {
          call.request_.headers["Authorization"] = std::move(value);
          call.Sign();
        });
  }

  /// Signs each attempt as it will be sent (after the Authorization value is set).
  void Sign() {
    if (!context_->signer) return SendAttempt();
    if (token_.is_canceled()) return Fail(ErrorCode::kCancelled, "cancelled");
    request_.headers.erase("Signature");  // the signer sees the request without a stale signature
    Obtain(
        "request signer", [this] { return context_->signer(request_, token_); },
        [](Call& call, std::string value) {
          if (!value.empty()) call.request_.headers["Signature"] = std::move(value);
          call.SendAttempt();
        });
  }

  /// Runs a provider (token, signature) and hands its value to `next`. A throw or a failed task
  /// ends the call with kUnauthorized naming `what`; a cancellation of the call, with kCancelled.
  template <typename Provide, typename Next>
  void Obtain(char const* what, Provide provide, Next next) {
    pplx::task<Result<std::string>> task;
    try {
      task = provide();
    } catch (std::exception const& e) {
      return Fail(ErrorCode::kUnauthorized, std::string("the ") + what + " threw: " + e.what());
    } catch (...) {
      return Fail(ErrorCode::kUnauthorized, std::string("the ") + what + " threw");
    }
    auto on_value = [self = shared_from_this(), what, next](pplx::task<Result<std::string>> done) {
      Result<std::string> value = Error(ErrorCode::kUnauthorized, std::string("the ") + what + " failed");
      try {
        value = done.get();
      } catch (std::exception const& e) {
        value = Error(ErrorCode::kUnauthorized, std::string("the ") + what + " failed: " + e.what());
      } catch (...) {
        LogContainedException(self->context_->logger.get(), std::string("the ") + what);
      }
      // Observed first (an unobserved task exception kills the process); a provider that honours
      // the caller's token ends in task_canceled, which is a cancellation, not an auth failure.
      if (self->token_.is_canceled()) return self->Fail(ErrorCode::kCancelled, "cancelled");
      if (!value.ok()) {
        Error error = std::move(value).error();
        if (error.message.empty()) error.message = std::string("the ") + what + " gave no value";
        return self->Complete(Result<CallOutcome>(std::move(error)));
      }
      next(*self, std::move(value).value());
    };
    // A cached value is usually ready: use it without a task continuation.
    if (IsDone(task)) return on_value(task);
    task.then(on_value);
  }

  milliseconds ConfiguredTimeout() const {
    return request_.timeout > milliseconds(0) ? request_.timeout : context_->attempt_timeout;
  }
  /// The least time worth giving an attempt; with less left of the window it is not sent.
  milliseconds ShortestAttempt() const { return std::min(kShortestAttempt, ConfiguredTimeout()); }

  /// One attempt may not outlast the call's retry window, the budget of the whole call.
  milliseconds AttemptTimeout() const {
    if (policy_->window() <= milliseconds(0)) return ConfiguredTimeout();  // no window: one attempt, as configured
    milliseconds const remaining = policy_->window() - Elapsed();
    // The floor is a guard only: waits and retries are scheduled to leave ShortestAttempt().
    return std::max(milliseconds(1), std::min(ConfiguredTimeout(), remaining));
  }

  void SendAttempt() {
    if (token_.is_canceled()) return Fail(ErrorCode::kCancelled, "cancelled");
    if (last_result_ && policy_->window() > milliseconds(0) && policy_->window() - Elapsed() < ShortestAttempt()) {
      // E.g. a 401's token refresh, or a slow token provider, ate the rest of the window.
      Log(TraceLevel::kVerbose, Name() + ": the retry window is spent; giving up after " +
                                    std::to_string(attempts_) + " attempts");
      return GiveUp(std::move(*last_result_));
    }
    ++attempts_;
    HttpRequest attempt = request_;
    attempt.timeout = AttemptTimeout();
    auto const sent_at = context_->clock->Now();
    auto const sent_wall = context_->clock->SystemNow();
    auto self = shared_from_this();
    auto answered = std::make_shared<std::atomic<bool>>(false);
    auto on_response = [self, sent_at, sent_wall, answered](Result<HttpResponse> result) {
      if (answered->exchange(true)) return;  // a transport that answers twice is ignored the second time
      self->Report(result, sent_at, sent_wall);
      self->Decide(std::move(result));
    };
    try {
      context_->transport->SendWithCompletion(std::move(attempt), token_, on_response);
    } catch (std::exception const& e) {
      on_response(Error(ErrorCode::kNetwork, e.what()));
    } catch (...) {
      on_response(Error(ErrorCode::kNetwork, "the transport threw"));
    }
  }

  void Report(Result<HttpResponse> const& result, std::chrono::steady_clock::time_point sent_at,
              std::chrono::system_clock::time_point sent_wall) const {
    auto const& logger = *context_->logger;
    if (logger.IsEnabled(TraceLevel::kInfo)) {
      Log(TraceLevel::kInfo, Name() + " -> " + Describe(result) + " (attempt " + std::to_string(attempts_) + ")");
    }
    if (!logger.WantsExchanges()) return;
    HttpExchangeEvent event;
    event.method = request_.method;
    event.url = request_.url;
    event.request_headers = request_.headers;
    event.request_body = request_.body;
    if (result.ok()) {
      event.status = result->status;
      event.response_headers = result->headers;
      event.response_body = result->body;
    } else {
      event.error = result.error().ToString();
    }
    event.started = sent_wall;
    event.elapsed = Ms(context_->clock->Now() - sent_at);
    event.attempt = attempts_;
    logger.Exchange(std::move(event));
  }

  void Decide(Result<HttpResponse> result) {
    if (token_.is_canceled()) return Fail(ErrorCode::kCancelled, "cancelled");
    std::string reason;
    std::optional<milliseconds> retry_after;
    if (!result.ok()) {
      auto const code = result.error().code;
      bool const transient = code == ErrorCode::kNetwork || code == ErrorCode::kTimeout;
      if (!transient || retry_class_ != RetryClass::kIdempotent) {
        Error error = std::move(result).error();
        if (transient && attempts_ == 1) error.message += " (not retried: the request may have been applied)";
        return Complete(Result<CallOutcome>(std::move(error)));
      }
      reason = result.error().ToString();
    } else {
      int const status = result->status;
      if (status == 401 && context_->auth && !refreshed_token_) {
        refreshed_token_ = true;
        Log(TraceLevel::kVerbose, Name() + ": HTTP 401, refreshing the auth token and retrying once");
        last_result_ = std::move(result);
        return Authorize(true);
      }
      bool const throttled = status == 429 || status == 503;
      if (!IsTransientHttpStatus(status) || (!throttled && retry_class_ != RetryClass::kIdempotent)) {
        return Complete(CallOutcome{std::move(result).value(), attempts_});
      }
      reason = "HTTP " + std::to_string(status);
      auto const header = HeaderValue(result->headers, "Retry-After");
      if (!header.empty()) retry_after = ParseRetryAfter(header, context_->clock->SystemNow());
      if (retry_after) {
        auto const now = context_->clock->Now();
        auto const wall = context_->clock->SystemNow() + *retry_after;
        if (context_->gate) {
          auto const& key = status == 429 ? context_->throttle_key : context_->gate_key;
          context_->gate->Record(key, {now + *retry_after, wall, status});
        }
        if (Elapsed() + *retry_after >= policy_->window()) {
          Log(TraceLevel::kVerbose, Name() + ": " + reason + " with Retry-After " +
                                        std::to_string(retry_after->count()) + " ms, past the retry window; giving up");
          Error error(ErrorCodeFromHttpStatus(status),
                      "the service asked to retry after " + std::to_string(retry_after->count() / 1000) +
                          " s, past the retry window" + (result->body.empty() ? "" : ": " + result->body),
                      status);
          error.retry_after = wall;
          return Complete(Result<CallOutcome>(std::move(error)));
        }
      }
    }

    if (attempts_ >= policy_->max_attempts()) {
      Log(TraceLevel::kVerbose, Name() + ": " + reason + "; giving up after " + std::to_string(attempts_) + " attempts");
      return GiveUp(std::move(result));
    }
    // The service's Retry-After replaces the backoff: it knows when it will take the request.
    auto const delay = retry_after ? std::max(*retry_after, policy_->PushbackDelay(*retry_after))
                                   : policy_->BackoffDelay(attempts_);
    if (Elapsed() + delay >= policy_->window()) {
      Log(TraceLevel::kVerbose, Name() + ": " + reason + "; a " + std::to_string(delay.count()) +
                                    " ms backoff would pass the retry window; giving up after " +
                                    std::to_string(attempts_) + " attempts");
      return GiveUp(std::move(result));
    }
    Log(TraceLevel::kVerbose, Name() + ": " + reason + "; retrying in " + std::to_string(delay.count()) +
                                  " ms (attempt " + std::to_string(attempts_ + 1) + ")" +
                                  (retry_after ? " honouring Retry-After" : ""));
    last_result_ = std::move(result);
    SleepThen(delay, [](Call& call) { call.PassGate(); });
  }

  void GiveUp(Result<HttpResponse> result) {
    if (result.ok()) return Complete(CallOutcome{std::move(result).value(), attempts_});
    Error error = std::move(result).error();
    error.message += " (after " + std::to_string(attempts_) + " attempts)";
    Complete(Result<CallOutcome>(std::move(error)));
  }

  template <typename Next>
  void SleepThen(milliseconds delay, Next next) {
    auto self = shared_from_this();
    pplx::task<Result<void>> sleep;
    try {
      sleep = context_->sleeper->SleepAsync(delay, token_);
    } catch (std::exception const& e) {
      return Fail(ErrorCode::kUnknown, std::string("the sleeper threw: ") + e.what());
    } catch (...) {
      return Fail(ErrorCode::kUnknown, "the sleeper threw");
    }
    auto on_slept = [self, next](pplx::task<Result<void>> task) {
      Result<void> slept = Error(ErrorCode::kCancelled, "cancelled while waiting to retry");
      try {
        slept = task.get();
      } catch (...) {
        LogContainedException(self->context_->logger.get(), "the sleeper's task");
      }
      if (!slept.ok() || self->token_.is_canceled()) {
        return self->Fail(ErrorCode::kCancelled, "cancelled while waiting to retry");
      }
      next(*self);
    };
    if (IsDone(sleep)) return on_slept(sleep);
    sleep.then(on_slept);
  }

  std::shared_ptr<CallContext const> context_;
  HttpRequest request_;
  RetryClass retry_class_;
  pplx::cancellation_token token_;
  std::unique_ptr<RetryPolicy> policy_;
  std::chrono::steady_clock::time_point start_;
  int attempts_ = 0;
  bool refreshed_token_ = false;
  std::optional<Result<HttpResponse>> last_result_;  ///< What ends the call if a retry is not sent.
  Done on_done_;
};

}  // namespace

void SendWithRetry(std::shared_ptr<CallContext const> context, HttpRequest request, RetryClass retry_class,
                   pplx::cancellation_token token, std::function<void(Result<CallOutcome>)> on_done) {
  auto call = std::make_shared<Call>(std::move(context), std::move(request), retry_class, std::move(token),
                                     std::move(on_done));
  call->Start();
}

pplx::task<Result<CallOutcome>> SendWithRetry(std::shared_ptr<CallContext const> context, HttpRequest request,
                                              RetryClass retry_class, pplx::cancellation_token token) {
  pplx::task_completion_event<Result<CallOutcome>> done;
  SendWithRetry(std::move(context), std::move(request), retry_class, std::move(token),
                [done](Result<CallOutcome> result) { done.set(std::move(result)); });
  return pplx::create_task(done);
}

}  // namespace xbl::internal
