#pragma once
#include "command_line.h"
#include "xbl/multiplayer/session_reference.h"
#include <nlohmann/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace xblmp {

/// The session named by positional words `first`, `first + 1`, `first + 2` (SCID TEMPLATE NAME).
std::optional<xbl::multiplayer::SessionReference> ReferenceAt(CommandLine const& line, std::size_t first);
/// `SCID/TEMPLATE/NAME`, or `TEMPLATE/NAME` in `default_scid`.
std::optional<xbl::multiplayer::SessionReference> ParseSlashReference(std::string const& text,
                                                                       std::string const& default_scid);
/// The text of FILE, or of stdin for "-"; nullopt when it cannot be read.
std::optional<std::string> ReadBody(std::string const& source);
/// `--body FILE|-` parsed as JSON; on failure sets `error` (what to tell the user).
std::optional<nlohmann::json> ReadJsonBody(CommandLine const& line, std::string& error);
/// `KEY=JSON` words, in order; on failure sets `error`. `flag` names the option in errors.
std::optional<std::vector<std::pair<std::string, nlohmann::json>>> ParseKeyJsonPairs(
    std::vector<std::string> const& pairs, std::string const& flag, std::string& error);
/// `KEY=VALUE` words split at the first '='; on failure sets `error`.
std::optional<std::vector<std::pair<std::string, std::string>>> ParseKeyValuePairs(
    std::vector<std::string> const& pairs, std::string const& flag, std::string& error);
/// True when `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool IsValidUtf8(std::string_view text);
/// A decimal number in [minimum, maximum], digits only.
std::optional<std::uint64_t> ParseUnsigned(std::string const& text, std::uint64_t minimum, std::uint64_t maximum);

}  // namespace xblmp
