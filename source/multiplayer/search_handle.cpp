#include "xbl/multiplayer/search_handle.h"
#include "multiplayer/handle_reader.h"
#include <cmath>

namespace xbl::multiplayer {
namespace {

Error Invalid(std::string message) { return Error(ErrorCode::kInvalidArgument, std::move(message)); }

void ReadRoleTypes(internal::ObjectReader const& role_info, std::map<std::string, RoleType>& out) {
  auto const* types = role_info.Find("roleTypes");
  if (types == nullptr || types->is_null()) return;
  if (!types->is_object()) {
    role_info.errors().Fail(role_info.PathOf("roleTypes"), "expected an object");
    return;
  }
  for (auto const& [type_name, type_value] : types->items()) {
    auto const base = role_info.PathOf("roleTypes") + "/" + type_name;
    internal::ObjectReader type_reader(&type_value, base, role_info.errors());
    RoleType type;
    auto const* roles = type_reader.Find("roles");
    if (roles != nullptr && roles->is_object()) {
      for (auto const& [role_name, role_value] : roles->items()) {
        internal::ObjectReader role(&role_value, base + "/roles/" + role_name, role_info.errors());
        Role r;
        role.UInt32("count", r.count);
        role.UInt32("max", r.max);
        role.UInt32("target", r.target);
        role.XuidArray("memberXuids", r.member_xuids);
        type.roles[role_name] = std::move(r);
      }
    }
    out[type_name] = std::move(type);
  }
}

}  // namespace

Result<nlohmann::json> SearchHandleRequest::ToRequestBody() const {
  if (session_reference.empty()) return Invalid("search handle: the session reference is incomplete");
  for (auto const& tag : tags) {
    if (!internal::IsValidSearchName(tag)) return Invalid("search handle: invalid tag \"" + tag + "\"");
  }
  for (auto const& [name, value] : strings) {
    if (!internal::IsValidSearchName(name)) return Invalid("search handle: invalid string attribute \"" + name + "\"");
  }
  for (auto const& [name, value] : numbers) {
    if (!internal::IsValidSearchName(name)) return Invalid("search handle: invalid number attribute \"" + name + "\"");
    if (!std::isfinite(value)) return Invalid("search handle: number attribute \"" + name + "\" is not finite");
  }
  return nlohmann::json{{"version", 1},
                        {"type", "search"},
                        {"sessionRef", session_reference},
                        {"searchAttributes", {{"tags", tags}, {"strings", strings}, {"numbers", numbers}}}};
}

Result<nlohmann::json> SearchHandlesQuery::ToRequestBody() const {
  if (scid.empty() || template_name.empty()) return Invalid("search query: scid and template name are required");
  if (social_group.empty() != social_group_xuid.empty()) {
    return Invalid("search query: a social group needs the xuid whose group it is");
  }
  // `global` is part of every search query (protocol E22); a social group narrows it, not replaces it.
  nlohmann::json body = {{"type", "search"}, {"scid", scid}, {"templateName", template_name}, {"global", true}};
  if (!filter.empty()) body["filter"] = filter;
  if (!order_by.empty()) body["orderBy"] = order_by + (order_ascending ? " asc" : " desc");
  if (!social_group.empty()) {
    body["sessionMembers"] = {{"people", {{"moniker", social_group}, {"monikerXuid", social_group_xuid}}}};
  }
  return body;
}

Result<SearchHandleDetails> SearchHandleDetails::FromJson(nlohmann::json const& document) {
  internal::JsonErrors errors;
  SearchHandleDetails details;
  internal::ReadHandleHeader(document, "search", errors, details.handle_id, details.session_reference);
  if (errors.ok()) {
    internal::ObjectReader root(&document, "", errors);
    root.Time("createTime", details.create_time);
    auto const attributes = root.Child("searchAttributes");
    attributes.StringArray("tags", details.tags);
    if (auto const* strings = attributes.Find("strings"); strings != nullptr && strings->is_object()) {
      for (auto const& [name, value] : strings->items()) {
        if (!value.is_string()) {
          errors.Fail("/searchAttributes/strings/" + name, "expected a string");
          break;
        }
        details.strings[name] = value.get<std::string>();
      }
    }
    if (auto const* numbers = attributes.Find("numbers"); numbers != nullptr && numbers->is_object()) {
      for (auto const& [name, value] : numbers->items()) {
        if (!value.is_number()) {
          errors.Fail("/searchAttributes/numbers/" + name, "expected a number");
          break;
        }
        details.numbers[name] = value.get<double>();
      }
    }
    root.AnyObject("customProperties", details.custom_properties);
    internal::ReadRelatedInfo(root.Child("relatedInfo"), details.related_info);
    auto const role_info = root.Child("roleInfo");
    ReadRoleTypes(role_info, details.role_types);
  }
  if (!errors.ok()) return errors.error();
  details.document_ = document;
  return details;
}

}  // namespace xbl::multiplayer
