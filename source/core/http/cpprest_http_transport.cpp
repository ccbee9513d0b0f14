// The only code that talks to cpprestsdk's http_client.
#include "xbl/http/cpprest_http_transport.h"
#include "core/http/deadline_scheduler.h"
#include "core/contained_exception.h"
#include "core/http/inline_continuation.h"
#include <cpprest/http_client.h>
#include <pplx/threadpool.h>
#include <atomic>
#include <map>
#include <mutex>
#include <unordered_map>

namespace xbl {
namespace {

namespace http = web::http;
using http::client::http_client;
using http::client::http_client_config;

/// Splits "https://host:port/path?q" into ("https://host:port", "/path?q").
bool SplitUrl(std::string const& url, std::string& base, std::string& path_and_query) {
  auto const scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return false;
  auto const path_start = url.find_first_of("/?", scheme_end + 3);
  base = url.substr(0, path_start);
  path_and_query = path_start == std::string::npos ? "/" : url.substr(path_start);
  if (!path_and_query.empty() && path_and_query.front() == '?') path_and_query.insert(0, "/");
  return base.size() > scheme_end + 3;
}

bool IsContentType(std::string const& name) {
  CaseInsensitiveLess less;
  return !less(name, "Content-Type") && !less("Content-Type", name);
}

/// One attempt: the first of response, deadline, caller cancellation or shutdown wins.
class Attempt {
 public:
  explicit Attempt(HttpTransport::Completion on_done) : on_done_(std::move(on_done)) {}

  pplx::cancellation_token request_token() const { return cancel_.get_token(); }

  void WatchCallerToken(pplx::cancellation_token const& token, std::shared_ptr<Attempt> const& self) {
    caller_token_ = token;
    std::weak_ptr<Attempt> weak = self;
    registration_ = token.register_callback([weak] {
      if (auto attempt = weak.lock()) attempt->Finish(Error(ErrorCode::kCancelled, "cancelled"), /*abort=*/true,
                                                      /*from_caller_token=*/true);
    });
    watching_caller_ = true;
  }

  /// `abort` stops cpprestsdk's work (deadline, cancellation, shutdown); a normal
  /// completion leaves its connection to the pool.
  void Finish(Result<HttpResponse> result, bool abort, bool from_caller_token = false) {
    if (finished_.exchange(true)) return;
    if (abort) cancel_.cancel();
    if (watching_caller_ && !from_caller_token) caller_token_.deregister_callback(registration_);
    if (on_finished_) on_finished_();
    try {
      on_done_(std::move(result));
    } catch (...) {
      // The SDK's completions do not throw; a title's must not reach cpprestsdk's threads.
      internal::LogContainedException(nullptr, "a transport completion");
    }
  }

  void set_on_finished(std::function<void()> on_finished) { on_finished_ = std::move(on_finished); }

 private:
  HttpTransport::Completion on_done_;
  pplx::cancellation_token_source cancel_;
  std::atomic<bool> finished_{false};
  bool watching_caller_ = false;
  pplx::cancellation_token caller_token_ = pplx::cancellation_token::none();
  pplx::cancellation_token_registration registration_;
  std::function<void()> on_finished_;
};

/// State that completions touch; shared so that a completion racing the transport's
/// destruction still finds it alive.
struct Registry {
  std::mutex mutex;
  bool shut_down = false;
  std::map<std::string, std::shared_ptr<http_client>> clients;
  std::unordered_map<std::uint64_t, std::weak_ptr<Attempt>> in_flight;
  std::uint64_t next_id = 0;
};

class CpprestHttpTransport final : public HttpTransport {
 public:
  explicit CpprestHttpTransport(CpprestHttpTransportOptions options) : options_(options) {}
  ~CpprestHttpTransport() override { Shutdown(); }

  pplx::task<Result<HttpResponse>> SendAsync(HttpRequest request, pplx::cancellation_token token) override {
    pplx::task_completion_event<Result<HttpResponse>> done;
    SendWithCompletion(std::move(request), std::move(token), [done](Result<HttpResponse> result) { done.set(result); });
    return pplx::create_task(done);
  }

  void SendWithCompletion(HttpRequest request, pplx::cancellation_token token, Completion on_done) override {
    std::shared_ptr<Attempt> attempt;
    try {
      attempt = std::make_shared<Attempt>(on_done);
      Start(std::move(request), token, attempt);
    } catch (std::exception const& e) {
      if (attempt) {
        attempt->Finish(Error(ErrorCode::kNetwork, e.what()), /*abort=*/true);
      } else {
        on_done(Error(ErrorCode::kNetwork, e.what()));
      }
    }
  }

  void Shutdown() override {
    std::vector<std::weak_ptr<Attempt>> pending;
    {
      std::lock_guard<std::mutex> lock(registry_->mutex);
      if (registry_->shut_down) return;
      registry_->shut_down = true;
      registry_->clients.clear();  // in-flight requests keep their own reference to their client
      for (auto& [id, attempt] : registry_->in_flight) pending.push_back(attempt);
      registry_->in_flight.clear();
    }
    deadlines_.Stop();
    for (auto& weak : pending) {
      if (auto attempt = weak.lock()) {
        attempt->Finish(Error(ErrorCode::kShutdown, "the transport was shut down"), /*abort=*/true);
      }
    }
  }

 private:
  /// Called with the registry's mutex held.
  std::shared_ptr<http_client> ClientFor(std::string const& base) {
    auto& client = registry_->clients[base];
    if (!client) {
      http_client_config config;
      config.set_validate_certificates(options_.validate_certificates);
      // cpprestsdk's timeout restarts on every I/O step; our own deadline is the real bound.
      config.set_timeout(std::chrono::duration_cast<std::chrono::seconds>(options_.default_timeout) +
                         std::chrono::seconds(1));
      client = std::make_shared<http_client>(web::uri(base), config);
    }
    return client;
  }

  void Start(HttpRequest request, pplx::cancellation_token const& token, std::shared_ptr<Attempt> const& attempt) {
    if (token.is_canceled()) return attempt->Finish(Error(ErrorCode::kCancelled, "cancelled"), false);
    std::string base, path_and_query;
    if (!SplitUrl(request.url, base, path_and_query)) {
      return attempt->Finish(Error(ErrorCode::kInvalidArgument, "not an absolute URL: " + request.url), false);
    }
    std::shared_ptr<http_client> client;
    {
      std::lock_guard<std::mutex> lock(registry_->mutex);
      if (!registry_->shut_down) {
        client = ClientFor(base);
        auto const id = registry_->next_id++;
        registry_->in_flight.emplace(id, attempt);
        attempt->set_on_finished([registry = registry_, id] {
          std::lock_guard<std::mutex> lock(registry->mutex);
          registry->in_flight.erase(id);
        });
      }
    }
    if (!client) return attempt->Finish(Error(ErrorCode::kShutdown, "the transport was shut down"), false);

    http::http_request message(request.method);
    message.set_request_uri(web::uri(path_and_query));
    std::string content_type;
    for (auto const& [name, value] : request.headers) {
      if (IsContentType(name)) {
        content_type = value;
      } else {
        message.headers().add(name, value);
      }
    }
    if (!request.body.empty() || !content_type.empty()) {
      message.set_body(std::move(request.body), content_type.empty() ? "application/octet-stream" : content_type);
    }

    if (token.is_cancelable()) attempt->WatchCallerToken(token, attempt);
    auto const timeout = request.timeout > std::chrono::milliseconds(0) ? request.timeout : options_.default_timeout;
    std::weak_ptr<Attempt> weak = attempt;
    deadlines_.Schedule(timeout, weak, [weak, timeout] {
      if (auto a = weak.lock()) {
        a->Finish(Error(ErrorCode::kTimeout,
                        "no complete response within the " + std::to_string(timeout.count()) + " ms deadline"),
                  /*abort=*/true);
      }
    });

    // Two continuations, as a caller of http_client needs anyway: headers, then the body.
    // Both are task-based, so every exception is observed here. They run inline on the thread
    // that completed the antecedent (ThenInline), which saves two thread hand-offs per request
    // (measured: the transport alone went from ~1.10x to ~1.02x of a raw http_client). They do
    // little work and never block.
    internal::ThenInline(client->request(message, attempt->request_token()),
            [attempt, client](pplx::task<http::http_response> headers_task) {
          http::http_response response;
          try {
            response = headers_task.get();
          } catch (pplx::task_canceled const&) {
            return attempt->Finish(Error(ErrorCode::kCancelled, "cancelled"), false);
          } catch (std::exception const& e) {
            return attempt->Finish(Error(ErrorCode::kNetwork, e.what()), false);
          }
          auto const status = static_cast<int>(response.status_code());
          HttpHeaders headers;
          for (auto const& [name, value] : response.headers()) headers.emplace(name, value);
          internal::ThenInline(response.extract_vector(),
              [attempt, status, headers = std::move(headers)](pplx::task<std::vector<unsigned char>> body_task) mutable {
                try {
                  auto const body = body_task.get();
                  attempt->Finish(HttpResponse(status, std::move(headers), std::string(body.begin(), body.end())),
                                  false);
                } catch (pplx::task_canceled const&) {
                  attempt->Finish(Error(ErrorCode::kCancelled, "cancelled"), false);
                } catch (std::exception const& e) {
                  attempt->Finish(Error(ErrorCode::kNetwork, e.what()), false);
                }
              });
            });
  }

  CpprestHttpTransportOptions options_;
  std::shared_ptr<Registry> registry_ = std::make_shared<Registry>();
  internal::DeadlineScheduler deadlines_;
};

}  // namespace

Result<void> InitializeHttpThreadPool(std::size_t threads) {
  if (threads == 0) return Error(ErrorCode::kInvalidArgument, "the thread pool needs at least one thread");
  try {
    crossplat::threadpool::initialize_with_threads(threads);
  } catch (std::exception const& e) {
    return Error(ErrorCode::kInvalidState, e.what());
  }
  return {};
}

std::shared_ptr<HttpTransport> MakeCpprestHttpTransport(CpprestHttpTransportOptions options) {
  return std::make_shared<CpprestHttpTransport>(options);
}

}  // namespace xbl
