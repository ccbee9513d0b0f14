#include "session_admin_api.h"

#include "session_document.h"
#include "session_timers.h"

#include <algorithm>
#include <optional>

namespace xbl::emulator {
namespace {

HttpResponse JsonOk(Json const& body) { return JsonResponse(200, body.dump()); }
HttpResponse JsonError(int status, std::string const& message) {
  return JsonResponse(status, Json{{"error", message}}.dump());
}

char const* StatusName(MemberStatus status) {
  switch (status) {
    case MemberStatus::kReserved:
      return "reserved";
    case MemberStatus::kInactive:
      return "inactive";
    case MemberStatus::kReady:
      return "ready";
    case MemberStatus::kActive:
      return "active";
  }
  return "inactive";
}

std::string MemberXuid(Json const& member) {
  Json const& xuid = ObjectOrEmpty(ObjectOrEmpty(member, "constants"), "system").value("xuid", Json());
  return xuid.is_string() ? xuid.get<std::string>() : std::string();
}

Json MemberSummaries(Json const& doc) {
  Json out = Json::array();
  for (auto const& m : ObjectOrEmpty(doc, "members").items()) {
    Json const& gamertag = m.value().value("gamertag", Json());
    out.push_back(Json{{"index", m.key()},
                       {"xuid", MemberXuid(m.value())},
                       {"gamertag", gamertag.is_string() ? gamertag : Json("")},
                       {"status", StatusName(StatusOf(m.value()))}});
  }
  return out;
}

bool HasMember(Json const& doc, std::string const& xuid) {
  for (auto const& m : ObjectOrEmpty(doc, "members").items())
    if (MemberXuid(m.value()) == xuid) return true;
  return false;
}

Json Visibility(Json const& doc) {
  return ObjectOrEmpty(ObjectOrEmpty(doc, "constants"), "system").value("visibility", Json("open"));
}

// A key of the session store from the three path segments, or nullopt when one is empty.
struct Reference {
  std::string scid, template_name, name;
  bool history = false;
};

std::optional<Reference> ParseReference(std::string const& rest) {
  // rest is "/{scid}/{template}/{name}" or ".../history"; the name is everything after the template.
  if (rest.size() < 2 || rest[0] != '/') return std::nullopt;
  std::size_t const a = rest.find('/', 1);
  if (a == std::string::npos) return std::nullopt;
  std::size_t const b = rest.find('/', a + 1);
  if (b == std::string::npos) return std::nullopt;
  Reference ref;
  ref.scid = rest.substr(1, a - 1);
  ref.template_name = rest.substr(a + 1, b - a - 1);
  ref.name = rest.substr(b + 1);
  constexpr char kHistory[] = "/history";
  constexpr std::size_t kHistoryLength = sizeof(kHistory) - 1;
  if (ref.name.size() > kHistoryLength &&
      ref.name.compare(ref.name.size() - kHistoryLength, kHistoryLength, kHistory) == 0) {
    ref.history = true;
    ref.name.resize(ref.name.size() - kHistoryLength);
  }
  if (ref.scid.empty() || ref.template_name.empty() || ref.name.empty()) return std::nullopt;
  return ref;
}

Json TimeJson(TimeMs t) { return t > 0 ? Json(FormatIso8601(t)) : Json(); }

}  // namespace

Json CauseJson(CommitCause const& cause) {
  Json out{{"kind", cause.kind}};
  if (!cause.method.empty()) out["method"] = cause.method;
  if (!cause.path.empty()) out["path"] = cause.path;
  if (!cause.identity.empty()) out["identity"] = cause.identity;
  if (!cause.action.empty()) out["action"] = cause.action;
  return out;
}

Json ChangeEventJson(ChangeEntry const& entry) {
  return Json{{"seq", entry.seq},
              {"scid", entry.scid},
              {"template", entry.template_name},
              {"name", entry.name},
              {"changeNumber", entry.change_number},
              {"time", FormatIso8601(entry.time)},
              {"changeTypes", entry.change_types},
              {"cause", CauseJson(entry.cause)},
              {"deleted", entry.deleted}};
}

HttpResponse SessionAdminApi::Handle(HttpRequest const& request, std::string const& rest) {
  if (request.method != "GET") return JsonError(405, "the session views are read with GET");
  if (rest.empty() || rest == "/") return List(request);
  auto ref = ParseReference(rest);
  if (!ref) return JsonError(404, "expected /_emulator/sessions/{scid}/{template}/{name}[/history]");
  return ref->history ? History(ref->scid, ref->template_name, ref->name)
                      : Detail(ref->scid, ref->template_name, ref->name);
}

HttpResponse SessionAdminApi::List(HttpRequest const& request) {
  auto query = ParseQuery(request.query);
  std::string const scid = ToLower(query["scid"]);
  std::string const template_name = ToLower(query["template"]);
  std::string const xuid = query["xuid"];
  auto matches = [&](std::string const& s, std::string const& t, Json const& doc) {
    return (scid.empty() || ToLower(s) == scid) && (template_name.empty() || ToLower(t) == template_name) &&
           (xuid.empty() || HasMember(doc, xuid));
  };
  auto tracked = state_.history.Sessions();
  struct Row {
    TimeMs last_change = 0;
    std::string key;
    Json json;
  };
  std::vector<Row> rows;
  state_.sessions.WithLock([&](SessionStore& store) {
    for (auto const& [key, record] : store.sessions()) {
      if (!matches(record.scid, record.template_name, record.doc)) continue;
      auto seen = tracked.find(key);
      TimeMs const last = seen == tracked.end() ? 0 : seen->second.last_change;
      Json row{{"scid", record.scid},
               {"template", record.template_name},
               {"name", record.name},
               {"live", true},
               {"changeNumber", record.doc.value("changeNumber", Json(0))},
               {"visibility", Visibility(record.doc)},
               {"members", MemberSummaries(record.doc)},
               {"lastChange", TimeJson(last)},
               {"lastCause", seen == tracked.end() ? Json() : CauseJson(seen->second.last_cause)}};
      rows.push_back({last, key, std::move(row)});
    }
  });
  for (auto const& [key, summary] : tracked) {
    if (!summary.deleted || !summary.document) continue;  // live ones are listed from the store
    if (!matches(summary.scid, summary.template_name, *summary.document)) continue;
    Json row{{"scid", summary.scid},
             {"template", summary.template_name},
             {"name", summary.name},
             {"live", false},
             {"changeNumber", summary.change_number},
             {"visibility", Visibility(*summary.document)},
             {"members", Json::array()},
             {"lastChange", TimeJson(summary.last_change)},
             {"lastCause", CauseJson(summary.last_cause)}};
    rows.push_back({summary.last_change, key, std::move(row)});
  }
  std::sort(rows.begin(), rows.end(), [](Row const& a, Row const& b) {
    return a.last_change != b.last_change ? a.last_change > b.last_change : a.key < b.key;
  });
  Json sessions = Json::array();
  for (auto& row : rows) sessions.push_back(std::move(row.json));
  return JsonOk(Json{{"now", FormatIso8601(state_.clock.Now())}, {"sessions", std::move(sessions)}});
}

HttpResponse SessionAdminApi::Detail(std::string const& scid, std::string const& template_name,
                                     std::string const& name) {
  std::string const key = SessionKey(scid, template_name, name);
  TimeMs const now = state_.clock.Now();
  std::optional<Json> live = state_.sessions.WithLock([&](SessionStore& store) -> std::optional<Json> {
    SessionRecord const* record = store.Find(key);
    if (!record) return std::nullopt;
    Json timers = Json::array();
    for (auto const& timer : PendingTimers(*record)) {
      timers.push_back(Json{{"timeout", timer.timeout},
                            {"member", timer.member},
                            {"deadline", FormatIso8601(timer.deadline)},
                            {"remainingMs", std::max<TimeMs>(0, timer.deadline - now)}});
    }
    return Json{{"scid", record->scid},
                {"template", record->template_name},
                {"name", record->name},
                {"live", true},
                {"etag", record->etag},
                {"session", record->doc},
                {"members", MemberSummaries(record->doc)},
                {"timers", std::move(timers)}};
  });
  auto tracked = state_.history.Find(key);
  Json out;
  if (live) {
    out = std::move(*live);
  } else if (tracked && tracked->document) {
    // Deleted: its last committed document, with no timers left to run.
    out = Json{{"scid", tracked->scid},
               {"template", tracked->template_name},
               {"name", tracked->name},
               {"live", false},
               {"etag", Json()},
               {"session", *tracked->document},
               {"members", MemberSummaries(*tracked->document)},
               {"timers", Json::array()}};
  } else {
    return JsonError(404, "no such session, live or in the history");
  }
  out["lastChange"] = tracked ? TimeJson(tracked->last_change) : Json();
  out["lastCause"] = tracked ? CauseJson(tracked->last_cause) : Json();
  out["now"] = FormatIso8601(now);
  out["manualClock"] = state_.clock.manual();
  return JsonOk(out);
}

HttpResponse SessionAdminApi::History(std::string const& scid, std::string const& template_name,
                                      std::string const& name) {
  std::string const key = SessionKey(scid, template_name, name);
  bool const live = state_.sessions.WithLock([&](SessionStore& store) { return store.Find(key) != nullptr; });
  auto tracked = state_.history.Find(key);
  if (!live && !tracked) return JsonError(404, "no such session, live or in the history");
  Json versions = Json::array();
  for (auto const& v : state_.history.Versions(key)) {
    versions.push_back(Json{{"seq", v.seq},
                            {"changeNumber", v.change_number},
                            {"time", FormatIso8601(v.time)},
                            {"cause", CauseJson(v.cause)},
                            {"changeTypes", v.change_types},
                            {"deleted", v.deleted},
                            {"patch", v.patch}});
  }
  auto limits = state_.history.limits();
  return JsonOk(Json{{"scid", tracked ? tracked->scid : scid},
                     {"template", tracked ? tracked->template_name : template_name},
                     {"name", tracked ? tracked->name : name},
                     {"live", live},
                     {"versionsKept", limits.versions_per_session},
                     {"versions", std::move(versions)}});
}

}  // namespace xbl::emulator
