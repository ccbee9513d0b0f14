// Role types: defined at creation (SetRoleTypes); afterwards an owner may change the settings
// the session lists as mutable (SetMutableRoleSettings).
#include "xbl/multiplayer/multiplayer_session.h"
#include "core/ascii_case.h"
#include "multiplayer/pending_changes.h"
#include "multiplayer/session_change_rules.h"
#include <algorithm>

namespace xbl::multiplayer {

using change_rules::CheckText;
using change_rules::InvalidArgument;
using change_rules::InvalidState;
using internal::PendingChanges;
using Json = PendingChanges::Json;

Result<void> MultiplayerSession::SetRoleTypes(std::map<std::string, RoleType> const& role_types) {
  if (auto ok = RequireNew("roleTypes"); !ok) return ok;
  Json out = Json::object();
  for (auto const& [type_name, type] : role_types) {
    if (type_name.empty()) return InvalidArgument("roleTypes: empty role type name");
    if (auto error = CheckText("roleTypes: a role type name", type_name)) return *error;
    if (auto error = CheckText("roleTypes/" + type_name + "/mutableRoleSettings", type.mutable_role_settings)) {
      return *error;
    }
    Json roles = Json::object();
    for (auto const& [role_name, role] : type.roles) {
      if (auto error = CheckText("roleTypes/" + type_name + ": a role name", role_name)) return *error;
      if (role.max == 0 || role.target > role.max) {
        return InvalidArgument("roleTypes/" + type_name + "/" + role_name + ": need max > 0 and target <= max");
      }
      Json r = {{"max", role.max}};
      if (role.target > 0) r["target"] = role.target;
      roles[role_name] = std::move(r);
    }
    Json t = {{"roles", std::move(roles)}};
    if (type.owner_managed) t["ownerManaged"] = true;
    if (!type.mutable_role_settings.empty()) t["mutableRoleSettings"] = type.mutable_role_settings;
    out[type_name] = std::move(t);
  }
  Pending().SectionObject(PendingChanges::Section::kRoleTypes) = std::move(out);
  return {};
}

Json const* MultiplayerSession::PendingRoleSetting(std::string const& type, std::string const& role,
                                                  char const* setting) const {
  auto const* pending = pending_.get();
  if (pending == nullptr) return nullptr;
  Json const* node = pending->FindSection(PendingChanges::Section::kRoleTypes);
  if (node == nullptr) return nullptr;
  for (char const* key : {type.c_str(), "roles", role.c_str(), setting}) {
    if (!node->is_object()) return nullptr;
    auto const it = node->find(key);
    if (it == node->end()) return nullptr;
    node = &*it;
  }
  return node->is_number_unsigned() ? node : nullptr;
}

Result<void> MultiplayerSession::SetMutableRoleSettings(std::map<std::string, RoleType> const& role_types) {
  if (!from_service_) {
    return InvalidState("SetMutableRoleSettings: only on a session read from the service; use SetRoleTypes to create");
  }
  if (role_types.empty()) return InvalidArgument("SetMutableRoleSettings: no role types given");
  Json changes = Json::object();
  for (auto const& [type_name, type] : role_types) {
    // Names are looked up in the session read from the service, whose text is valid UTF-8; an
    // unknown name is refused below without being recorded.
    auto const current_type = role_types_.find(type_name);
    if (current_type == role_types_.end()) {
      return InvalidArgument("roleTypes/" + type_name + ": the session has no such role type");
    }
    auto const& mutable_settings = current_type->second.mutable_role_settings;
    auto const is_mutable = [&](char const* setting) {
      return std::any_of(mutable_settings.begin(), mutable_settings.end(),
                         [&](std::string const& s) { return internal::EqualsIgnoreCase(s, setting); });
    };
    if (type.roles.empty()) return InvalidArgument("roleTypes/" + type_name + ": no roles given");
    for (auto const& [role_name, role] : type.roles) {
      std::string const path = "roleTypes/" + type_name + "/" + role_name;
      auto const current_role = current_type->second.roles.find(role_name);
      if (current_role == current_type->second.roles.end()) {
        return InvalidArgument(path + ": the session has no such role");
      }
      if (role.max == 0 && role.target == 0) return InvalidArgument(path + ": neither max nor target given");
      if (role.max > 0 && !is_mutable("max")) return InvalidArgument(path + ": max is not in mutableRoleSettings");
      if (role.target > 0 && !is_mutable("target")) {
        return InvalidArgument(path + ": target is not in mutableRoleSettings");
      }
      // Checked against what this write will leave: an earlier call's recorded change counts.
      // The names are captured by init-capture: C++17 lambdas cannot capture structured bindings.
      auto const recorded = [&, &type_key = type_name, &role_key = role_name](char const* setting,
                                                                              std::uint32_t read) -> std::uint32_t {
        auto const* value = PendingRoleSetting(type_key, role_key, setting);
        return value != nullptr ? value->get<std::uint32_t>() : read;
      };
      std::uint32_t const max = role.max > 0 ? role.max : recorded("max", current_role->second.max);
      std::uint32_t const target = role.target > 0 ? role.target : recorded("target", current_role->second.target);
      if (max == 0 || target > max) return InvalidArgument(path + ": need max > 0 and target <= max");
      Json& out = changes[type_name]["roles"][role_name];
      if (role.max > 0) out["max"] = role.max;
      if (role.target > 0) out["target"] = role.target;
    }
  }
  Pending().SectionObject(PendingChanges::Section::kRoleTypes).merge_patch(changes);
  return {};
}

}  // namespace xbl::multiplayer
