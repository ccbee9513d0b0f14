#pragma once
#include "xbl/multiplayer/handle_related_info.h"
#include "xbl/multiplayer/session_reference.h"
#include "xbl/result.h"
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace xbl::multiplayer {

/// An activity handle as `POST /handles/query` returns it: the session a user is playing in.
struct ActivityDetails {
  std::string handle_id;
  SessionReference session_reference;
  std::string title_id;  ///< decimal string
  std::string owner_xuid;
  std::optional<HandleRelatedInfo> related_info;  ///< with `include=relatedInfo`
  nlohmann::json custom_properties;               ///< with `include=customProperties`; null otherwise

  /// Rejects a document whose `type` is not "activity" (in any case) or that has no `id`; errors
  /// name the JSON path.
  static Result<ActivityDetails> FromJson(nlohmann::json const& document);
  /// The document as received, unknown fields included.
  nlohmann::json const& ToJson() const { return document_; }

 private:
  nlohmann::json document_;
};

}  // namespace xbl::multiplayer
