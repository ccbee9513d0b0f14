// The default Sleeper: a Boost.Asio timer on cpprestsdk's shared pool, so waiting
// between attempts never blocks a thread.
#include "core/http/asio_timer.h"
#include "xbl/clock.h"
#include <pplx/threadpool.h>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <atomic>

namespace xbl {
namespace internal {

struct AsioTimer::State {
  explicit State(boost::asio::io_service& io) : strand(boost::asio::make_strand(io)), timer(strand) {}
  boost::asio::strand<boost::asio::io_service::executor_type> strand;
  boost::asio::steady_timer timer;
  std::atomic<bool> cancelled{false};
};

AsioTimer::AsioTimer() : state_(std::make_shared<State>(crossplat::threadpool::shared_instance().service())) {}

void AsioTimer::Start(std::chrono::milliseconds delay, std::function<void(bool fired)> on_done) {
  auto state = state_;
  boost::asio::post(state->strand, [state, delay, on_done = std::move(on_done)]() mutable {
    if (state->cancelled) {
      on_done(false);
      return;
    }
    state->timer.expires_after(delay);
    state->timer.async_wait([state, on_done = std::move(on_done)](boost::system::error_code ec) {
      on_done(!ec && !state->cancelled);
    });
  });
}

void AsioTimer::Cancel() {
  auto state = state_;
  state->cancelled = true;
  boost::asio::post(state->strand, [state] { state->timer.cancel(); });
}

}  // namespace internal

namespace {

class AsioSleeper final : public Sleeper {
 public:
  pplx::task<Result<void>> SleepAsync(std::chrono::milliseconds delay, pplx::cancellation_token token) override {
    if (token.is_canceled()) return pplx::task_from_result(Result<void>(Error(ErrorCode::kCancelled, "cancelled")));
    if (delay <= std::chrono::milliseconds(0)) return pplx::task_from_result(Result<void>());
    pplx::task_completion_event<Result<void>> done;
    auto timer = std::make_shared<internal::AsioTimer>();
    pplx::cancellation_token_registration registration;
    if (token.is_cancelable()) {
      registration = token.register_callback([timer] { timer->Cancel(); });
    }
    timer->Start(delay, [done, token, registration](bool fired) {
      if (token.is_cancelable()) token.deregister_callback(registration);
      if (fired) {
        done.set(Result<void>());
      } else {
        done.set(Result<void>(Error(ErrorCode::kCancelled, "cancelled while waiting to retry")));
      }
    });
    return pplx::create_task(done);
  }
};

}  // namespace

std::shared_ptr<Sleeper> MakeDefaultSleeper() { return std::make_shared<AsioSleeper>(); }

}  // namespace xbl
