#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace xbl::multiplayer {

/// Names one session: `/serviceconfigs/{scid}/sessiontemplates/{template_name}/sessions/{name}`.
/// The SCID is case-sensitive; template and session names are not.
struct SessionReference {
  std::string scid;
  std::string template_name;
  std::string name;

  /// True when any part is empty (such a reference cannot be written).
  bool empty() const { return scid.empty() || template_name.empty() || name.empty(); }
  /// `/serviceconfigs/{scid}/sessiontemplates/{template}/sessions/{name}`, parts URL-encoded.
  std::string ToUriPath() const;
  /// Reads a session path such as a `Content-Location` header; nullopt if it is not one.
  static std::optional<SessionReference> FromUriPath(std::string_view path);

  friend bool operator==(SessionReference const& a, SessionReference const& b);
  friend bool operator!=(SessionReference const& a, SessionReference const& b) { return !(a == b); }
};

/// Wire form: `{"scid": .., "templateName": .., "name": ..}`.
void to_json(nlohmann::json& j, SessionReference const& reference);
/// nlohmann's `get<SessionReference>()` hook, whose contract is an exception: it throws
/// `nlohmann::json::type_error` for a value that is not an object or a field that is not a string
/// (absent fields read as empty). The SDK's own readers check types first and never call it.
void from_json(nlohmann::json const& j, SessionReference& reference);

}  // namespace xbl::multiplayer
