#include "multiplayer/handle_reader.h"
#include "core/ascii_case.h"
#include <cctype>

namespace xbl::internal {

void ReadSessionReference(ObjectReader const& reader, multiplayer::SessionReference& reference) {
  reader.String("scid", reference.scid);
  reader.String("templateName", reference.template_name);
  reader.String("name", reference.name);
}

void ReadHandleHeader(nlohmann::json const& document, char const* expected_type, JsonErrors& errors,
                      std::string& id, multiplayer::SessionReference& reference) {
  if (!document.is_object()) {
    errors.Fail("/", std::string("expected a handle object, got ") + TypeName(document));
    return;
  }
  ObjectReader root(&document, "", errors);
  std::string type;
  root.String("type", type);
  if (!errors.ok()) return;
  if (!EqualsIgnoreCase(type, expected_type)) {  // enum strings come in any case (protocol §1)
    errors.Fail("/type", "expected \"" + std::string(expected_type) + "\", got \"" + type + "\"");
    return;
  }
  root.String("id", id);
  if (errors.ok() && id.empty()) errors.Fail("/id", "a handle needs an id");  // it is how one is cleared or used
  ReadSessionReference(root.Child("sessionRef"), reference);
}

void ReadRelatedInfo(ObjectReader const& related, std::optional<multiplayer::HandleRelatedInfo>& out) {
  if (!related.exists()) return;
  multiplayer::HandleRelatedInfo info;
  related.Enum("visibility", info.visibility, &multiplayer::ParseSessionVisibility);
  related.Enum("joinRestriction", info.join_restriction, &multiplayer::ParseSessionRestriction);
  related.Bool("closed", info.closed);
  related.UInt32("maxMembersCount", info.max_members_count);
  related.UInt32("membersCount", info.members_count);
  related.XuidArray("sessionOwners", info.session_owners);
  out = std::move(info);
}

bool IsValidSearchName(std::string const& name) {
  if (name.empty() || name.size() >= 100 || !std::isalpha(static_cast<unsigned char>(name[0]))) return false;
  for (char c : name) {
    if (std::isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace xbl::internal
