#pragma once
#include "admin_api.h"
#include "http_message.h"
#include "service_state.h"
#include "handle_api.h"
#include "query_api.h"
#include "session_api.h"

#include <iosfwd>
#include <memory>
#include <mutex>
#include <vector>

namespace xbl::emulator {

/// Entry point for every HTTP request: `/_emulator/*` goes to the admin API; everything else is
/// MPSD: request log, fault rules, contract version (400), test identity (401), rate limits (429),
/// then the route table of protocol §1.2 (404 unknown, 405 wrong verb).
class Router {
 public:
  Router(ServiceState& state, bool log_requests, std::ostream* log_stream);
  ~Router();
  HttpResponse Handle(HttpRequest const& request);

 private:
  HttpResponse HandleMpsd(HttpRequest const& request);
  HttpResponse Dispatch(HttpRequest const& request, CallContext const& ctx);
  HttpResponse DispatchHandles(HttpRequest const& request, CallContext const& ctx, std::vector<std::string> const& seg);
  RateLimiter::Bucket BucketFor(HttpRequest const& request) const;
  ServiceState& state_;
  AdminApi admin_;
  SessionApi sessions_;
  QueryApi queries_;
  HandleApi handles_;
  bool log_requests_;
  std::ostream* log_stream_;
  std::mutex log_stream_mutex_;
};

}  // namespace xbl::emulator
