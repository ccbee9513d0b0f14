#include "xbl/http/http_transport.h"

namespace xbl {
namespace {

Result<HttpResponse> Observe(pplx::task<Result<HttpResponse>> const& task) {
  try {
    return task.get();
  } catch (pplx::task_canceled const&) {
    return Error(ErrorCode::kCancelled, "cancelled");
  } catch (std::exception const& e) {
    return Error(ErrorCode::kNetwork, e.what());
  } catch (...) {
    return Error(ErrorCode::kNetwork, "the transport failed");
  }
}

}  // namespace

void HttpTransport::SendWithCompletion(HttpRequest request, pplx::cancellation_token token, Completion on_done) {
  pplx::task<Result<HttpResponse>> sent;
  try {
    sent = SendAsync(std::move(request), std::move(token));
  } catch (std::exception const& e) {
    return on_done(Error(ErrorCode::kNetwork, e.what()));
  }
  bool done = false;
  try {
    done = sent.is_done();
  } catch (std::exception const&) {
    return on_done(Error(ErrorCode::kNetwork, "the transport returned no task"));
  }
  if (done) return on_done(Observe(sent));
  sent.then([on_done = std::move(on_done)](pplx::task<Result<HttpResponse>> task) { on_done(Observe(task)); });
}

}  // namespace xbl
