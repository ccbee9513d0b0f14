#include "router.h"

#include "byte_rules.h"

#include <optional>
#include <ostream>
#include <vector>

namespace xbl::emulator {
namespace {

std::vector<std::string> Segments(std::string const& path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  if (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

bool Is(std::string const& segment, char const* literal) { return ToLower(segment) == literal; }

HttpResponse MethodNotAllowed(std::string const& allowed) {
  HttpResponse r = TextResponse(405, "The method is not allowed on this resource.");
  r.SetHeader("Allow", allowed);
  return r;
}

// Methods, paths, names, SCIDs, query strings, header values and claims (which arrive in the
// Authorization header) may not carry bytes that are not UTF-8 or are controls: stored, they would
// break every later answer that renders them; echoed (an unknown admin endpoint names the method
// in its JSON answer), they would split headers or make the JSON unwritable.
std::optional<HttpResponse> RefuseForbiddenBytes(HttpRequest const& request) {
  auto refuse = [](std::string const& where, std::size_t offset) {
    return TextResponse(400, "The " + where + " has a control character or a byte that is not UTF-8 at offset " +
                                 std::to_string(offset) + ".");
  };
  if (auto at = FindForbiddenByte(request.method); at != std::string::npos) return refuse("method", at);
  if (auto at = FindForbiddenByte(request.path); at != std::string::npos) return refuse("path", at);
  if (auto at = FindForbiddenByte(request.query); at != std::string::npos) return refuse("query string", at);
  for (auto const& [key, value] : ParseQuery(request.query)) {
    if (auto at = FindForbiddenByte(key); at != std::string::npos) return refuse("decoded query string", at);
    if (auto at = FindForbiddenByte(value); at != std::string::npos) return refuse("decoded query parameter '" + key + "'", at);
  }
  for (auto const& [name, value] : request.headers) {
    // Header names reach here as HTTP tokens; a tab is the one control a header value may hold.
    std::string without_tabs = value;
    for (char& c : without_tabs) if (c == '\t') c = ' ';
    if (auto at = FindForbiddenByte(without_tabs); at != std::string::npos) return refuse("header " + name, at);
  }
  return std::nullopt;
}

}  // namespace

Router::Router(ServiceState& state, bool log_requests, std::ostream* log_stream)
    : state_(state), admin_(state), sessions_(state), queries_(state), handles_(state, sessions_), log_requests_(log_requests), log_stream_(log_stream) {}

Router::~Router() = default;

HttpResponse Router::Handle(HttpRequest const& request) {
  auto refused = RefuseForbiddenBytes(request);
  if (request.path == "/_emulator" || request.path.rfind("/_emulator/", 0) == 0)
    return refused ? *refused : admin_.Handle(request, request.path.substr(10));
  // The RTA endpoint is not MPSD: no request log, faults or rate limits. Its upgrades never get
  // here (the HTTP front hands them to the RTA hub); the nonce form is not served.
  if (request.path == "/connect") return TextResponse(426, "/connect serves WebSocket upgrades only.");
  if (request.path == "/nonce") return TextResponse(404, "The RTA nonce form is not served.");
  HttpResponse response = refused ? *refused : HandleMpsd(request);
  LoggedRequest entry;
  entry.method = request.method;
  entry.path = request.path;
  entry.query = request.query;
  entry.headers = request.headers;
  if (auto auth = entry.headers.find("authorization"); auth != entry.headers.end())
    auth->second = RedactAuthorization(auth->second);
  entry.body = request.body;
  entry.status = response.status;
  entry.time = FormatIso8601(state_.clock.Now());
  std::int64_t const seq = state_.log.Append(std::move(entry));
  state_.events.Publish("request", Json{{"seq", seq}, {"status", response.status}});
  if (log_requests_ && log_stream_) {
    std::lock_guard<std::mutex> lock(log_stream_mutex_);
    *log_stream_ << request.method << ' ' << request.path << (request.query.empty() ? "" : "?") << request.query
                 << " -> " << response.status << '\n'
                 << std::flush;
  }
  return response;
}

HttpResponse Router::HandleMpsd(HttpRequest const& request) {
  if (auto injected = state_.faults.Match(request)) return *injected;
  std::string contract_header = request.Header("x-xbl-contract-version");
  int contract = 0;
  try {
    std::size_t used = 0;
    contract = std::stoi(contract_header, &used);
    if (used != contract_header.size()) contract = 0;
  } catch (std::exception const&) {
    contract = 0;
  }
  if (contract < 104)
    return TextResponse(400, "X-Xbl-Contract-Version is required and must be 104/105 or later.");
  auto principal = ParseAuthorization(request.Header("authorization"));
  if (!principal) return TextResponse(401, "The Authorization header is missing or is not a valid test identity.");
  CallContext ctx;
  ctx.request = &request;
  ctx.caller = *principal;
  ctx.contract = contract;

  RateLimiter::Bucket bucket = BucketFor(request);
  if (auto verdict = state_.rate_limiter.Admit(principal->RateKey(), bucket, state_.clock.Now())) {
    Json body{{"version", 1},
              {"currentRequests", verdict->current_requests},
              {"maxRequests", verdict->max_requests},
              {"periodInSeconds", verdict->period_s},
              {"limitType", "rate"}};
    HttpResponse r = JsonResponse(429, body.dump());
    r.SetHeader("Retry-After", std::to_string(verdict->retry_after_s));
    return r;
  }
  try {
    return Dispatch(request, ctx);
  } catch (nlohmann::json::exception const& e) {
    // A field of the wrong type deep in a body (validation covers the documented ones): the
    // request is refused before anything is committed, since every write merges into a copy.
    return TextResponse(400, std::string("A request field has the wrong type: ") + e.what());
  }
}

HttpResponse Router::Dispatch(HttpRequest const& request, CallContext const& ctx) {
  auto seg = Segments(request.path);
  std::string const& m = request.method;
  auto not_found = [] { return TextResponse(404, "The requested URI is not a session directory resource."); };
  if (!seg.empty() && Is(seg[0], "handles")) return DispatchHandles(request, ctx, seg);
  if (seg.size() < 2 || !Is(seg[0], "serviceconfigs")) return not_found();
  std::string const& scid = seg[1];
  if (seg.size() >= 4 && Is(seg[2], "sessiontemplates") && seg.size() >= 6 && Is(seg[4], "sessions")) {
    SessionRef ref{scid, seg[3], seg[5]};
    if (seg.size() == 6) {
      if (m == "GET") return sessions_.Get(ref, ctx);
      if (m == "PUT") return sessions_.Put(ref, ctx, PutMode{});
      return MethodNotAllowed("GET, PUT");
    }
    if (seg.size() == 7 && Is(seg[6], "properties")) {
      if (m == "GET") return sessions_.GetElement(ref, ctx, "properties", "");
      if (m == "PUT") {
        PutMode mode;
        mode.properties_only = true;
        return sessions_.Put(ref, ctx, mode);
      }
      return MethodNotAllowed("GET, PUT");
    }
    if (seg.size() == 8 && Is(seg[6], "members")) {
      if (m == "GET") return sessions_.GetElement(ref, ctx, "members", seg[7]);
      if (m != "DELETE") return MethodNotAllowed("GET, DELETE");
      if (Is(seg[7], "me")) return sessions_.DeleteMe(ref, ctx);
      std::string const& index = seg[7];
      if (index.empty() || index.size() > 9 || index.find_first_not_of("0123456789") != std::string::npos)
        return not_found();
      return sessions_.DeleteMember(ref, ctx, std::to_string(std::stoll(index)));
    }
    if (seg.size() == 8 && Is(seg[6], "servers")) {
      if (m == "GET") return sessions_.GetElement(ref, ctx, "servers", seg[7]);
      if (m != "DELETE") return MethodNotAllowed("GET, DELETE");
      return sessions_.DeleteServer(ref, ctx, seg[7]);
    }
    return not_found();
  }
  if (seg.size() == 3 && Is(seg[2], "sessions")) {
    if (m != "GET") return MethodNotAllowed("GET");
    return queries_.Query(scid, "", ctx);
  }
  if (seg.size() == 3 && Is(seg[2], "batch")) {
    if (m != "POST") return MethodNotAllowed("POST");
    return queries_.Batch(scid, "", ctx);
  }
  if (seg.size() == 5 && Is(seg[2], "sessiontemplates") && Is(seg[4], "sessions")) {
    if (m != "GET") return MethodNotAllowed("GET");
    return queries_.Query(scid, seg[3], ctx);
  }
  if (seg.size() == 5 && Is(seg[2], "sessiontemplates") && Is(seg[4], "batch")) {
    if (m != "POST") return MethodNotAllowed("POST");
    return queries_.Batch(scid, seg[3], ctx);
  }
  if (seg.size() == 3 && Is(seg[2], "sessiontemplates")) {
    if (m != "GET") return MethodNotAllowed("GET");
    if (!state_.templates.HasScid(scid)) return TextResponse(404, kUnknownScidMessage);
    Json results = Json::array();
    for (auto const& t : state_.templates.List(scid))
      results.push_back(Json{{"name", t.name}, {"contractVersion", t.contract_version}});
    return JsonResponse(200, Json{{"results", results}}.dump());
  }
  if (seg.size() == 4 && Is(seg[2], "sessiontemplates")) {
    if (m != "GET") return MethodNotAllowed("GET");
    if (!state_.templates.HasScid(scid)) return TextResponse(404, kUnknownScidMessage);
    auto t = state_.templates.Find(scid, seg[3]);
    if (!t) return TextResponse(404, "The requested session template was not found.");
    Json doc = t->document;
    doc["contractVersion"] = t->contract_version;
    return JsonResponse(200, doc.dump());
  }
  return not_found();
}

HttpResponse Router::DispatchHandles(HttpRequest const& request, CallContext const& ctx,
                                     std::vector<std::string> const& seg) {
  std::string const& m = request.method;
  if (seg.size() == 1) {
    if (m != "POST") return MethodNotAllowed("POST");
    return handles_.Create(ctx);
  }
  if (seg.size() == 2 && Is(seg[1], "query")) {
    if (m != "POST") return MethodNotAllowed("POST");
    return handles_.Query(ctx);
  }
  if (seg.size() == 2) {
    if (m == "GET") return handles_.Get(seg[1], ctx);
    if (m == "DELETE") return handles_.Delete(seg[1], ctx);
    return MethodNotAllowed("GET, DELETE");
  }
  if (seg.size() == 3 && Is(seg[2], "session")) {
    if (m == "GET") return handles_.GetSession(seg[1], ctx);
    if (m == "PUT") return handles_.PutSession(seg[1], ctx);
    return MethodNotAllowed("GET, PUT");
  }
  return TextResponse(404, "The requested URI is not a session directory resource.");
}

// Search-handle reads and writes have their own limits (protocol §3.16) [I: they do not also count
// toward the general MPSD bucket].
RateLimiter::Bucket Router::BucketFor(HttpRequest const& request) const {
  auto seg = Segments(request.path);
  if (seg.empty() || !Is(seg[0], "handles")) return RateLimiter::Bucket::kMpsd;
  auto type_is_search = [&] {
    auto body = ParseJson(request.body);
    if (!body || !body->is_object()) return false;
    auto type = body->find("type");
    return type != body->end() && type->is_string() && ToLower(type->get<std::string>()) == "search";
  };
  if (seg.size() == 1 && request.method == "POST" && type_is_search()) return RateLimiter::Bucket::kSearchWrite;
  if (seg.size() == 2 && Is(seg[1], "query") && request.method == "POST" && type_is_search())
    return RateLimiter::Bucket::kSearchRead;
  if (seg.size() == 2 && request.method == "DELETE") {
    auto h = state_.handles.Find(seg[1]);
    if (h && h->type == "search") return RateLimiter::Bucket::kSearchWrite;
  }
  return RateLimiter::Bucket::kMpsd;
}

}  // namespace xbl::emulator
