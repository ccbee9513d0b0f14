#include "xbl/har_writer.h"
#include <ctime>
#include <deque>
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

/// Seconds as Chrome writes a message's time, to the microsecond (exact in a double until 2255).
double SecondsSinceEpoch(std::chrono::system_clock::time_point time) {
  auto const micros = std::chrono::duration_cast<std::chrono::microseconds>(time.time_since_epoch()).count();
  return static_cast<double>(micros) / 1e6;
}

/// The upgrade of a WebSocket connection as the HTTP exchange it is.
HttpExchangeEvent UpgradeExchange(WebSocketEvent const& event) {
  HttpExchangeEvent exchange;
  exchange.method = "GET";
  exchange.url = event.url;
  exchange.request_headers = event.request_headers;
  exchange.status = event.status;
  exchange.error = event.error;
  exchange.started = event.time;
  exchange.elapsed = event.elapsed;
  return exchange;
}

struct WebSocketMessage {
  bool sent = false;
  std::chrono::system_clock::time_point time;
  std::string data;
};

}  // namespace

struct HarWriter::Record {
  Record(HttpExchangeEvent e, bool is_websocket) : exchange(std::move(e)), websocket(is_websocket) {}

  HttpExchangeEvent exchange;  // for a connection: its upgrade
  bool websocket = false;
  std::deque<WebSocketMessage> messages;  // in time order, the latest max_websocket_messages_
  std::size_t dropped = 0;

  void Append(WebSocketMessage message, std::size_t max) {
    // Sends and receives are stamped on different threads and may arrive here a little out of
    // order; keeping the list in time order shows them as they happened.
    auto at = messages.end();
    while (at != messages.begin() && std::prev(at)->time > message.time) --at;
    messages.insert(at, std::move(message));
    for (; messages.size() > max; ++dropped) messages.pop_front();
  }

  /// The HAR entry; a connection's is its upgrade's, with the fields Chrome's export adds.
  nlohmann::json ToJson() const {
    auto entry = Entry(exchange);
    if (!websocket) return entry;
    auto frames = nlohmann::json::array();
    for (auto const& message : messages) {
      frames.push_back({{"type", message.sent ? "send" : "receive"},
                        {"time", SecondsSinceEpoch(message.time)},
                        {"opcode", 1},  // text: the only kind the SDK's WebSocket seam carries
                        {"data", message.data}});
    }
    entry["_resourceType"] = "websocket";
    entry["_webSocketMessages"] = std::move(frames);
    if (dropped > 0) entry["_webSocketMessagesDropped"] = dropped;
    return entry;
  }
};

HarWriter::HarWriter(std::size_t max_websocket_messages) : max_websocket_messages_(max_websocket_messages) {}

HarWriter::~HarWriter() = default;

void HarWriter::Add(HttpExchangeEvent const& event) {
  std::lock_guard<std::mutex> lock(mutex_);
  records_.emplace_back(event, /*is_websocket=*/false);
}

void HarWriter::Add(WebSocketEvent const& event) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (event.type == WebSocketEvent::Type::kUpgrade) {
    if (!connections_.emplace(event.connection, records_.size()).second) return;  // recorded already
    records_.emplace_back(UpgradeExchange(event), /*is_websocket=*/true);
    return;
  }
  auto const found = connections_.find(event.connection);
  if (found == connections_.end()) return;
  records_[found->second].Append({event.type == WebSocketEvent::Type::kSend, event.time, event.data},
                                 max_websocket_messages_);
}

HttpExchangeHandler HarWriter::Handler() {
  return [this](HttpExchangeEvent const& event) { Add(event); };
}

WebSocketEventHandler HarWriter::WebSocketHandler() {
  return [this](WebSocketEvent const& event) { Add(event); };
}

std::size_t HarWriter::size() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return records_.size();
}

nlohmann::json HarWriter::ToJson() const {
  auto entries = nlohmann::json::array();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto const& record : records_) entries.push_back(record.ToJson());
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
