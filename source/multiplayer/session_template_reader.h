#pragma once
#include "xbl/multiplayer/session_template.h"
#include "xbl/result.h"
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace xbl::internal {

/// Reads the body of `GET /serviceconfigs/{scid}/sessiontemplates`: an object whose `results`
/// array holds one entry per template, each an object with a string `name` (and, when it is an
/// integer, `contractVersion`). `kMalformedResponse` when the body does not fit.
Result<std::vector<multiplayer::SessionTemplateSummary>> ReadSessionTemplateList(nlohmann::json const& body);

/// Reads the body of `GET /serviceconfigs/{scid}/sessiontemplates/{name}`: any object, kept as received.
Result<multiplayer::SessionTemplate> ReadSessionTemplate(std::string scid, std::string name, nlohmann::json body);

}  // namespace xbl::internal
