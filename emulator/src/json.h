#pragma once
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace xbl::emulator {

/// Session documents keep key order (members are added in request order, protocol §3.4).
using Json = nlohmann::ordered_json;

/// Parses without throwing; nullopt on malformed input.
std::optional<Json> ParseJson(std::string const& text);
/// Structural equality where object key order does not matter (constants comparison).
bool JsonEqual(Json const& a, Json const& b);
/// The object at `key`, or an empty object when absent or not an object.
Json const& ObjectOrEmpty(Json const& parent, char const* key);
/// An integer value (accepting integral floats); nullopt otherwise.
std::optional<std::int64_t> AsInt(Json const& value);

}  // namespace xbl::emulator
