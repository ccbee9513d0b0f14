#include "handle_api.h"
#include "byte_rules.h"

#include "commit_point.h"

#include "ids.h"
#include "search_filter.h"
#include "session_access.h"
#include "session_document.h"
#include "session_merge.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace xbl::emulator {
namespace {

std::string SessionPathOf(Json const& ref) {
  return "/serviceconfigs/" + ref.value("scid", std::string()) + "/sessiontemplates/" +
         ref.value("templateName", std::string()) + "/sessions/" + ref.value("name", std::string());
}

std::string KeyOf(Json const& ref) {
  return SessionKey(ref.value("scid", std::string()), ref.value("templateName", std::string()),
                    ref.value("name", std::string()));
}

// A session reference with string scid/templateName (and name unless optional).
// Names from a body obey the same byte rules as names in a path: they end up in paths and headers.
bool ValidName(Json const& value) {
  return value.is_string() && !value.get_ref<std::string const&>().empty() &&
         FindForbiddenByte(value.get_ref<std::string const&>()) == std::string::npos;
}

bool ValidRef(Json const& ref, bool name_optional) {
  if (!ref.is_object()) return false;
  for (char const* k : {"scid", "templateName"})
    if (!ref.contains(k) || !ValidName(ref[k])) return false;
  if (ref.contains("name")) return ValidName(ref["name"]);
  return name_optional;
}

std::size_t UriEncodedLength(std::string const& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') ? 1 : 3;
  return n;
}

// Search attribute names and tags: start with a letter, no spaces, under 100 characters.
bool ValidAttributeName(std::string const& s) {
  if (s.empty() || s.size() >= 100 || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  return s.find_first_of(" \t\r\n") == std::string::npos;
}

bool IsActiveMember(SessionRecord const& r, std::string const& xuid) {
  std::string index = FindMemberByXuid(r, xuid);
  return !index.empty() && StatusOf(r.doc["members"][index]) == MemberStatus::kActive;
}

bool IsAcceptedMember(SessionRecord const& r, std::string const& xuid) {
  std::string index = FindMemberByXuid(r, xuid);
  return !index.empty() && !r.doc["members"][index].contains("reserved");
}

Json RelatedInfo(SessionRecord const& r, bool with_owners) {
  Json info = Json::object();
  auto max = AsInt(SessionSystemConstants(r).value("maxMembersCount", Json(100))).value_or(100);
  std::int64_t count = static_cast<std::int64_t>(MemberCount(r));
  std::string vis = Visibility(r);
  info["visibility"] = vis != "private" && count >= max ? std::string("full") : vis;
  info["joinRestriction"] = EffectiveRestriction(r, "joinRestriction");
  info["closed"] = ObjectOrEmpty(ObjectOrEmpty(r.doc, "properties"), "system").value("closed", false);
  info["maxMembersCount"] = max;
  info["membersCount"] = count;
  if (with_owners) {
    Json owners = Json::array();
    auto const& props = ObjectOrEmpty(ObjectOrEmpty(r.doc, "properties"), "system");
    if (auto o = props.find("owners"); o != props.end() && o->is_array())
      for (auto const& index : *o) {
        auto n = AsInt(index);
        auto const& m = ObjectOrEmpty(ObjectOrEmpty(r.doc, "members"), std::to_string(n.value_or(-1)).c_str());
        if (!m.empty()) owners.push_back(ObjectOrEmpty(ObjectOrEmpty(m, "constants"), "system").value("xuid", ""));
      }
    info["sessionOwners"] = owners;
  }
  return info;
}

Json RoleInfo(SessionRecord const& r) {
  Json types = Json::object();
  for (auto const& type : ObjectOrEmpty(r.doc, "roleTypes").items()) {
    Json roles = Json::object();
    for (auto const& role : ObjectOrEmpty(type.value(), "roles").items()) {
      Json xuids = Json::array();
      for (auto const& m : ObjectOrEmpty(r.doc, "members").items()) {
        auto const& assigned = ObjectOrEmpty(m.value(), "roles");
        if (assigned.value(type.key(), std::string()) == role.key())
          xuids.push_back(ObjectOrEmpty(ObjectOrEmpty(m.value(), "constants"), "system").value("xuid", ""));
      }
      Json entry = {{"count", xuids.size()}, {"memberXuids", xuids}};
      if (role.value().contains("max")) entry["max"] = role.value()["max"];
      if (role.value().contains("target")) entry["target"] = role.value()["target"];
      roles[role.key()] = entry;
    }
    types[type.key()] = Json{{"roles", roles}};
  }
  return Json{{"roleTypes", types}};
}

// The vocabulary of search filters (protocol §3.13 table) over one handle and its session.
std::optional<Json> ResolveSearchPath(HandleRecord const& h, SessionRecord const* r, std::string const& raw_path) {
  std::string path = ToLower(raw_path);
  Json const& attrs = ObjectOrEmpty(h.document, "searchAttributes");
  auto lookup = [&](char const* bag, std::string const& name) -> Json {
    for (auto const& e : ObjectOrEmpty(attrs, bag).items())
      if (ToLower(e.key()) == name) return e.value();
    return nullptr;
  };
  if (path.rfind("strings/", 0) == 0 && path.size() > 8) return lookup("strings", path.substr(8));
  if (path.rfind("numbers/", 0) == 0 && path.size() > 8) return lookup("numbers", path.substr(8));
  if (path == "tags") return attrs.value("tags", Json::array());
  if (path == "achievementids" || path == "language" || path == "session/scheduledtime" ||
      path == "session/postedtime" || path == "session/registrationstate")
    return attrs.value(raw_path.substr(raw_path.find('/') + 1), Json());
  if (path == "session/scid") return h.document["sessionRef"].value("scid", Json());
  if (path == "session/templatename") return h.document["sessionRef"].value("templateName", Json());
  if (path.rfind("session/", 0) != 0) return std::nullopt;
  Json roles_view = r ? RoleInfo(*r)["roleTypes"] : Json::object();
  std::int64_t target_total = 0, needs_total = 0;
  bool any_target = false;
  for (auto const& type : roles_view.items())
    for (auto const& role : type.value()["roles"].items()) {
      if (!role.value().contains("target")) continue;
      any_target = true;
      std::int64_t target = AsInt(role.value()["target"]).value_or(0);
      std::int64_t count = role.value()["count"].get<std::int64_t>();
      target_total += target;
      needs_total += std::max<std::int64_t>(0, target - count);
    }
  std::int64_t count = r ? static_cast<std::int64_t>(MemberCount(*r)) : 0;
  std::int64_t max = r ? AsInt(SessionSystemConstants(*r).value("maxMembersCount", Json(100))).value_or(100) : 0;
  if (path == "session/membercount" || path == "session/memberscount") return r ? Json(count) : Json();
  if (path == "session/maxmemberscount") return r ? Json(max) : Json();
  if (path == "session/maxmemberscountremaining") return r ? Json(max - count) : Json();
  if (path == "session/targetmemberscount") return any_target ? Json(target_total) : Json();
  if (path == "session/targetmemberscountremaining") return any_target ? Json(target_total - count) : Json();
  if (path == "session/needs") return any_target ? Json(needs_total) : Json();
  if (path == "session/keywords")
    return r ? ObjectOrEmpty(ObjectOrEmpty(r->doc, "properties"), "system").value("keywords", Json::array()) : Json::array();
  if (path == "session/memberxuids" || path == "session/ownerxuids") {
    Json xuids = Json::array();
    if (!r) return xuids;
    if (path == "session/ownerxuids") return RelatedInfo(*r, true)["sessionOwners"];
    for (auto const& m : ObjectOrEmpty(r->doc, "members").items())
      if (!m.value().contains("reserved"))
        xuids.push_back(ObjectOrEmpty(ObjectOrEmpty(m.value(), "constants"), "system").value("xuid", ""));
    return xuids;
  }
  if (path.rfind("session/roles/", 0) == 0) {
    std::string rest = raw_path.substr(14);
    std::size_t a = rest.find('/'), b = a == std::string::npos ? a : rest.find('/', a + 1);
    if (b == std::string::npos) return std::nullopt;
    std::string type = rest.substr(0, a), role = rest.substr(a + 1, b - a - 1), field = ToLower(rest.substr(b + 1));
    if (field != "count" && field != "target" && field != "needs") return std::nullopt;
    Json entry = roles_view.contains(type) && roles_view[type]["roles"].contains(role) ? roles_view[type]["roles"][role] : Json();
    if (entry.is_null()) return Json();
    if (field == "needs") {
      if (!entry.contains("target")) return Json();
      return Json(std::max<std::int64_t>(0, AsInt(entry["target"]).value_or(0) - entry["count"].get<std::int64_t>()));
    }
    return entry.value(field, Json());
  }
  return std::nullopt;
}

// `{"moniker":..,"monikerXuid":..}`: whose social group is meant; the caller when no xuid is
// given. "" when it names nobody. Every moniker reads the one follow graph (PUT /_emulator/social).
std::string MonikerXuid(Json const& people, Principal const& caller) {
  return XuidString(people.value("monikerXuid", Json(caller.xuid)));
}

// Search query `sessionMembers.people`: some accepted member of the session is followed by `who`.
bool HasFollowedMember(SessionRecord const* r, std::string const& who, SocialGraph const& social) {
  if (!r) return false;
  for (auto const& m : ObjectOrEmpty(r->doc, "members").items()) {
    if (m.value().contains("reserved")) continue;  // as session/memberXuids: reservations are not members yet
    auto const& xuid = ObjectOrEmpty(ObjectOrEmpty(m.value(), "constants"), "system").value("xuid", Json());
    if (xuid.is_string() && social.Follows(who, xuid.get<std::string>())) return true;
  }
  return false;
}

std::set<std::string> Includes(std::string const& query) {
  std::set<std::string> out;
  std::string list = ParseQuery(query)["include"];
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    std::string item = ToLower(list.substr(start, end - start));
    if (!item.empty()) out.insert(item);
    start = end + 1;
  }
  return out;
}

// The handle as returned by GET and queries; query includes add related data.
Json RenderHandle(HandleRecord const& h, SessionRecord const* r, std::set<std::string> const& include) {
  Json doc = h.document;
  if (!r) return doc;
  bool search = h.type == "search";
  if (include.count("relatedinfo")) doc["relatedInfo"] = RelatedInfo(*r, search);
  if (include.count("customproperties"))
    doc["customProperties"] = ObjectOrEmpty(ObjectOrEmpty(r->doc, "properties"), "custom");
  if (search && include.count("roleinfo")) doc["roleInfo"] = RoleInfo(*r);
  return doc;
}

}  // namespace

void PruneActivityHandles(HandleStore& handles, std::string const& key, SessionRecord const* record) {
  handles.EraseIf([&](HandleRecord const& h) {
    if (h.session_key != key) return false;
    if (h.type == "activity") return !record || !IsActiveMember(*record, h.owner_xuid);
    return false;
  });
}

HttpResponse HandleApi::Create(CallContext const& ctx) {
  auto body = ParseJson(ctx.request->body);
  if (!body || !body->is_object()) return TextResponse(400, "The handle request must be a JSON object nested at most " + std::to_string(kMaxJsonDepth) + " levels deep.");
  Json req = *body;
  if (AsInt(req.value("version", Json())) != 1) return TextResponse(400, "Handle version must be 1.");
  std::string type = ToLower(req.value("type", std::string()));
  if (type != "activity" && type != "invite" && type != "transfer" && type != "search")
    return TextResponse(400, "Handle type must be activity, invite, transfer or search.");
  Json ref = req.value("sessionRef", Json());
  if (!ValidRef(ref, type == "activity")) return TextResponse(400, "sessionRef needs scid, templateName and name, without control characters.");
  // "MPSD fills in a GUID" for a missing name; a handle never creates a session, so nobody is a
  // member of that one and the activity needs no membership.
  bool const generated_name = !ref.contains("name");
  if (generated_name) ref["name"] = NewGuid();
  SessionRef sref{ref["scid"], ref["templateName"], ref["name"]};
  if (auto bad = sessions_.CheckTemplate(sref)) return *bad;
  if (type == "transfer") {
    if (!ValidRef(req.value("originSessionRef", Json()), false))
      return TextResponse(400, "A transfer handle needs originSessionRef.");
    Json origin = req["originSessionRef"];
    if (auto bad = sessions_.CheckTemplate(SessionRef{origin["scid"], origin["templateName"], origin["name"]})) return *bad;
  }
  if (type == "invite") {
    if (XuidString(req.value("invitedXuid", Json())).empty()) return TextResponse(400, "invitedXuid is required.");
    Json attrs = req.value("inviteAttributes", Json::object());
    if (!attrs.is_object()) return TextResponse(400, "inviteAttributes must be an object.");
    if (auto c = attrs.find("context"); c != attrs.end() && (!c->is_string() || UriEncodedLength(c->get<std::string>()) > 256))
      return TextResponse(400, "inviteAttributes.context must be at most 256 characters URI-encoded.");
  }
  if (type == "search") {
    Json attrs = req.value("searchAttributes", Json::object());
    if (!attrs.is_object()) return TextResponse(400, "searchAttributes must be an object.");
    for (auto const& tag : attrs.value("tags", Json::array()))
      if (!tag.is_string() || !ValidAttributeName(tag.get<std::string>()))
        return TextResponse(400, "Search tags start with a letter, have no spaces and are under 100 characters.");
    for (auto const& s : ObjectOrEmpty(attrs, "strings").items())
      if (!ValidAttributeName(s.key()) || !s.value().is_string()) return TextResponse(400, "Invalid search string attribute.");
    for (auto const& n : ObjectOrEmpty(attrs, "numbers").items())
      if (!ValidAttributeName(n.key()) || !n.value().is_number()) return TextResponse(400, "Invalid search number attribute.");
  }

  TimeMs now = state_.clock.Now();
  std::string key = KeyOf(ref);
  return state_.sessions.WithLock([&](SessionStore& store) -> HttpResponse {
    SessionRecord* record = store.Find(key);
    bool const member = record && !FindMemberByXuid(*record, ctx.caller.xuid).empty();
    HandleRecord h;
    h.id = NewGuid();
    h.type = type;
    h.session_key = key;
    h.owner_xuid = ctx.caller.xuid;
    h.title_id = ctx.caller.title_id;
    Json doc = Json::object();
    doc["id"] = h.id;
    doc["type"] = type;
    doc["version"] = 1;
    doc["sessionRef"] = ref;
    if (type == "activity") {
      if (!ctx.caller.has_user() || (!member && !generated_name))
        return TextResponse(403, "Only a member of the session can set it as their activity.");
      doc["titleId"] = ctx.caller.title_id;
      doc["ownerXuid"] = ctx.caller.xuid;
      h.document = doc;
      // One activity per user: the previous one is replaced.
      state_.handles.EraseIf([&](HandleRecord const& o) { return o.type == "activity" && o.owner_xuid == ctx.caller.xuid; });
      state_.handles.Put(h);
      return EmptyResponse(204);
    }
    if (type == "invite") {
      if (!member && !ctx.caller.server) return TextResponse(403, "Only members of the session can send invites.");
      if (record && HasCapability(*record, "hasOwners") && !ctx.caller.server) {
        auto const& policies = ObjectOrEmpty(SessionSystemConstants(*record), "ownershipPolicies");
        bool allowed = policies.value("allowNonOwnerInviteHandles", false);
        auto owners = RelatedInfo(*record, true)["sessionOwners"];
        bool owner = std::find(owners.begin(), owners.end(), Json(ctx.caller.xuid)) != owners.end();
        if (!owner && !allowed) return TextResponse(403, "Only session owners can send invites.");
      }
      doc["invitedXuid"] = XuidString(req["invitedXuid"]);
      doc["senderXuid"] = ctx.caller.xuid;
      doc["inviteAttributes"] = req.value("inviteAttributes", Json::object());
      doc["expiration"] = FormatIso8601(now + 24LL * 3600 * 1000);
    } else if (type == "transfer") {
      SessionRecord* origin = store.Find(KeyOf(req["originSessionRef"]));
      if (!ctx.caller.server && !(origin && IsAcceptedMember(*origin, ctx.caller.xuid)))
        return TextResponse(403, "Only members of the origin session can create a transfer handle.");
      doc["originSessionRef"] = req["originSessionRef"];
    } else {  // search
      if (!record) return TextResponse(404, kSessionNotFoundMessage);
      if (!HasCapability(*record, "searchable")) return TextResponse(400, "The session is not searchable.");
      if (!member && !ctx.caller.server) return TextResponse(403, "Only members of the session can create its search handle.");
      doc["createTime"] = FormatIso8601(now);
      doc["searchAttributes"] = req.value("searchAttributes", Json::object());
      // "A session can only have one search handle created for it at any time": replace it.
      state_.handles.EraseIf([&](HandleRecord const& o) { return o.type == "search" && o.session_key == key; });
      Json before = record->doc;
      record->doc["searchHandle"] = h.id;
      CommitSession(state_, *record, before, RequestCause(*ctx.request, ctx.caller));
    }
    h.document = doc;
    state_.handles.Put(h);
    return JsonResponse(201, RenderHandle(h, nullptr, {}).dump());
  });
}

HttpResponse HandleApi::Get(std::string const& id, CallContext const&) {
  auto h = state_.handles.Find(id);
  if (!h) return TextResponse(404, "The handle was not found.");
  return JsonResponse(200, h->document.dump());
}

HttpResponse HandleApi::Delete(std::string const& id, CallContext const& ctx) {
  return state_.sessions.WithLock([&](SessionStore& store) -> HttpResponse {
    auto h = state_.handles.Find(id);
    if (!h) return TextResponse(404, "The handle was not found.");
    if (h->type == "activity" && !ctx.caller.server &&
        (ctx.caller.xuid != h->owner_xuid || ctx.caller.title_id != h->title_id))
      return TextResponse(403, "An activity handle can only be deleted by its owner's title.");
    state_.handles.Erase(id);
    if (h->type == "search") {
      if (SessionRecord* r = store.Find(h->session_key); r && r->doc.value("searchHandle", std::string()) == h->id) {
        Json before = r->doc;
        r->doc.erase("searchHandle");
        CommitSession(state_, *r, before, RequestCause(*ctx.request, ctx.caller));
      }
    }
    return EmptyResponse(204);
  });
}

HttpResponse HandleApi::GetSession(std::string const& id, CallContext const& ctx) {
  auto h = state_.handles.Find(id);
  if (!h) return TextResponse(404, "The handle was not found.");
  Json const& ref = h->document["sessionRef"];
  return sessions_.Get(SessionRef{ref["scid"], ref["templateName"], ref["name"]}, ctx, SessionPathOf(ref));
}

HttpResponse HandleApi::PutSession(std::string const& id, CallContext const& ctx) {
  auto h = state_.handles.Find(id);
  if (!h) return TextResponse(404, "The handle was not found.");
  Json const& ref = h->document["sessionRef"];
  PutMode mode;
  mode.content_location = SessionPathOf(ref);
  if (h->type == "transfer") {
    // The caller must also be in the origin (lobby) session.
    bool in_origin = state_.sessions.WithLock([&](SessionStore& store) {
      SessionRecord* origin = store.Find(KeyOf(h->document["originSessionRef"]));
      return origin && IsAcceptedMember(*origin, ctx.caller.xuid);
    });
    if (!in_origin && !ctx.caller.server)
      return TextResponse(403, "Only members of the origin session can join through this transfer handle.");
    mode.via_handle = true;
  } else if (h->type == "invite") {
    mode.via_handle = true;
    mode.read_only_handle = state_.sessions.WithLock([&](SessionStore& store) {
      SessionRecord* r = store.Find(h->session_key);
      return r && ObjectOrEmpty(ObjectOrEmpty(r->doc, "properties"), "system").value("closed", false);
    });
  } else if (h->type == "search") {
    mode.via_handle = true;
  }
  return sessions_.Put(SessionRef{ref["scid"], ref["templateName"], ref["name"]}, ctx, mode);
}

HttpResponse HandleApi::Query(CallContext const& ctx) {
  auto body = ParseJson(ctx.request->body);
  if (!body || !body->is_object()) return TextResponse(400, "The handle query must be a JSON object nested at most " + std::to_string(kMaxJsonDepth) + " levels deep.");
  Json req = *body;
  std::string type = ToLower(req.value("type", std::string()));
  auto include = Includes(ctx.request->query);
  std::string scid = req.value("scid", std::string());
  Json results = Json::array();
  if (type == "activity") {
    std::set<std::string> owners;
    Json const& o = ObjectOrEmpty(req, "owners");
    if (o.contains("xuids") && o["xuids"].is_array()) {
      for (auto const& x : o["xuids"])
        if (!XuidString(x).empty()) owners.insert(XuidString(x));
    } else if (o.contains("people") && o["people"].is_object()) {
      std::string who = MonikerXuid(o["people"], ctx.caller);
      // "people": the users the moniker's owner follows (the follow graph fixture).
      for (auto const& h : state_.handles.Select([](HandleRecord const& r) { return r.type == "activity"; }))
        if (state_.social.Follows(who, h.owner_xuid)) owners.insert(h.owner_xuid);
    } else {
      return TextResponse(400, "An activity query needs owners.xuids or owners.people.");
    }
    state_.sessions.WithLock([&](SessionStore& store) {
      for (auto const& h : state_.handles.Select([&](HandleRecord const& r) {
             return r.type == "activity" && owners.count(r.owner_xuid) &&
                    (scid.empty() || r.document["sessionRef"].value("scid", std::string()) == scid);
           })) {
        if (results.size() >= 100) break;
        results.push_back(RenderHandle(h, store.Find(h.session_key), include));
      }
    });
    return JsonResponse(200, Json{{"results", results}}.dump());
  }
  if (type != "search") return TextResponse(400, "Handle queries support type activity or search.");
  std::string template_name = req.value("templateName", std::string());
  std::shared_ptr<SearchFilter> filter;
  auto const f = req.find("filter");
  if (f != req.end() && !f->is_string() && !f->is_null()) return TextResponse(400, "filter must be a string.");
  // XSAPI sends `"filter":""` when the title gave none: an empty filter matches everything.
  if (f != req.end() && f->is_string() && !f->get<std::string>().empty()) {
    std::string error;
    filter = SearchFilter::Parse(f->get<std::string>(), &error);
    if (!filter) return TextResponse(400, "Invalid search filter: " + error);
    HandleRecord probe;
    probe.document = Json{{"sessionRef", Json::object()}};
    if (!filter->Validate([&](std::string const& p) { return ResolveSearchPath(probe, nullptr, p); }, &error))
      return TextResponse(400, "Invalid search filter: " + error);
  }
  std::string people_of;  // sessionMembers.people: only sessions with someone this user follows
  if (auto sm = req.find("sessionMembers"); sm != req.end()) {
    if (!sm->is_object() || !sm->contains("people") || !(*sm)["people"].is_object())
      return TextResponse(400, "sessionMembers must be {\"people\":{\"moniker\":..,\"monikerXuid\":..}}.");
    Json const& people = (*sm)["people"];
    if (auto moniker = people.find("moniker"); moniker != people.end() && !moniker->is_string())
      return TextResponse(400, "sessionMembers.people.moniker must be a string.");
    people_of = MonikerXuid(people, ctx.caller);
    if (people_of.empty()) return TextResponse(400, "sessionMembers.people needs a monikerXuid.");
  }
  std::string order_path;
  bool descending = false;
  if (auto ob = req.find("orderBy"); ob != req.end() && ob->is_string()) {
    std::string text = ob->get<std::string>();
    std::size_t space = text.find(' ');
    order_path = text.substr(0, space);
    std::string dir = space == std::string::npos ? "asc" : ToLower(text.substr(space + 1));
    if (dir != "asc" && dir != "desc") return TextResponse(400, "orderBy direction must be asc or desc.");
    descending = dir == "desc";
  }
  struct Found {
    Json sort_key;
    std::string create_time;
    Json rendered;
  };
  std::vector<Found> found;
  state_.sessions.WithLock([&](SessionStore& store) {
    for (auto const& h : state_.handles.Select([&](HandleRecord const& r) {
           Json const& ref = r.document["sessionRef"];
           return r.type == "search" && (scid.empty() || ref.value("scid", std::string()) == scid) &&
                  (template_name.empty() || ToLower(ref.value("templateName", std::string())) == ToLower(template_name));
         })) {
      SessionRecord const* r = store.Find(h.session_key);
      auto resolver = [&](std::string const& p) { return ResolveSearchPath(h, r, p); };
      if (filter && !filter->Matches(resolver)) continue;
      if (!people_of.empty() && !HasFollowedMember(r, people_of, state_.social)) continue;
      Json sort_key = order_path.empty() ? Json() : resolver(order_path).value_or(Json());
      found.push_back({sort_key, h.document.value("createTime", std::string()), RenderHandle(h, r, include)});
    }
  });
  std::stable_sort(found.begin(), found.end(), [&](Found const& a, Found const& b) {
    if (!order_path.empty() && a.sort_key != b.sort_key) return descending ? a.sort_key > b.sort_key : a.sort_key < b.sort_key;
    return a.create_time < b.create_time;
  });
  for (auto const& f : found) {
    if (results.size() >= 100) break;  // "Only the first 100 matches are returned"
    results.push_back(f.rendered);
  }
  return JsonResponse(200, Json{{"results", results}}.dump());
}

}  // namespace xbl::emulator
