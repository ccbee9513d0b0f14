#include "ownership_roles.h"

#include "http_message.h"
#include "session_access.h"
#include "session_document.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace xbl::emulator {
namespace {

bool ValidRoleName(std::string const& s) {
  if (s.empty() || s.size() > 100) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::islower(c) || std::isdigit(c); });
}

Json OwnerIndices(SessionRecord const& r) {
  auto const& props = ObjectOrEmpty(ObjectOrEmpty(r.doc, "properties"), "system");
  Json owners = props.value("owners", Json::array());
  return owners.is_array() ? owners : Json::array();
}

std::int64_t RoleCount(SessionRecord const& r, std::string const& type, std::string const& role, std::string const& except) {
  std::int64_t n = 0;
  for (auto const& m : ObjectOrEmpty(r.doc, "members").items())
    if (m.key() != except && ObjectOrEmpty(m.value(), "roles").value(type, std::string()) == role) ++n;
  return n;
}

}  // namespace

std::optional<Failure> ValidateRoleTypes(Json const& role_types, bool has_owners) {
  if (!role_types.is_object()) return BadRequest("roleTypes must be an object.");
  for (auto const& type : role_types.items()) {
    if (!ValidRoleName(type.key())) return BadRequest("Role type names are lower-case alphanumeric, at most 100 characters.");
    Json const& t = type.value();
    if (!t.is_object()) return BadRequest("roleTypes." + type.key() + " must be an object.");
    if (t.contains("ownerManaged") && (!t["ownerManaged"].is_boolean() || (t["ownerManaged"].get<bool>() && !has_owners)))
      return BadRequest("ownerManaged is only valid on sessions with the hasOwners capability.");
    if (t.contains("mutableRoleSettings")) {
      if (!t["mutableRoleSettings"].is_array()) return BadRequest("mutableRoleSettings must be an array.");
      for (auto const& s : t["mutableRoleSettings"])
        if (s != "max" && s != "target") return BadRequest("mutableRoleSettings may list max and target.");
    }
    for (auto const& role : ObjectOrEmpty(t, "roles").items()) {
      if (!ValidRoleName(role.key())) return BadRequest("Role names are lower-case alphanumeric, at most 100 characters.");
      auto max = AsInt(role.value().value("max", Json()));
      if (!max || *max <= 0) return BadRequest("Role " + role.key() + " needs max > 0.");
      if (role.value().contains("target")) {
        auto target = AsInt(role.value()["target"]);
        if (!target || *target <= 0 || *target > *max) return BadRequest("Role " + role.key() + " needs 0 < target <= max.");
      }
    }
  }
  return std::nullopt;
}

bool IsOwnerOrUnrestricted(SessionRecord const& record, Principal const& caller) {
  if (caller.server || !HasCapability(record, "hasOwners")) return true;
  Json owners = OwnerIndices(record);
  if (owners.empty()) return true;
  std::string index = FindMemberByXuid(record, caller.xuid);
  if (index.empty()) return false;
  for (auto const& o : owners)
    if (AsInt(o) && std::to_string(*AsInt(o)) == index) return true;
  return false;
}

bool IsSessionOwner(SessionRecord const& record, Principal const& caller) {
  if (!caller.has_user() || !HasCapability(record, "hasOwners")) return false;
  std::string index = FindMemberByXuid(record, caller.xuid);
  if (index.empty()) return false;
  for (auto const& o : OwnerIndices(record))
    if (AsInt(o) && std::to_string(*AsInt(o)) == index) return true;
  return false;
}

bool MayRemoveOtherMembers(SessionRecord const& record, Principal const& caller) {
  return caller.server || IsSessionOwner(record, caller);
}

std::optional<Failure> CheckSystemPropertyOwnership(SessionRecord const& record, Json const& changes,
                                                    Principal const& caller) {
  if (IsOwnerOrUnrestricted(record, caller)) return std::nullopt;
  Json allowed = ObjectOrEmpty(SessionSystemConstants(record), "ownershipPolicies")
                     .value("nonOwnerModifiableSystemProperties", Json::array());
  for (auto const& item : changes.items())
    if (std::find(allowed.begin(), allowed.end(), Json(item.key())) == allowed.end())
      return Forbidden("Only session owners can change properties/system/" + item.key() + ".");
  return std::nullopt;
}

std::optional<Failure> ApplyRoleTypeChanges(SessionRecord& record, Json const& requested, Principal const& caller) {
  if (!requested.is_object()) return BadRequest("roleTypes must be an object.");
  Json current = record.doc.value("roleTypes", Json::object());
  Json updated = current;
  bool changed = false;
  for (auto const& type : requested.items()) {
    if (!current.contains(type.key())) return Conflict("roleTypes can only be added when the session is created.");
    Json const& mutable_settings = current[type.key()].value("mutableRoleSettings", Json::array());
    for (auto const& role : ObjectOrEmpty(type.value(), "roles").items()) {
      Json const& have = ObjectOrEmpty(ObjectOrEmpty(current[type.key()], "roles"), role.key().c_str());
      if (have.empty()) return Conflict("roles can only be added when the session is created.");
      for (auto const& setting : role.value().items()) {
        std::string const& k = setting.key();
        if (k == "count" || k == "memberXuids") continue;  // read-only echoes
        if (have.contains(k) && JsonEqual(have[k], setting.value())) continue;
        if (k != "max" && k != "target")
          return Conflict("roleTypes." + type.key() + "." + role.key() + "." + k + " cannot change.");
        if (std::find(mutable_settings.begin(), mutable_settings.end(), Json(k)) == mutable_settings.end())
          return Conflict("roleTypes." + type.key() + " does not list " + k + " in mutableRoleSettings.");
        if (!IsOwnerOrUnrestricted(record, caller) || (!caller.server && !HasCapability(record, "hasOwners")))
          return Forbidden("Only session owners can change role settings.");
        updated[type.key()]["roles"][role.key()][k] = setting.value();
        changed = true;
      }
    }
  }
  if (!changed) return std::nullopt;
  if (auto f = ValidateRoleTypes(updated, HasCapability(record, "hasOwners"))) return f;
  record.doc["roleTypes"] = updated;
  return std::nullopt;
}

std::optional<Failure> ApplyMemberRoles(SessionRecord& record, std::string const& index, Json const& roles,
                                        Principal const& caller) {
  Json const role_types = record.doc.value("roleTypes", Json::object());
  Json assigned = record.doc["members"][index].value("roles", Json::object());
  for (auto const& item : roles.items()) {
    std::string const& type = item.key();
    if (!role_types.contains(type)) return BadRequest("Unknown role type '" + type + "'.");
    if (role_types[type].value("ownerManaged", false) && !IsOwnerOrUnrestricted(record, caller))
      return Forbidden("Roles of type '" + type + "' are assigned by session owners.");
    if (item.value().is_null()) {
      assigned.erase(type);
      continue;
    }
    if (!item.value().is_string()) return BadRequest("A role must be a role name or null.");
    std::string role = item.value().get<std::string>();
    Json const& spec = ObjectOrEmpty(ObjectOrEmpty(role_types[type], "roles"), role.c_str());
    if (spec.empty()) return BadRequest("Unknown role '" + role + "' in role type '" + type + "'.");
    auto max = AsInt(spec.value("max", Json())).value_or(0);
    if (assigned.value(type, std::string()) != role && RoleCount(record, type, role, index) >= max)
      return Conflict("The role '" + role + "' is already full.");
    assigned[type] = role;  // one role per role type
  }
  Json member = record.doc["members"][index];
  if (assigned.empty())
    member.erase("roles");
  else
    member["roles"] = assigned;
  record.doc["members"][index] = std::move(member);
  return std::nullopt;
}

void MaintainOwnersAndRoles(SessionRecord& record) {
  if (HasCapability(record, "hasOwners")) {
    Json owners = OwnerIndices(record);
    if (!owners.empty()) {
      auto const& members = ObjectOrEmpty(record.doc, "members");
      Json present = Json::array();
      for (auto const& o : owners)
        if (AsInt(o) && members.contains(std::to_string(*AsInt(o)))) present.push_back(o);
      if (present.empty()) {
        std::string policy = ObjectOrEmpty(SessionSystemConstants(record), "ownershipPolicies")
                                 .value("migration", std::string("endsession"));
        if (ToLower(policy) == "oldest" && !members.empty()) {
          std::string oldest;
          std::string oldest_time;
          for (auto const& m : members.items()) {
            if (m.value().contains("reserved")) continue;
            std::string t = m.value().value("joinTime", std::string());
            if (oldest.empty() || t < oldest_time) {
              oldest = m.key();
              oldest_time = t;
            }
          }
          if (!oldest.empty()) present.push_back(std::stoll(oldest));
        } else if (ToLower(policy) != "oldest") {
          // "endsession": the session ends and all members are removed.
          std::vector<std::string> keys;
          for (auto const& m : members.items()) keys.push_back(m.key());
          for (auto const& k : keys) RemoveMember(record, k);
        }
      }
      if (present != owners) SessionSystemProperties(record)["owners"] = present;
    }
  }
  if (record.doc.contains("roleTypes") && record.doc["roleTypes"].is_object()) {
    Json types = record.doc["roleTypes"];
    for (auto& type : types.items()) {
      if (!type.value().contains("roles")) continue;
      for (auto& role : type.value()["roles"].items()) {
        Json xuids = Json::array();
        for (auto const& m : ObjectOrEmpty(record.doc, "members").items())
          if (ObjectOrEmpty(m.value(), "roles").value(type.key(), std::string()) == role.key())
            xuids.push_back(ObjectOrEmpty(ObjectOrEmpty(m.value(), "constants"), "system").value("xuid", ""));
        role.value()["count"] = xuids.size();
        role.value()["memberXuids"] = xuids;
      }
    }
    record.doc["roleTypes"] = types;
  }
}

}  // namespace xbl::emulator
