#include "rta_admin_api.h"

#include "rta_binding.h"
#include "rta_taps.h"

#include <map>
#include <vector>

namespace xbl::emulator {
namespace {

HttpResponse JsonOk(Json const& body) { return JsonResponse(200, body.dump()); }
HttpResponse JsonError(int status, std::string const& message) {
  return JsonResponse(status, Json{{"error", message}}.dump());
}

// The body as an object; an empty body is an empty object.
std::optional<Json> BodyObject(HttpRequest const& request) {
  if (request.body.empty()) return Json::object();
  auto body = ParseJson(request.body);
  if (!body || !body->is_object()) return std::nullopt;
  return body;
}

std::optional<std::int64_t> NonNegative(Json const& body, char const* field, std::int64_t fallback) {
  auto it = body.find(field);
  if (it == body.end()) return fallback;
  auto value = AsInt(*it);
  if (!value || *value < 0) return std::nullopt;
  return value;
}

// Close codes a server may put on the wire.
bool SendableCloseCode(std::int64_t code) {
  if (code < 1000 || code > 4999) return false;
  return code != 1004 && code != 1005 && code != 1006 && code != 1015;
}

}  // namespace

HttpResponse RtaAdminApi::Handle(HttpRequest const& request, std::string const& rest) {
  std::string const& m = request.method;
  if (rest == "/connections" && m == "GET") return Connections();
  if (rest == "/settings" && (m == "GET" || m == "PUT")) return Settings(request);
  if (rest == "/frames" && m == "GET") {
    std::int64_t since = 0;
    auto q = ParseQuery(request.query);
    if (q.count("since")) {
      auto parsed = ParseJson(q["since"]);
      if (!parsed || !AsInt(*parsed)) return JsonError(400, "since must be an integer");
      since = *AsInt(*parsed);
    }
    return JsonOk(Json{{"frames", state_.rta.frames().Since(since)}});
  }
  if (rest == "/refuse" && m == "POST") {
    auto body = BodyObject(request);
    auto count = body ? NonNegative(*body, "count", 0) : std::nullopt;
    auto status = body ? NonNegative(*body, "status", 503) : std::nullopt;
    if (!count || !status || *status < 400 || *status > 599)
      return JsonError(400, "expected {\"count\":N,\"status\":400-599}");
    state_.rta.SetRefusal(static_cast<int>(*count), static_cast<int>(*status));
    return JsonOk(Json{{"count", *count}, {"status", *status}});
  }
  if (rest == "/subscribe-error" && m == "POST") {
    auto body = BodyObject(request);
    auto count = body ? NonNegative(*body, "count", 0) : std::nullopt;
    auto code = body ? NonNegative(*body, "code", 1001) : std::nullopt;
    if (!count || !code || !(*code == 1 || *code == 2 || *code == 3 || *code == 1001 || *code == 1002))
      return JsonError(400, "expected {\"count\":N,\"code\":1|2|3|1001|1002}");
    state_.rta.SetSubscribeError(static_cast<int>(*count), static_cast<int>(*code));
    return JsonOk(Json{{"count", *count}, {"code", *code}});
  }
  std::string const prefix = "/connections/";
  if (rest.rfind(prefix, 0) == 0 && m == "POST") {
    std::string tail = rest.substr(prefix.size());
    std::size_t slash = tail.find('/');
    if (slash != std::string::npos && slash > 0)
      return SocketHook(request, tail.substr(0, slash), tail.substr(slash + 1));
  }
  return JsonError(404, "unknown RTA admin endpoint " + m + " /_emulator/rta" + rest);
}

HttpResponse RtaAdminApi::Connections() {
  // Store first, then the hub: the lock order of the whole emulator.
  std::map<std::string, Json> bound;
  state_.sessions.WithLock([&](SessionStore& store) {
    for (auto const& entry : store.sessions()) {
      SessionRecord const& r = entry.second;
      if (!IsRtaSession(r.doc)) continue;
      std::string resource = r.scid + "~" + ToLower(r.template_name) + "~" + ToLower(r.name);
      for (auto const& m : ObjectOrEmpty(r.doc, "members").items()) {
        Json const& sys = ObjectOrEmpty(ObjectOrEmpty(m.value(), "properties"), "system");
        auto c = sys.find("connection");
        if (c == sys.end() || !c->is_string() || !BoundTo(m.value(), c->get<std::string>())) continue;
        Json& list = bound[ToLower(c->get<std::string>())];
        if (list.is_null()) list = Json::array();
        list.push_back(resource);
      }
    }
  });
  return JsonOk(state_.rta.Describe([&](std::string const& id) {
    auto it = bound.find(id);
    return it == bound.end() ? Json::array() : it->second;
  }));
}

HttpResponse RtaAdminApi::Settings(HttpRequest const& request) {
  if (request.method == "PUT") {
    auto body = BodyObject(request);
    RtaSettings s = state_.rta.settings();
    auto grace = body ? NonNegative(*body, "grace_ms", s.grace_ms) : std::nullopt;
    auto age = body ? NonNegative(*body, "max_age_ms", s.max_age_ms) : std::nullopt;
    if (!grace || !age) return JsonError(400, "expected {\"grace_ms\":N,\"max_age_ms\":M} (non-negative integers)");
    s.grace_ms = *grace;
    s.max_age_ms = *age;
    state_.rta.Configure(s);
  }
  RtaSettings s = state_.rta.settings();
  return JsonOk(Json{{"grace_ms", s.grace_ms}, {"max_age_ms", s.max_age_ms}});
}

HttpResponse RtaAdminApi::SocketHook(HttpRequest const& request, std::string const& key, std::string const& hook) {
  if (hook != "drop" && hook != "close" && hook != "deaf" && hook != "resync" && hook != "send")
    return JsonError(404, "unknown RTA socket hook " + hook);
  auto number = state_.rta.ResolveKey(key);
  if (!number) return JsonError(404, "no open RTA socket " + key);
  auto body = BodyObject(request);
  if (!body) return JsonError(400, "expected a JSON object");
  bool done = false;
  if (hook == "drop") {
    done = state_.rta.Drop(*number);
  } else if (hook == "close") {
    auto code = NonNegative(*body, "code", 1000);
    auto reason = body->value("reason", Json(""));
    if (!code || !SendableCloseCode(*code) || !reason.is_string())
      return JsonError(400, "expected {\"code\":1000-4999 (not 1004-1006 or 1015),\"reason\":\"...\"}");
    done = state_.rta.Close(*number, static_cast<int>(*code), reason.get<std::string>());
  } else if (hook == "deaf") {
    auto deaf = body->find("deaf");
    if (deaf == body->end() || !deaf->is_boolean()) return JsonError(400, "expected {\"deaf\":true|false}");
    done = state_.rta.SetDeaf(*number, deaf->get<bool>());
  } else if (hook == "resync") {
    done = state_.rta.SendText(*number, "[4]", false);
  } else {
    auto text = body->find("text");
    if (text == body->end() || !text->is_string()) return JsonError(400, "expected {\"text\":\"...\"}");
    done = state_.rta.SendText(*number, text->get<std::string>(), true);
  }
  if (!done) return JsonError(404, "no open RTA socket " + key);
  return JsonOk(Json{{"socket", *number}, {"status", "ok"}});
}

}  // namespace xbl::emulator
