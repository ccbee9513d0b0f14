#pragma once
#include "core/json_reader.h"
#include "xbl/multiplayer/handle_related_info.h"
#include "xbl/multiplayer/session_reference.h"
#include <optional>
#include <string>

namespace xbl::internal {

/// Reads the parts every handle document shares: checks `type` (in any case), reads `id` and
/// `sessionRef`. Fails (naming the path) on a non-object document, another handle type or no `id`.
void ReadHandleHeader(nlohmann::json const& document, char const* expected_type, JsonErrors& errors,
                      std::string& id, multiplayer::SessionReference& reference);
void ReadSessionReference(ObjectReader const& reader, multiplayer::SessionReference& reference);
void ReadRelatedInfo(ObjectReader const& related, std::optional<multiplayer::HandleRelatedInfo>& out);
/// Attribute and tag names: a letter first, no spaces, under 100 characters.
bool IsValidSearchName(std::string const& name);

}  // namespace xbl::internal
