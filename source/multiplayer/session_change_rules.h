#pragma once
// The checks every session mutator shares: the errors it returns, and that what it records can be
// sent. Serializing a string that is not UTF-8 throws, so such input is refused when it is given,
// with nothing recorded, rather than failing at write time.
#include "xbl/error.h"
#include <nlohmann/json.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xbl::multiplayer::change_rules {

/// Values nested deeper than this are refused: the session document that would hold them must
/// stay readable by `MultiplayerSession::Parse`, which bounds the whole document's nesting.
inline constexpr int kMaxValueNesting = 32;

inline Error InvalidArgument(std::string message) { return Error(ErrorCode::kInvalidArgument, std::move(message)); }
inline Error InvalidState(std::string message) { return Error(ErrorCode::kInvalidState, std::move(message)); }

/// kInvalidArgument naming `what` when `text` is not valid UTF-8.
std::optional<Error> CheckText(std::string_view what, std::string_view text);
std::optional<Error> CheckText(std::string_view what, std::vector<std::string> const& texts);
/// Keys and values.
std::optional<Error> CheckText(std::string_view what, std::map<std::string, std::string> const& texts);
/// Every key and string in `value` valid UTF-8, nesting within kMaxValueNesting.
std::optional<Error> CheckValue(std::string_view what, nlohmann::json const& value);

}  // namespace xbl::multiplayer::change_rules
