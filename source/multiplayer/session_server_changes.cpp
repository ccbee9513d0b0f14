// Servers (`servers.{name}`): written by server principals only, each replaced whole.
#include "xbl/multiplayer/multiplayer_session.h"
#include "multiplayer/pending_changes.h"
#include "multiplayer/session_change_rules.h"

namespace xbl::multiplayer {

using change_rules::CheckText;
using change_rules::CheckValue;
using change_rules::InvalidArgument;
using internal::PendingChanges;

Result<void> MultiplayerSession::SetServer(std::string const& name, nlohmann::json server) {
  if (name.empty()) return InvalidArgument("server name must not be empty");
  if (auto error = CheckText("server name", name)) return *error;
  if (!server.is_object()) return InvalidArgument("servers/" + name + " must be a JSON object");
  for (auto const& [key, value] : server.items()) {
    if (key != "constants" && key != "properties") {
      return InvalidArgument("servers/" + name + " takes only constants and properties, not " + key);
    }
    if (!value.is_object()) return InvalidArgument("servers/" + name + "/" + key + " must be a JSON object");
  }
  if (auto error = CheckValue("servers/" + name, server)) return *error;
  Pending().SectionObject(PendingChanges::Section::kServers)[name] = PendingChanges::Json(std::move(server));
  return {};
}

Result<void> MultiplayerSession::DeleteServer(std::string const& name) {
  if (name.empty()) return InvalidArgument("server name must not be empty");
  if (auto error = CheckText("server name", name)) return *error;
  Pending().SectionObject(PendingChanges::Section::kServers)[name] = nullptr;
  return {};
}

}  // namespace xbl::multiplayer
