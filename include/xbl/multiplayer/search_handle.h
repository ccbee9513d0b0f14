#pragma once
#include "xbl/multiplayer/handle_related_info.h"
#include "xbl/multiplayer/role_types.h"
#include "xbl/multiplayer/session_reference.h"
#include "xbl/result.h"
#include "xbl/timestamp.h"
#include <nlohmann/json.hpp>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace xbl::multiplayer {

/// What a title publishes about a session so that others can find it (session browse).
/// Tag and attribute names start with a letter, have no spaces and are under 100 characters.
struct SearchHandleRequest {
  SessionReference session_reference;
  std::vector<std::string> tags;
  std::map<std::string, std::string> strings;
  std::map<std::string, double> numbers;

  /// `{"version":1,"type":"search","sessionRef":..,"searchAttributes":{..}}`, or kInvalidArgument.
  Result<nlohmann::json> ToRequestBody() const;
};

/// A search-handle query (`POST /handles/query` with `type: search`).
struct SearchHandlesQuery {
  std::string scid;
  std::string template_name;
  /// OData subset: eq ne gt ge lt le, and/or (one `or`, at the root), any(), tolower().
  std::string filter;
  std::string order_by;          ///< an attribute such as "numbers/rank"; empty: service order
  bool order_ascending = false;  ///< "asc" or "desc"
  /// Restrict to sessions with members of this user's social group (e.g. "people", "favorites").
  std::string social_group;
  std::string social_group_xuid;

  Result<nlohmann::json> ToRequestBody() const;
};

/// A search handle as the service returns it.
struct SearchHandleDetails {
  std::string handle_id;
  SessionReference session_reference;
  std::optional<Timestamp> create_time;
  std::vector<std::string> tags;
  std::map<std::string, std::string> strings;
  std::map<std::string, double> numbers;
  nlohmann::json custom_properties;               ///< the session's custom properties; null when absent
  std::optional<HandleRelatedInfo> related_info;  ///< with `include=relatedInfo`
  std::map<std::string, RoleType> role_types;     ///< `roleInfo.roleTypes`, with `include=roleInfo`

  /// Rejects a document whose `type` is not "search" (in any case) or that has no `id`.
  static Result<SearchHandleDetails> FromJson(nlohmann::json const& document);
  nlohmann::json const& ToJson() const { return document_; }

 private:
  nlohmann::json document_;
};

}  // namespace xbl::multiplayer
