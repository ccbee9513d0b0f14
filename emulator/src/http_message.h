#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace xbl::emulator {

/// An HTTP request as the emulator's logic sees it: std types only, no Beast.
struct HttpRequest {
  std::string method;                          // upper case, e.g. "PUT"
  std::string path;                            // decoded path, without the query
  std::string query;                           // raw query string, without '?'
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;

  /// The header value, or "" when absent.
  std::string Header(std::string const& lower_name) const;
};

/// The answer. `delay_ms` and `drop_connection` let fault rules shape the transport.
struct HttpResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int delay_ms = 0;
  bool drop_connection = false;

  /// Sets (or replaces) a header; controls and non-ASCII bytes in the value are percent-encoded.
  void SetHeader(std::string const& name, std::string const& value);
  std::string Header(std::string const& name) const;
};

/// text/plain message answer (the MPSD error shape of protocol §1.3).
HttpResponse TextResponse(int status, std::string const& message);
/// application/json answer.
HttpResponse JsonResponse(int status, std::string const& body);
/// A status with no body at all (204, 304, bare 412).
HttpResponse EmptyResponse(int status);

/// Splits "a=1&b=x%20y" into decoded key/value pairs (later keys win).
std::map<std::string, std::string> ParseQuery(std::string const& query);
/// Percent-decoding ('+' stays '+'); false on a malformed escape.
bool PercentDecode(std::string const& in, std::string& out);
std::string ToLower(std::string s);

}  // namespace xbl::emulator
