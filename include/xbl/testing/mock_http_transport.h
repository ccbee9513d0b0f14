#pragma once
#include "xbl/http/http_transport.h"
#include <gmock/gmock.h>
#include <string>
#include <utility>

namespace xbl::testing {

/// A GoogleMock `HttpTransport` for titles' unit tests (target `xbl::testing`).
///   EXPECT_CALL(*transport, SendAsync(_, _)).WillOnce(Return(RespondWith(200, {{"ETag", "\"1\""}}, body)));
class MockHttpTransport : public HttpTransport {
 public:
  MOCK_METHOD(pplx::task<Result<HttpResponse>>, SendAsync, (HttpRequest request, pplx::cancellation_token token),
              (override));
  MOCK_METHOD(void, Shutdown, (), (override));
};

/// A completed transport task carrying a response.
inline pplx::task<Result<HttpResponse>> RespondWith(int status, HttpHeaders headers = {}, std::string body = {}) {
  return pplx::task_from_result(Result<HttpResponse>(HttpResponse(status, std::move(headers), std::move(body))));
}

/// A completed transport task carrying a transport error (e.g. `kNetwork`).
inline pplx::task<Result<HttpResponse>> FailWith(ErrorCode code, std::string message = "transport failure") {
  return pplx::task_from_result(Result<HttpResponse>(Error(code, std::move(message))));
}

/// Matches an `HttpRequest` whose header `name` equals `value`.
MATCHER_P2(HasHeader, name, value, std::string("has header ") + name + ": " + value) {
  auto it = arg.headers.find(name);
  return it != arg.headers.end() && it->second == value;
}

/// Matches an `HttpRequest` that lacks header `name`.
MATCHER_P(LacksHeader, name, std::string("lacks header ") + name) { return arg.headers.find(name) == arg.headers.end(); }

}  // namespace xbl::testing
