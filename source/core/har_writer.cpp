#include "xbl/har_writer.h"
#include <ctime>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace xbl {
namespace {

std::string Iso8601(std::chrono::system_clock::time_point time) {
  auto const since_epoch = time.time_since_epoch();
  auto const seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
  auto const millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds).count();
  std::time_t const t = static_cast<std::time_t>(seconds.count());
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::ostringstream out;
  out << std::put_time(&tm, "%Y-%m-%dT%H:%M:%S") << '.' << std::setw(3) << std::setfill('0') << millis << 'Z';
  return out.str();
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int hi = HexValue(text[i + 1]), lo = HexValue(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i] == '+' ? ' ' : text[i]);
  }
  return out;
}

nlohmann::json QueryString(std::string const& url) {
  auto result = nlohmann::json::array();
  auto const question = url.find('?');
  if (question == std::string::npos) return result;
  std::string_view query(url);
  query.remove_prefix(question + 1);
  while (!query.empty()) {
    auto const amp = query.find('&');
    auto const pair = query.substr(0, amp);
    auto const eq = pair.find('=');
    result.push_back({{"name", PercentDecode(pair.substr(0, eq))},
                      {"value", eq == std::string_view::npos ? std::string() : PercentDecode(pair.substr(eq + 1))}});
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return result;
}

nlohmann::json Headers(HttpHeaders const& headers) {
  auto result = nlohmann::json::array();
  for (auto const& [name, value] : RedactHeaders(headers)) result.push_back({{"name", name}, {"value", value}});
  return result;
}

std::string MimeType(HttpHeaders const& headers, std::string const& body) {
  auto type = HeaderValue(headers, "Content-Type");
  if (type.empty() && !body.empty()) type = "application/octet-stream";
  return type;
}

nlohmann::json Entry(HttpExchangeEvent const& event) {
  nlohmann::json request = {
      {"method", event.method},
      {"url", event.url},
      {"httpVersion", "HTTP/1.1"},
      {"cookies", nlohmann::json::array()},
      {"headers", Headers(event.request_headers)},
      {"queryString", QueryString(event.url)},
      {"headersSize", -1},
      {"bodySize", static_cast<std::int64_t>(event.request_body.size())},
  };
  if (!event.request_body.empty()) {
    request["postData"] = {{"mimeType", MimeType(event.request_headers, event.request_body)},
                           {"text", event.request_body}};
  }
  nlohmann::json response = {
      {"status", event.status},
      {"statusText", ""},
      {"httpVersion", "HTTP/1.1"},
      {"cookies", nlohmann::json::array()},
      {"headers", Headers(event.response_headers)},
      {"content",
       {{"size", static_cast<std::int64_t>(event.response_body.size())},
        {"mimeType", MimeType(event.response_headers, event.response_body)},
        {"text", event.response_body}}},
      {"redirectURL", ""},
      {"headersSize", -1},
      {"bodySize", event.status == 0 ? -1 : static_cast<std::int64_t>(event.response_body.size())},
  };
  if (!event.error.empty()) response["_error"] = event.error;
  auto const elapsed = static_cast<double>(event.elapsed.count());
  return {
      {"startedDateTime", Iso8601(event.started)},
      {"time", elapsed},
      {"request", std::move(request)},
      {"response", std::move(response)},
      {"cache", nlohmann::json::object()},
      {"timings", {{"send", 0}, {"wait", elapsed}, {"receive", 0}}},
      {"_attempt", event.attempt},
  };
}

}  // namespace

void HarWriter::Add(HttpExchangeEvent const& event) {
  std::lock_guard<std::mutex> lock(mutex_);
  events_.push_back(event);
}

HttpExchangeHandler HarWriter::Handler() {
  return [this](HttpExchangeEvent const& event) { Add(event); };
}

std::size_t HarWriter::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return events_.size();
}

nlohmann::json HarWriter::ToJson() const {
  auto entries = nlohmann::json::array();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto const& event : events_) entries.push_back(Entry(event));
  }
  return {{"log",
           {{"version", "1.2"},
            {"creator", {{"name", "xbl-cpp"}, {"version", "0.1.0"}}},
            {"pages", nlohmann::json::array()},
            {"entries", std::move(entries)}}}};
}

Result<void> HarWriter::WriteFile(std::string const& path) const {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Error(ErrorCode::kInvalidArgument, "cannot open " + path + " for writing");
  out << ToJson().dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  out.flush();
  if (!out) return Error(ErrorCode::kUnknown, "failed writing " + path);
  return {};
}

}  // namespace xbl
