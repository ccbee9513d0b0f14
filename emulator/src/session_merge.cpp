#include "session_merge.h"

#include "http_message.h"
#include "ids.h"
#include "initialization.h"
#include "ownership_roles.h"
#include "recent_players.h"
#include "session_access.h"
#include "session_document.h"
#include "session_rules.h"

namespace xbl::emulator {
namespace {

bool IsIndexKey(std::string const& k) {
  return !k.empty() && k.size() < 10 && k.find_first_not_of("0123456789") == std::string::npos;
}

bool TruthyInitialize(Json const& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_string()) return ToLower(v.get<std::string>()) == "true";
  return false;
}

// Request constants against locked values: same value is accepted, a different or new one is 409.
std::optional<Failure> CompareConstants(Json const& locked, Json const& requested, std::string const& where,
                                        bool allow_new) {
  for (char const* bag : {"system", "custom"}) {
    auto const& have = ObjectOrEmpty(locked, bag);
    for (auto const& item : ObjectOrEmpty(requested, bag).items()) {
      auto it = have.find(item.key());
      if (it == have.end()) {
        if (allow_new) continue;
        return Conflict("The constant " + where + "." + bag + "." + item.key() +
                        " can only be set when the session or member is created.");
      }
      if (!JsonEqual(*it, item.value()))
        return Conflict("The constant " + where + "." + bag + "." + item.key() +
                        " conflicts with the session or session template.");
    }
  }
  return std::nullopt;
}

// Replace-whole per key, null deletes (protocol §3.3).
void MergeBag(Json& target, Json const& patch) {
  if (!target.is_object()) target = Json::object();
  for (auto const& item : patch.items()) {
    if (item.value().is_null())
      target.erase(item.key());
    else
      target[item.key()] = item.value();
  }
}

Json EmptyBags() { return Json{{"system", Json::object()}, {"custom", Json::object()}}; }

std::optional<Failure> ApplyMemberProperties(SessionRecord& record, std::string const& index, Json const& patch,
                                             WriteContext const& ctx) {
  // ordered_json objects are vectors whose reallocation deep-copies children, so no reference
  // into the document is held across an insertion: the member is edited as a local copy and
  // written back at the end.
  Json member = record.doc["members"][index];
  if (!member["properties"].is_object()) member["properties"] = EmptyBags();
  Json sys = member["properties"].value("system", Json::object());
  Json custom = member["properties"].value("custom", Json::object());
  if (!sys.is_object()) sys = Json::object();
  if (!custom.is_object()) custom = Json::object();
  Json const& req_sys = ObjectOrEmpty(patch, "system");
  std::optional<std::string> device_token;  // "" clears
  auto flag_in = [&](char const* name) -> std::optional<bool> {
    auto it = req_sys.find(name);
    if (it == req_sys.end()) return std::nullopt;
    if (it->is_null()) return false;
    if (!it->is_boolean()) return std::nullopt;
    return it->get<bool>();
  };
  for (char const* f : {"ready", "active"})
    if (auto it = req_sys.find(f); it != req_sys.end() && !it->is_boolean() && !it->is_null())
      return BadRequest(std::string(f) + " must be a boolean.");
  auto ready = flag_in("ready");
  auto active = flag_in("active");
  if (ready.value_or(false) && active.value_or(false))
    return BadRequest("It is an error to set both ready and active to true.");
  MemberStatus const before = StatusOf(member);
  bool const large = record.large;
  for (auto const& item : req_sys.items()) {
    std::string key = item.key();
    Json const& v = item.value();
    if (key == "ready" || key == "active") continue;
    if (key == "group") key = "initializationGroup";
    if (key == "secureDeviceAddress") {
      if (!v.is_null() && !v.is_string()) return BadRequest("secureDeviceAddress must be a base64 string.");
      if (v.is_null() || v.get<std::string>().empty()) {
        sys.erase(key);
        device_token = std::string();
        continue;
      }
      if (!HasCapability(record, "connectivity"))
        return BadRequest("secureDeviceAddress requires the connectivity capability.");
      sys[key] = v;
      device_token = HexHash(v.get<std::string>());
      continue;
    }
    if (key == "subscriptions") {
      if (large) return BadRequest("You cannot subscribe to a large session.");
      if (!v.is_object() && !v.is_null()) return BadRequest("subscriptions must be an object.");
      if (v.is_null()) {
        sys.erase(key);
        continue;
      }
      Json& subs = sys[key];
      if (!subs.is_object()) subs = Json::object();
      for (auto const& s : v.items()) {
        if (s.value().is_null())
          subs.erase(s.key());
        else if (!s.value().is_object())
          return BadRequest("subscriptions." + s.key() + " must be an object or null.");
        else
          subs[s.key()] = s.value();
      }
      if (subs.empty()) sys.erase(key);
      continue;
    }
    if (key == "subscription" && large) return BadRequest("You cannot subscribe to a large session.");
    if (key == "encounters") {
      if (!v.is_null()) {
        if (auto f = ValidateGroupNames(v, "encounters")) return f;
        RecordEncounters(record.member[index], v, ctx.now);
      }
      continue;  // point in time: consumed, never rendered
    }
    if (key == "groups") {
      if (!v.is_null())
        if (auto f = ValidateGroupNames(v, "groups")) return f;
      if (v.is_null() || v.empty())
        sys.erase(key);
      else
        sys[key] = v;
      continue;
    }
    if (key == "initializationGroup" && !v.is_null()) {
      if (large) return BadRequest("initializationGroup is not allowed on large sessions.");
      if (!v.is_array()) return BadRequest("initializationGroup must be an array of member indices.");
      Json group = Json::array();
      bool has_self = false;
      for (auto const& e : v) {
        auto n = AsInt(e);
        if (!n || *n < 0 || *n >= record.next_index)
          return BadRequest("Each initializationGroup element must satisfy 0 <= n < membersInfo/next.");
        has_self = has_self || std::to_string(*n) == index;
        group.push_back(*n);
      }
      if (!has_self) group.push_back(std::stoll(index));
      sys[key] = group;
      continue;
    }
    if (key == "measurements" && !v.is_null()) {
      if (!v.is_object()) return BadRequest("measurements must be an object keyed by device token.");
      continue;  // checked below, once deviceToken is final
    }
    if (key == "serverMeasurements" && !v.is_null() && !v.is_object())
      return BadRequest("serverMeasurements must be an object keyed by connection string.");
    if (v.is_null())
      sys.erase(key);
    else
      sys[key] = v;
  }
  if (auto m = req_sys.find("measurements"); m != req_sys.end() && m->is_object()) {
    std::string own = ToLower(device_token ? *device_token : member.value("deviceToken", std::string()));
    for (auto const& e : m->items())
      if (!own.empty() && ToLower(e.key()) == own)
        return BadRequest("measurements must not contain an entry for the member's own device token.");
    sys["measurements"] = *m;
  }
  MergeBag(custom, ObjectOrEmpty(patch, "custom"));

  // The RTA connection rules (connectionRequiredForActiveMembers) are checked on the merged
  // result, with the socket registry, by CheckRtaBinding before the commit.
  // ready/active are maintained internally: an omitted flag leaves the status unchanged.
  if (active) {
    if (*active) {
      sys["active"] = true;
      sys.erase("ready");
    } else {
      sys.erase("active");
    }
  }
  if (ready) {
    if (*ready) {
      sys["ready"] = true;
      sys.erase("active");
    } else {
      sys.erase("ready");
    }
  }
  member["properties"]["system"] = sys;
  member["properties"]["custom"] = custom;
  if (device_token) {
    if (device_token->empty())
      member.erase("deviceToken");
    else
      member["deviceToken"] = *device_token;
  }
  MemberStatus const after = StatusOf(member);
  auto& state = record.member[index];
  if (after == MemberStatus::kActive) {
    member["activeTitleId"] = state.title_id.empty() ? ctx.caller.title_id : state.title_id;
  } else {
    member.erase("activeTitleId");
  }
  if (after != before) state.state_since = ctx.now;
  record.doc["members"][index] = std::move(member);
  return std::nullopt;
}

std::optional<Failure> AddMember(SessionRecord& record, Json const& entry, std::string const& xuid, bool reserved,
                                 WriteContext const& ctx, Principal const* joining) {
  auto max = AsInt(SessionSystemConstants(record).value("maxMembersCount", Json(100)));
  if (max && static_cast<std::int64_t>(MemberCount(record)) >= *max)
    return BadRequest("The session is full: maxMembersCount is " + std::to_string(*max) + ".");
  std::string index = std::to_string(record.next_index++);
  Json constants = EmptyBags();
  MergeBag(constants["system"], ObjectOrEmpty(ObjectOrEmpty(entry, "constants"), "system"));
  MergeBag(constants["custom"], ObjectOrEmpty(ObjectOrEmpty(entry, "constants"), "custom"));
  constants["system"]["xuid"] = xuid;
  bool initialize = false;
  if (auto it = constants["system"].find("initialize"); it != constants["system"].end()) {
    initialize = TruthyInitialize(*it);
    constants["system"]["initialize"] = initialize;
  }
  Json member = Json::object();
  member["constants"] = constants;
  member["properties"] = EmptyBags();
  if (reserved) member["reserved"] = true;
  if (joining && !joining->gamertag.empty()) member["gamertag"] = joining->gamertag;
  member["joinTime"] = FormatIso8601(ctx.now);
  if (!record.doc["members"].is_object()) record.doc["members"] = Json::object();
  record.doc["members"][index] = member;
  MemberState state;
  state.state_since = ctx.now;
  if (joining) {
    state.device_id = joining->device_id;
    state.title_id = joining->title_id;
  }
  record.member[index] = state;
  OnMemberAdded(record, index, initialize, ctx.now);
  return std::nullopt;
}

std::optional<Failure> ApplyMe(SessionRecord& record, Json const& value, WriteContext const& ctx) {
  Principal const& caller = ctx.caller;
  if (!caller.has_user()) return Forbidden("members.me requires a user principal with a xuid claim.");
  std::string index = FindMemberByXuid(record, caller.xuid);
  if (value.is_null()) {
    if (!index.empty()) {
      RemoveMember(record, index);
    }
    return std::nullopt;
  }
  auto const& req_constants = ObjectOrEmpty(value, "constants");
  if (auto x = ObjectOrEmpty(req_constants, "system").find("xuid");
      x != ObjectOrEmpty(req_constants, "system").end() && XuidString(*x) != caller.xuid)
    return BadRequest("members.me.constants.system.xuid must be the caller's xuid.");
  if (index.empty()) {
    if (!ctx.creating && !caller.server)
      if (auto f = CheckJoin(record, caller, *ctx.social, ctx.via_handle)) return f;
    if (auto f = AddMember(record, value, caller.xuid, false, ctx, &caller)) return f;
    index = std::to_string(record.next_index - 1);
  } else {
    Json& member = record.doc["members"][index];
    bool const promoting = member.contains("reserved");
    if (auto f = CompareConstants(member["constants"], req_constants, "members.me.constants", promoting)) return f;
    if (promoting) {
      for (char const* bag : {"system", "custom"})
        for (auto const& item : ObjectOrEmpty(req_constants, bag).items())
          if (!member["constants"][bag].contains(item.key())) member["constants"][bag][item.key()] = item.value();
      member.erase("reserved");
      if (!caller.gamertag.empty()) member["gamertag"] = caller.gamertag;
      auto& state = record.member[index];
      state.state_since = ctx.now;
    }
    record.member[index].device_id = caller.device_id;
    record.member[index].title_id = caller.title_id;
  }
  if (auto props = value.find("properties"); props != value.end())
    if (auto f = ApplyMemberProperties(record, index, *props, ctx)) return f;
  if (auto roles = value.find("roles"); roles != value.end())
    if (auto f = ApplyMemberRoles(record, index, *roles, ctx.caller)) return f;
  return std::nullopt;
}

std::optional<Failure> ApplyMembers(SessionRecord& record, Json const& members, WriteContext const& ctx) {
  for (auto const& item : members.items()) {
    std::string const& key = item.key();
    Json const& value = item.value();
    if (key == "me") {
      if (auto f = ApplyMe(record, value, ctx)) return f;
    } else if (key.rfind("reserve_", 0) == 0) {
      if (record.large) return Conflict("Members other than the caller cannot be added to a large session.");
      std::string xuid = XuidString(ObjectOrEmpty(ObjectOrEmpty(value, "constants"), "system").value("xuid", Json()));
      if (xuid.empty()) return BadRequest(key + ".constants.system.xuid must be a decimal xuid.");
      if (!FindMemberByXuid(record, xuid).empty()) continue;  // idempotent: never a second entry
      if (auto f = AddMember(record, value, xuid, true, ctx, nullptr)) return f;
    } else if (IsIndexKey(key)) {
      if (record.large) return Conflict("Members other than the caller cannot be removed from a large session.");
      std::string index = std::to_string(std::stoll(key));
      bool exists = ObjectOrEmpty(record.doc, "members").contains(index);
      if (value.is_null()) {
        if (exists) {
          RemoveMember(record, index);
        }
        continue;
      }
      if (!exists) return BadRequest("members." + key + " does not exist.");
      Json& member = record.doc["members"][index];
      if (auto f = CompareConstants(member["constants"], ObjectOrEmpty(value, "constants"), "members." + key + ".constants",
                                    false))
        return f;
      if (auto props = value.find("properties"); props != value.end())
        if (auto f = ApplyMemberProperties(record, index, *props, ctx)) return f;
      if (auto roles = value.find("roles"); roles != value.end())
        if (auto f = ApplyMemberRoles(record, index, *roles, ctx.caller)) return f;
    }
  }
  return std::nullopt;
}

// `"<index>": null` entries: removals of existing members by index.
bool RemovesByIndex(Json const& request) {
  for (auto const& m : ObjectOrEmpty(request, "members").items())
    if (IsIndexKey(m.key())) return true;
  return false;
}

bool MutatesBeyondMe(Json const& request) {
  for (auto const& item : request.items()) {
    if (item.key() != "members") return true;
    for (auto const& m : item.value().items())
      if (m.key() != "me") return true;
  }
  return false;
}

}  // namespace

std::string XuidString(Json const& value) {
  std::string s;
  if (value.is_string())
    s = value.get<std::string>();
  else if (value.is_number_unsigned())
    s = std::to_string(value.get<std::uint64_t>());
  else if (value.is_number_integer() && value.get<std::int64_t>() > 0)
    s = std::to_string(value.get<std::int64_t>());
  if (s.empty() || s.size() > 20 || s.find_first_not_of("0123456789") != std::string::npos) return {};
  return s;
}

std::int64_t CountInitializeMembers(Json const& request) {
  std::int64_t n = 0;
  for (auto const& item : ObjectOrEmpty(request, "members").items()) {
    if (!item.value().is_object()) continue;
    auto const& sys = ObjectOrEmpty(ObjectOrEmpty(item.value(), "constants"), "system");
    if (auto it = sys.find("initialize"); it != sys.end() && TruthyInitialize(*it)) ++n;
  }
  return n;
}

std::variant<SessionRecord, Failure> CreateSessionRecord(SessionTemplate const& tmpl, std::string const& name,
                                                         Json const& request, WriteContext const& ctx,
                                                         std::string const& correlation_id) {
  if (ctx.caller.has_user() && !ctx.caller.multiplayer_privilege && !ctx.caller.server)
    return Forbidden("A user must have the multiplayer privilege to create a session.");
  Json const& locked = ObjectOrEmpty(tmpl.document, "constants");
  Json const& requested = ObjectOrEmpty(request, "constants");
  if (auto f = CompareConstants(locked, requested, "constants", true)) return *f;
  Json constants = EmptyBags();
  for (char const* bag : {"system", "custom"}) {
    for (auto const& item : ObjectOrEmpty(locked, bag).items()) constants[bag][item.key()] = item.value();
    for (auto const& item : ObjectOrEmpty(requested, bag).items())
      if (!constants[bag].contains(item.key()) && !(std::string(bag) == "custom" && item.value().is_null()))
        constants[bag][item.key()] = item.value();
  }
  if (auto f = ValidateSystemConstants(constants["system"], ctx.caller)) return *f;
  ApplyConstantDefaults(constants["system"], std::min(ctx.contract, tmpl.contract_version) < 107 ? 104 : 107);

  SessionRecord record;
  record.scid = tmpl.scid;
  record.template_name = tmpl.name;
  record.name = name;
  record.create_contract = ctx.contract;
  Json doc = Json::object();
  doc["contractVersion"] = 107;
  doc["branch"] = NewGuid();
  doc["changeNumber"] = 0;
  doc["correlationId"] = correlation_id.empty() ? NewGuid() : correlation_id;
  doc["startTime"] = FormatIso8601(ctx.now);
  doc["constants"] = constants;
  doc["properties"] = EmptyBags();
  Json role_types = tmpl.document.contains("roleTypes") ? tmpl.document["roleTypes"] : Json();
  if (request.contains("roleTypes")) {
    if (!role_types.is_null() && !JsonEqual(role_types, request["roleTypes"]))
      return Conflict("roleTypes conflict with the session template.");
    role_types = request["roleTypes"];
  }
  if (!role_types.is_null()) {
    if (auto f = ValidateRoleTypes(role_types, ObjectOrEmpty(constants["system"], "capabilities").value("hasOwners", false)))
      return *f;
    doc["roleTypes"] = role_types;
  }
  doc["members"] = Json::object();
  record.doc = std::move(doc);
  record.large = HasCapability(record, "large");
  return record;
}

std::optional<Failure> ApplyWrite(SessionRecord& record, Json const& request, WriteContext const& ctx) {
  Principal const& caller = ctx.caller;
  // Index references are a server's, except that owners of hasOwners sessions may remove members
  // (protocol §3.6); the request shape already refused a user's non-null index entries.
  if (!caller.server && RemovesByIndex(request) && !MayRemoveOtherMembers(record, caller))
    return Forbidden(kExistingMemberReferenceMessage);
  bool const member = !FindMemberByXuid(record, caller.xuid).empty();
  if (!ctx.creating && !caller.server && !member) {
    auto const& members = ObjectOrEmpty(request, "members");
    bool const joining = members.contains("me") && !members["me"].is_null();
    if (MutatesBeyondMe(request) && !ctx.via_handle) {
      if (auto f = CheckWrite(record, caller, *ctx.social)) return f;
    } else if (!joining && !ctx.via_handle) {
      if (auto f = CheckRead(record, caller, *ctx.social)) return f;
    }
  }
  if (!ctx.creating) {
    if (auto f = CompareConstants(record.doc["constants"], ObjectOrEmpty(request, "constants"), "constants", false))
      return f;
    if (auto rt = request.find("roleTypes"); rt != request.end())
      if (auto f = ApplyRoleTypeChanges(record, *rt, caller)) return f;
  }
  if (auto members = request.find("members"); members != request.end())
    if (auto f = ApplyMembers(record, *members, ctx)) return f;

  if (auto props = request.find("properties"); props != request.end()) {
    Json const& sys_changes = ObjectOrEmpty(*props, "system");
    if (auto f = ValidateSystemProperties(record, sys_changes)) return f;
    if (!ctx.creating)
      if (auto f = CheckSystemPropertyOwnership(record, sys_changes, caller)) return f;
    Json changes = sys_changes;
    if (auto decision = changes.find("initializationSucceeded"); decision != changes.end()) {
      if (auto f = OnInitializationDecision(record, decision->get<bool>(), ctx.now)) return f;
      changes.erase("initializationSucceeded");
    }
    if (changes.contains("host") && !changes["host"].is_null()) record.doc.erase("hostCandidates");
    MergeBag(SessionSystemProperties(record), changes);
    Json& custom = record.doc["properties"]["custom"];
    MergeBag(custom, ObjectOrEmpty(*props, "custom"));
  }
  if (auto servers = request.find("servers"); servers != request.end()) {
    Json& target = record.doc["servers"];
    if (!target.is_object()) target = Json::object();
    for (auto const& item : servers->items()) {
      if (item.value().is_null()) {
        target.erase(item.key());
        continue;
      }
      Json& server = target[item.key()];
      if (!server.is_object()) server = Json::object();
      for (char const* part : {"constants", "properties"}) {
        if (!item.value().contains(part)) continue;
        if (!item.value()[part].is_object()) return BadRequest(std::string("servers.") + item.key() + "." + part + " must be an object.");
        if (!server[part].is_object()) server[part] = Json::object();
        for (auto const& bag : item.value()[part].items()) {
          if (!bag.value().is_object()) return BadRequest("server property bags must be objects.");
          MergeBag(server[part][bag.key()], bag.value());
        }
      }
    }
    if (target.empty()) record.doc.erase("servers");
  }
  MaintainOwnersAndRoles(record);
  RecomputeDerived(record, ctx.now);
  AdvanceInitialization(record, ctx.now);
  RecomputeDerived(record, ctx.now);
  return std::nullopt;
}

}  // namespace xbl::emulator
