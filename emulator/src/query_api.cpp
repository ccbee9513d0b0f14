#include "query_api.h"

#include "session_access.h"
#include "session_document.h"
#include "session_merge.h"

#include <algorithm>
#include <vector>

namespace xbl::emulator {
namespace {

struct Filter {
  std::string keyword;
  bool reservations = false;
  bool inactive = false;
  bool include_private = false;
  std::string visibility;
  std::optional<std::int64_t> version;
  std::int64_t take = 100;
};

// Parses the shared query parameters; returns an error response when invalid.
std::optional<HttpResponse> ParseFilter(std::map<std::string, std::string> const& q, Filter& f) {
  auto flag = [&](char const* name, bool& out) -> bool {
    auto it = q.find(name);
    if (it == q.end()) return true;
    if (ToLower(it->second) != "true") return false;  // these "can only be set to true"
    out = true;
    return true;
  };
  if (!flag("reservations", f.reservations) || !flag("inactive", f.inactive) || !flag("private", f.include_private))
    return TextResponse(400, "reservations, inactive and private can only be set to true.");
  if (auto it = q.find("keyword"); it != q.end()) f.keyword = ToLower(it->second);
  if (auto it = q.find("visibility"); it != q.end()) {
    f.visibility = ToLower(it->second);
    if (f.visibility != "open" && f.visibility != "private" && f.visibility != "visible" && f.visibility != "full")
      return TextResponse(400, "visibility must be open, private, visible or full.");
    if (f.visibility == "private" && !f.include_private)
      return TextResponse(400, "visibility=private requires private=true.");
  }
  auto number = [&](char const* name, std::optional<std::int64_t>& out) -> bool {
    auto it = q.find(name);
    if (it == q.end()) return true;
    if (it->second.empty() || it->second.size() > 6 || it->second.find_first_not_of("0123456789") != std::string::npos)
      return false;
    out = std::stoll(it->second);
    return true;
  };
  std::optional<std::int64_t> take;
  if (!number("take", take) || (take && *take > 100)) return TextResponse(400, "take must be between 0 and 100.");
  if (take) f.take = *take;
  if (!number("version", f.version)) return TextResponse(400, "version must be a non-negative integer.");
  return std::nullopt;
}

std::string QueryVisibility(SessionRecord const& r) {
  std::string vis = Visibility(r);
  if (vis == "private") return vis;
  auto max = AsInt(SessionSystemConstants(r).value("maxMembersCount", Json(100)));
  if (max && static_cast<std::int64_t>(MemberCount(r)) >= *max) return "full";
  return vis;
}

struct Hit {
  std::string start_time;
  std::string key;
  Json entry;
};

// One result entry (protocol §2.11), or nullopt when the session does not match.
std::optional<Json> Match(SessionRecord const& r, Filter const& f, std::string const& xuid) {
  std::string vis = QueryVisibility(r);
  if (vis == "private" && !f.include_private) return std::nullopt;
  if (!f.visibility.empty() && vis != f.visibility) return std::nullopt;
  auto const& props = ObjectOrEmpty(ObjectOrEmpty(r.doc, "properties"), "system");
  Json keywords = props.value("keywords", Json());
  if (!f.keyword.empty()) {
    bool found = false;
    if (keywords.is_array())
      for (auto const& k : keywords) found = found || (k.is_string() && ToLower(k.get<std::string>()) == f.keyword);
    if (!found) return std::nullopt;
  }
  if (f.version) {
    auto v = AsInt(SessionSystemConstants(r).value("version", Json(1)));
    if (v && *v > *f.version) return std::nullopt;
  }
  std::string status;
  bool my_turn = false;
  if (!xuid.empty()) {
    std::string index = FindMemberByXuid(r, xuid);
    if (index.empty()) return std::nullopt;
    Json const& member = r.doc["members"][index];
    switch (StatusOf(member)) {
      case MemberStatus::kActive: status = "active"; break;
      case MemberStatus::kReserved:
        if (!f.reservations) return std::nullopt;
        status = "reserved";
        break;
      default:  // ready but not active counts as inactive
        if (!f.inactive) return std::nullopt;
        status = "inactive";
    }
    my_turn = member.value("turn", false);
  }
  Json e = Json::object();
  if (!xuid.empty()) e["xuid"] = xuid;
  e["startTime"] = r.doc.value("startTime", std::string());
  e["sessionRef"] = Json{{"scid", r.scid}, {"templateName", r.template_name}, {"name", r.name}};
  e["accepted"] = ObjectOrEmpty(r.doc, "membersInfo").value("accepted", 0);
  if (!status.empty()) e["status"] = status;
  e["visibility"] = vis;
  std::string restriction = EffectiveRestriction(r, "joinRestriction");
  if ((vis == "open" || vis == "full") && restriction != "none") e["joinRestriction"] = restriction;
  if (my_turn) e["myTurn"] = true;
  if (keywords.is_array()) e["keywords"] = keywords;
  return e;
}

}  // namespace

HttpResponse QueryApi::Query(std::string const& scid, std::string const& template_name, CallContext const& ctx) {
  auto q = ParseQuery(ctx.request->query);
  Filter f;
  if (auto bad = ParseFilter(q, f)) return *bad;
  std::string xuid = q.count("xuid") ? q["xuid"] : "";
  if (!xuid.empty() && XuidString(Json(xuid)).empty()) return TextResponse(400, "xuid must be a decimal xuid.");
  if (f.keyword.empty() && xuid.empty())
    return TextResponse(400, "Every query must include either a keyword filter, a XUID filter, or both.");
  if ((f.reservations || f.inactive) && xuid.empty())
    return TextResponse(400, "reservations and inactive require a xuid filter.");
  if ((f.include_private || f.reservations) && !ctx.caller.server && ctx.caller.xuid != xuid)
    return TextResponse(403, "private and reservations queries need server access or the caller's own xuid.");
  if (!state_.templates.HasScid(scid)) return TextResponse(404, kUnknownScidMessage);
  if (!template_name.empty() && !state_.templates.Find(scid, template_name))
    return TextResponse(404, "The requested session template was not found.");

  std::vector<Hit> hits;
  state_.sessions.WithLock([&](SessionStore& store) {
    for (auto const& entry : store.sessions()) {
      SessionRecord const& r = entry.second;
      if (r.scid != scid) continue;
      if (!template_name.empty() && ToLower(r.template_name) != ToLower(template_name)) continue;
      if (auto e = Match(r, f, xuid)) hits.push_back({r.doc.value("startTime", std::string()), entry.first, *e});
    }
  });
  std::stable_sort(hits.begin(), hits.end(), [](Hit const& a, Hit const& b) { return a.start_time > b.start_time; });
  Json results = Json::array();
  for (auto const& h : hits) {
    if (static_cast<std::int64_t>(results.size()) >= f.take) break;
    results.push_back(h.entry);
  }
  return JsonResponse(200, Json{{"results", results}}.dump());
}

HttpResponse QueryApi::Batch(std::string const& scid, std::string const& template_name, CallContext const& ctx) {
  auto q = ParseQuery(ctx.request->query);
  if (q.count("xuid")) return TextResponse(400, "The batch query takes its xuids from the body, not the xuid parameter.");
  Filter f;
  if (auto bad = ParseFilter(q, f)) return *bad;
  auto body = ParseJson(ctx.request->body);
  if (!body || !body->is_object() || !body->contains("xuids") || !(*body)["xuids"].is_array())
    return TextResponse(400, "The batch body must be {\"xuids\":[...]}.");
  std::vector<std::string> xuids;
  for (auto const& x : (*body)["xuids"]) {
    std::string s = XuidString(x);
    if (s.empty()) return TextResponse(400, "xuids must be decimal xuid strings.");
    xuids.push_back(s);
  }
  if (xuids.empty() && f.keyword.empty()) return TextResponse(400, "The batch needs at least one xuid.");
  bool only_self = std::all_of(xuids.begin(), xuids.end(), [&](std::string const& x) { return x == ctx.caller.xuid; });
  if ((f.include_private || f.reservations) && !ctx.caller.server && !only_self)
    return TextResponse(403, "private and reservations queries need server access or the caller's own xuid.");
  if (!state_.templates.HasScid(scid)) return TextResponse(404, kUnknownScidMessage);
  if (!template_name.empty() && !state_.templates.Find(scid, template_name))
    return TextResponse(404, "The requested session template was not found.");

  Json results = Json::array();
  state_.sessions.WithLock([&](SessionStore& store) {
    for (auto const& xuid : xuids) {  // results in the order of the request's xuids
      std::vector<Hit> hits;
      for (auto const& entry : store.sessions()) {
        SessionRecord const& r = entry.second;
        if (r.scid != scid) continue;
        if (!template_name.empty() && ToLower(r.template_name) != ToLower(template_name)) continue;
        if (auto e = Match(r, f, xuid)) hits.push_back({r.doc.value("startTime", std::string()), entry.first, *e});
      }
      std::stable_sort(hits.begin(), hits.end(), [](Hit const& a, Hit const& b) { return a.start_time > b.start_time; });
      std::int64_t taken = 0;
      for (auto const& h : hits) {
        if (taken++ >= f.take) break;
        results.push_back(h.entry);
      }
    }
  });
  return JsonResponse(200, Json{{"results", results}}.dump());
}

}  // namespace xbl::emulator
