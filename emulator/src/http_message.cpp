#include "http_message.h"

#include "byte_rules.h"

#include <algorithm>
#include <cctype>

namespace xbl::emulator {

std::string HttpRequest::Header(std::string const& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

void HttpResponse::SetHeader(std::string const& name, std::string const& raw_value) {
  std::string const value = HeaderSafe(raw_value);
  for (auto& h : headers) {
    if (ToLower(h.first) == ToLower(name)) {
      h.second = value;
      return;
    }
  }
  headers.emplace_back(name, value);
}

std::string HttpResponse::Header(std::string const& name) const {
  for (auto const& h : headers)
    if (ToLower(h.first) == ToLower(name)) return h.second;
  return {};
}

HttpResponse TextResponse(int status, std::string const& message) {
  HttpResponse r;
  r.status = status;
  r.body = message;
  r.SetHeader("Content-Type", "text/plain; charset=utf-8");
  return r;
}

HttpResponse JsonResponse(int status, std::string const& body) {
  HttpResponse r;
  r.status = status;
  r.body = body;
  r.SetHeader("Content-Type", "application/json");
  return r;
}

HttpResponse EmptyResponse(int status) {
  HttpResponse r;
  r.status = status;
  return r;
}

std::string ToLower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool PercentDecode(std::string const& in, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out.push_back(in[i]);
      continue;
    }
    if (i + 2 >= in.size() || !std::isxdigit(static_cast<unsigned char>(in[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(in[i + 2])))
      return false;
    out.push_back(static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16)));
    i += 2;
  }
  return true;
}

std::map<std::string, std::string> ParseQuery(std::string const& query) {
  std::map<std::string, std::string> result;
  std::size_t start = 0;
  while (start <= query.size()) {
    std::size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    std::string part = query.substr(start, end - start);
    if (!part.empty()) {
      std::size_t eq = part.find('=');
      std::string key, value;
      PercentDecode(part.substr(0, eq), key);
      if (eq != std::string::npos) PercentDecode(part.substr(eq + 1), value);
      result[key] = value;
    }
    start = end + 1;
  }
  return result;
}

}  // namespace xbl::emulator
