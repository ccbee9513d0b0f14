#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace xbl::multiplayer {

/// An entry of `GET /serviceconfigs/{scid}/sessiontemplates`.
struct SessionTemplateSummary {
  std::string name;
  std::optional<int> contract_version;
  nlohmann::json document;  ///< The entry as received.
};

/// `GET /serviceconfigs/{scid}/sessiontemplates/{name}`: the template's constants.
struct SessionTemplate {
  std::string scid;
  std::string name;
  nlohmann::json document;  ///< As received (`constants`, optional `roleTypes`, ...).
};

}  // namespace xbl::multiplayer
