#pragma once
#include "xbl/http/http_headers.h"
#include <string>

namespace xbl {

/// One HTTP response. Any status is data here; the service decides what is an error.
struct HttpResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;

  HttpResponse() = default;
  HttpResponse(int status_code, HttpHeaders response_headers = {}, std::string response_body = {})
      : status(status_code), headers(std::move(response_headers)), body(std::move(response_body)) {}
};

}  // namespace xbl
