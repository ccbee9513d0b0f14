// The only code that talks to cpprestsdk's http_client.
#include "xbl/http/cpprest_http_transport.h"
#include "http/asio_timer.h"
#include <cpprest/http_client.h>
#include <pplx/threadpool.h>
#include <atomic>
#include <map>
#include <mutex>

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

/// Per-attempt state shared by the request, its deadline timer and the caller's token.
struct Attempt {
  pplx::task_completion_event<Result<HttpResponse>> done;
  pplx::cancellation_token_source cancel;
  internal::AsioTimer deadline;
  std::atomic<bool> finished{false};
  pplx::cancellation_token caller_token = pplx::cancellation_token::none();
  pplx::cancellation_token_registration caller_registration;

  /// The first completion wins; later ones are ignored.
  void Finish(Result<HttpResponse> result) {
    if (finished.exchange(true)) return;
    deadline.Cancel();
    cancel.cancel();  // stops cpprestsdk's work if it is still going
    done.set(std::move(result));
  }
};

class CpprestHttpTransport final : public HttpTransport {
 public:
  explicit CpprestHttpTransport(CpprestHttpTransportOptions options) : options_(options) {}
  ~CpprestHttpTransport() override { Shutdown(); }

  pplx::task<Result<HttpResponse>> SendAsync(HttpRequest request, pplx::cancellation_token token) override {
    try {
      return Send(std::move(request), std::move(token));
    } catch (std::exception const& e) {
      return pplx::task_from_result(Result<HttpResponse>(Error(ErrorCode::kNetwork, e.what())));
    }
  }

  void Shutdown() override {
    std::map<std::string, std::shared_ptr<http_client>> clients;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (shut_down_) return;
      shut_down_ = true;
      clients.swap(clients_);
    }
    shutdown_source_.cancel();
    // In-flight requests hold their own reference to their client and finish with kShutdown.
  }

 private:
  std::shared_ptr<http_client> ClientFor(std::string const& base) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (shut_down_) return nullptr;
    auto& client = clients_[base];
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

  pplx::task<Result<HttpResponse>> Send(HttpRequest request, pplx::cancellation_token token) {
    using Outcome = Result<HttpResponse>;
    if (token.is_canceled()) return pplx::task_from_result(Outcome(Error(ErrorCode::kCancelled, "cancelled")));
    std::string base, path_and_query;
    if (!SplitUrl(request.url, base, path_and_query)) {
      return pplx::task_from_result(Outcome(Error(ErrorCode::kInvalidArgument, "not an absolute URL: " + request.url)));
    }
    auto client = ClientFor(base);
    if (!client) return pplx::task_from_result(Outcome(Error(ErrorCode::kShutdown, "the transport was shut down")));

    http::http_request message(request.method);
    message.set_request_uri(web::uri(path_and_query));
    std::string content_type;
    for (auto const& [name, value] : request.headers) {
      if (!CaseInsensitiveLess{}(name, "Content-Type") && !CaseInsensitiveLess{}("Content-Type", name)) {
        content_type = value;
        continue;
      }
      message.headers().add(name, value);
    }
    if (!request.body.empty() || !content_type.empty()) {
      message.set_body(std::move(request.body), content_type.empty() ? "application/octet-stream" : content_type);
    }

    auto attempt = std::make_shared<Attempt>();
    auto shutdown_token = shutdown_source_.get_token();
    attempt->cancel = pplx::cancellation_token_source::create_linked_source(shutdown_token);
    if (token.is_cancelable()) {
      attempt->caller_token = token;
      std::weak_ptr<Attempt> weak = attempt;
      attempt->caller_registration = token.register_callback([weak] {
        if (auto a = weak.lock()) a->Finish(Outcome(Error(ErrorCode::kCancelled, "cancelled")));
      });
    }
    auto const timeout = request.timeout > std::chrono::milliseconds(0) ? request.timeout : options_.default_timeout;
    attempt->deadline.Start(timeout, [weak = std::weak_ptr<Attempt>(attempt), timeout](bool fired) {
      if (!fired) return;
      if (auto a = weak.lock()) {
        a->Finish(Outcome(Error(ErrorCode::kTimeout,
                                "no complete response within the " + std::to_string(timeout.count()) + " ms deadline")));
      }
    });

    client->request(message, attempt->cancel.get_token())
        .then([](http::http_response response) {
          auto status = static_cast<int>(response.status_code());
          HttpHeaders headers;
          for (auto const& [name, value] : response.headers()) headers[name] = value;
          return response.extract_vector().then([status, headers](std::vector<unsigned char> const& body) {
            return Outcome(HttpResponse(status, headers, std::string(body.begin(), body.end())));
          });
        })
        .then([attempt, client, shutdown_token](pplx::task<Outcome> task) {
          // Task-based continuation: every exception is observed here.
          Outcome outcome = Error(ErrorCode::kNetwork, "unknown transport failure");
          try {
            outcome = task.get();
          } catch (pplx::task_canceled const&) {
            outcome = Error(shutdown_token.is_canceled() ? ErrorCode::kShutdown : ErrorCode::kCancelled, "cancelled");
          } catch (http::http_exception const& e) {
            outcome = Error(shutdown_token.is_canceled() ? ErrorCode::kShutdown : ErrorCode::kNetwork, e.what());
          } catch (std::exception const& e) {
            outcome = Error(ErrorCode::kNetwork, e.what());
          } catch (...) {
          }
          if (attempt->caller_token.is_cancelable()) {
            attempt->caller_token.deregister_callback(attempt->caller_registration);
          }
          attempt->Finish(std::move(outcome));
        });
    return pplx::create_task(attempt->done);
  }

  CpprestHttpTransportOptions options_;
  std::mutex mutex_;
  bool shut_down_ = false;
  std::map<std::string, std::shared_ptr<http_client>> clients_;
  pplx::cancellation_token_source shutdown_source_;
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
