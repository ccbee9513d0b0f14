#include "multiplayer/session_change_rules.h"
#include "core/json_reader.h"

namespace xbl::multiplayer::change_rules {

std::optional<Error> CheckText(std::string_view what, std::string_view text) {
  if (internal::IsValidUtf8(text)) return std::nullopt;
  return InvalidArgument(std::string(what) + ": not valid UTF-8");
}

std::optional<Error> CheckText(std::string_view what, std::vector<std::string> const& texts) {
  for (auto const& text : texts) {
    if (auto error = CheckText(what, text)) return error;
  }
  return std::nullopt;
}

std::optional<Error> CheckText(std::string_view what, std::map<std::string, std::string> const& texts) {
  for (auto const& [key, text] : texts) {
    if (auto error = CheckText(what, key)) return error;
    if (auto error = CheckText(what, text)) return error;
  }
  return std::nullopt;
}

std::optional<Error> CheckValue(std::string_view what, nlohmann::json const& value) {
  if (auto problem = internal::FindUnsendable(value, kMaxValueNesting)) {
    return InvalidArgument(std::string(what) + ": cannot be sent, " + *problem);
  }
  return std::nullopt;
}

}  // namespace xbl::multiplayer::change_rules
