#include "xbl/multiplayer/session_reference.h"
#include "core/ascii_case.h"
#include "multiplayer/mpsd_paths.h"

namespace xbl::multiplayer {

using internal::EqualsIgnoreCase;

// One implementation of session paths, shared with the service's request building.
std::string SessionReference::ToUriPath() const { return internal::SessionPath(*this); }

std::optional<SessionReference> SessionReference::FromUriPath(std::string_view path) {
  return internal::ParseSessionPath(path);
}

bool operator==(SessionReference const& a, SessionReference const& b) {
  return a.scid == b.scid && EqualsIgnoreCase(a.template_name, b.template_name) &&
         EqualsIgnoreCase(a.name, b.name);
}

void to_json(nlohmann::json& j, SessionReference const& reference) {
  j = nlohmann::json{{"scid", reference.scid}, {"templateName", reference.template_name}, {"name", reference.name}};
}

void from_json(nlohmann::json const& j, SessionReference& reference) {
  reference.scid = j.value("scid", std::string());
  reference.template_name = j.value("templateName", std::string());
  reference.name = j.value("name", std::string());
}

}  // namespace xbl::multiplayer
