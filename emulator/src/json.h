#pragma once
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace xbl::emulator {

/// Session documents keep key order (members are added in request order, protocol §3.4).
using Json = nlohmann::ordered_json;

/// Objects and arrays nested deeper than this are refused: the recursive parts (dump, comparison,
/// destruction) would otherwise overflow the stack on a body any caller can send.
constexpr int kMaxJsonDepth = 64;

/// Parses without throwing; nullopt on malformed input or input nested deeper than kMaxJsonDepth.
std::optional<Json> ParseJson(std::string const& text);
/// Structural equality where object key order does not matter (constants comparison).
bool JsonEqual(Json const& a, Json const& b);
/// The object at `key`, or an empty object when absent or not an object.
Json const& ObjectOrEmpty(Json const& parent, char const* key);
/// An integer value (accepting integral floats); nullopt otherwise.
std::optional<std::int64_t> AsInt(Json const& value);

}  // namespace xbl::emulator
