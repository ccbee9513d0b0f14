#include "admin_api.h"

#include "commit_point.h"
#include "explorer_page.h"
#include "handle_api.h"
#include "recent_players.h"
#include "rta_deadlines.h"
#include "rta_decay.h"
#include "session_api.h"
#include "session_document.h"
#include "session_timers.h"

#include <set>

namespace xbl::emulator {
namespace {

HttpResponse JsonOk(Json const& body, int status = 200) { return JsonResponse(status, body.dump()); }
HttpResponse JsonError(int status, std::string const& message) { return JsonOk(Json{{"error", message}}, status); }

}  // namespace

HttpResponse AdminApi::Handle(HttpRequest const& request, std::string const& path) {
  std::string const& m = request.method;
  if (path == "/health" && m == "GET") return JsonOk(Json{{"status", "ok"}});
  if (path == "/reset" && m == "POST") {
    state_.sessions.WithLock([](SessionStore& store) { store.Clear(); });
    state_.handles.Clear();
    state_.rate_limiter.Reset();
    state_.log.Clear();
    state_.faults.Clear();
    state_.social.Clear();
    state_.rta.Reset();
    state_.feed.Clear();
    state_.history.Clear();
    state_.events.Publish("reset", Json::object());
    return JsonOk(Json{{"status", "reset"}});
  }
  if (path.rfind("/templates/", 0) == 0) return Templates(request, path.substr(11));
  if (path == "/sessions" || path.rfind("/sessions/", 0) == 0) return sessions_.Handle(request, path.substr(9));
  if (m == "GET") {
    if (auto asset = ExplorerAsset(path)) return *asset;
  }
  // Over HTTP the front hands this GET to the event stream before it gets here.
  if (path == "/events") return JsonError(400, "the event stream is served only to GET over HTTP");
  if (path == "/clock" && m == "POST") return Clock(request);
  if (path == "/clock" && m == "GET") return JsonOk(Json{{"now", FormatIso8601(state_.clock.Now())}, {"manual", state_.clock.manual()}});
  if (path == "/faults" && m == "PUT") {
    auto body = ParseJson(request.body);
    std::string error;
    if (!body || !state_.faults.Replace(*body, &error)) return JsonError(400, body ? error : "malformed JSON");
    return JsonOk(Json{{"status", "ok"}});
  }
  if (path == "/faults" && m == "DELETE") {
    state_.faults.Clear();
    return EmptyResponse(204);
  }
  if (path == "/ratelimits" && (m == "PUT" || m == "GET")) {
    if (m == "PUT") {
      auto body = ParseJson(request.body);
      if (!body || !body->is_object()) return JsonError(400, "expected a JSON object");
      RateLimitSettings s = state_.rate_limiter.settings();
      try {
        s.enabled = body->value("enabled", s.enabled);
        s.burst = body->value("burst", s.burst);
        s.burst_period_s = body->value("burst_period_s", s.burst_period_s);
        s.sustain = body->value("sustain", s.sustain);
        s.sustain_period_s = body->value("sustain_period_s", s.sustain_period_s);
      } catch (std::exception const&) {
        return JsonError(400, "rate-limit fields have the wrong type");
      }
      if (s.burst < 0 || s.sustain < 0 || s.burst_period_s < 1 || s.sustain_period_s < 1)
        return JsonError(400, "limits must be >= 0 and periods >= 1");
      state_.rate_limiter.Configure(s);
    }
    RateLimitSettings s = state_.rate_limiter.settings();
    return JsonOk(Json{{"enabled", s.enabled}, {"burst", s.burst}, {"burst_period_s", s.burst_period_s},
                       {"sustain", s.sustain}, {"sustain_period_s", s.sustain_period_s}});
  }
  if (path == "/requests" && m == "GET") {
    std::int64_t since = 0;
    auto q = ParseQuery(request.query);
    if (q.count("since")) {
      try {
        since = std::stoll(q["since"]);
      } catch (std::exception const&) {
        return JsonError(400, "since must be an integer");
      }
    }
    return JsonOk(Json{{"requests", state_.log.Since(since)}});
  }
  if (path == "/social" && m == "PUT") {
    auto body = ParseJson(request.body);
    if (!body || !body->is_object())
      return JsonError(400, "expected {\"follows\":{\"<xuid>\":[\"<xuid>\",...]},\"blocks\":{...}}");
    auto read_graph = [&](char const* key, std::map<std::string, std::set<std::string>>& out) {
      if (!body->contains(key)) return true;
      if (!(*body)[key].is_object()) return false;
      for (auto const& f : (*body)[key].items()) {
        if (!f.value().is_array()) return false;
        for (auto const& x : f.value())
          if (x.is_string()) out[f.key()].insert(x.get<std::string>());
      }
      return true;
    };
    std::map<std::string, std::set<std::string>> follows, blocks;
    if (!read_graph("follows", follows) || !read_graph("blocks", blocks))
      return JsonError(400, "follows and blocks map a xuid to an array of xuids");
    state_.social.Replace(std::move(follows));
    state_.social.ReplaceBlocks(std::move(blocks));
    return JsonOk(Json{{"status", "ok"}});
  }
  if (path.rfind("/recentplayers/", 0) == 0 && m == "GET") return RecentPlayers(path.substr(15));
  if (path == "/rta" && m == "POST") return RtaDisconnect(request);
  if (path.rfind("/rta/", 0) == 0) return rta_.Handle(request, path.substr(4));
  if (path == "/presence" && m == "POST") return Presence(request);
  return JsonError(404, "unknown admin endpoint " + m + " /_emulator" + path);
}

HttpResponse AdminApi::Templates(HttpRequest const& request, std::string const& rest) {
  std::size_t slash = rest.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 >= rest.size())
    return JsonError(404, "expected /_emulator/templates/{scid}/{name}");
  std::string scid = rest.substr(0, slash);
  std::string name = rest.substr(slash + 1);
  if (request.method == "PUT") {
    auto body = ParseJson(request.body);
    if (!body) return JsonError(400, "malformed JSON");
    std::string error;
    bool created = false;
    if (!state_.templates.Install(scid, name, *body, &error, &created)) return JsonError(400, error);
    return JsonOk(Json{{"scid", scid}, {"name", name}}, created ? 201 : 200);
  }
  if (request.method == "DELETE") {
    state_.templates.Remove(scid, name);
    return EmptyResponse(204);
  }
  if (request.method == "GET") {
    auto t = state_.templates.Find(scid, name);
    if (!t) return JsonError(404, "no such template");
    return JsonOk(t->document);
  }
  return JsonError(405, "templates support GET, PUT and DELETE");
}

HttpResponse AdminApi::Clock(HttpRequest const& request) {
  if (!state_.clock.manual()) return JsonError(409, "the clock is not manual (start with --manual-clock)");
  auto body = ParseJson(request.body);
  if (!body || !body->is_object()) return JsonError(400, "expected {\"advance_ms\":N} or {\"set\":\"<ISO-8601>\"}");
  if (auto a = body->find("advance_ms"); a != body->end()) {
    auto ms = AsInt(*a);
    if (!ms || *ms < 0) return JsonError(400, "advance_ms must be a non-negative integer");
    AdvanceClockTo(state_, state_.clock.Now() + *ms);  // RTA deadlines on the way fire in order
  } else if (auto s = body->find("set"); s != body->end()) {
    TimeMs t = 0;
    if (!s->is_string() || !ParseIso8601(s->get<std::string>(), t)) return JsonError(400, "set must be ISO-8601 UTC");
    AdvanceClockTo(state_, t);
  } else {
    return JsonError(400, "expected advance_ms or set");
  }
  Json now{{"now", FormatIso8601(state_.clock.Now())}};
  state_.events.Publish("clock", now);
  return JsonOk(now);
}

HttpResponse AdminApi::RecentPlayers(std::string const& xuid) {
  if (xuid.empty() || xuid.size() > 20 || xuid.find_first_not_of("0123456789") != std::string::npos)
    return JsonError(400, "expected /_emulator/recentplayers/{decimal xuid}");
  TimeMs now = state_.clock.Now();
  // Like session queries, this reads the stored documents without running the lazy timers.
  return JsonOk(state_.sessions.WithLock(
      [&](SessionStore& store) { return xbl::emulator::RecentPlayers(store.sessions(), xuid, now); }));
}

HttpResponse AdminApi::RtaDisconnect(HttpRequest const& request) {
  auto body = ParseJson(request.body);
  if (!body || !body->is_object() || !body->contains("connection") || !(*body)["connection"].is_string())
    return JsonError(400, "expected {\"connection\":\"<RTA connection id>\"}");
  // An RTA disconnect sets the members inactive at once (protocol §5 #19), with taps; no socket is
  // touched. The inactive timeout then applies.
  std::string connection = (*body)["connection"].get<std::string>();
  std::int64_t changed = DecayConnection(state_, connection, false, ActionCause("admin", "rta disconnect " + connection));
  return JsonOk(Json{{"sessionsChanged", changed}});
}

HttpResponse AdminApi::Presence(HttpRequest const& request) {
  auto body = ParseJson(request.body);
  if (!body || !body->is_object() || !body->contains("xuid") || !(*body)["xuid"].is_string())
    return JsonError(400, "expected {\"xuid\":\"...\",\"present\":false}");
  std::string xuid = (*body)["xuid"].get<std::string>();
  bool present = body->value("present", true);
  std::int64_t changed = 0;
  if (!present) {
    TimeMs now = state_.clock.Now();
    // Active member decay (protocol §3.9): active members of this user become inactive, unless the
    // session suppresses the presence check.
    state_.sessions.WithLock([&](SessionStore& store) {
      for (auto& entry : store.sessions()) {
        SessionRecord& record = entry.second;
        if (HasCapability(record, "suppressPresenceActivityCheck")) continue;
        Json before = record.doc;
        bool touched = false;
        for (auto it = record.doc["members"].begin(); it != record.doc["members"].end(); ++it) {
          Json& member = it.value();
          if (ObjectOrEmpty(ObjectOrEmpty(member, "constants"), "system").value("xuid", "") != xuid) continue;
          if (StatusOf(member) != MemberStatus::kActive) continue;
          member["properties"]["system"].erase("active");
          member.erase("activeTitleId");
          record.member[it.key()].state_since = now;
          touched = true;
        }
        if (touched) {
          ++changed;
          CommitSession(state_, record, before, ActionCause("admin", "presence lost for " + xuid));
          PruneActivityHandles(state_.handles, entry.first, &record);
        }
      }
    });
  }
  return JsonOk(Json{{"sessionsChanged", changed}});
}

}  // namespace xbl::emulator
