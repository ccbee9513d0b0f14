#include "multiplayer/session_template_reader.h"
#include <utility>

namespace xbl::internal {

Result<std::vector<multiplayer::SessionTemplateSummary>> ReadSessionTemplateList(nlohmann::json const& body) {
  auto const results = body.is_object() ? body.find("results") : body.end();
  if (!body.is_object() || results == body.end() || !results->is_array()) {
    return Error(ErrorCode::kMalformedResponse, "the template list has no results array", 200);
  }
  std::vector<multiplayer::SessionTemplateSummary> out;
  for (auto const& entry : *results) {
    auto const name = entry.is_object() ? entry.find("name") : entry.end();
    if (!entry.is_object() || name == entry.end() || !name->is_string()) {
      return Error(ErrorCode::kMalformedResponse, "a template entry has no name", 200);
    }
    multiplayer::SessionTemplateSummary summary;
    summary.name = name->get<std::string>();
    if (auto it = entry.find("contractVersion"); it != entry.end() && it->is_number_integer()) {
      summary.contract_version = it->get<int>();
    }
    summary.document = entry;
    out.push_back(std::move(summary));
  }
  return out;
}

Result<multiplayer::SessionTemplate> ReadSessionTemplate(std::string scid, std::string name, nlohmann::json body) {
  if (!body.is_object()) return Error(ErrorCode::kMalformedResponse, "the template is not an object", 200);
  return multiplayer::SessionTemplate{std::move(scid), std::move(name), std::move(body)};
}

}  // namespace xbl::internal
