#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace xblmp {

/// A JSON document as indented `key: value` lines for people (the default output): nested
/// objects indent, lists of scalars join with ", ", lists of objects become `-` items. Strings
/// print unquoted with control characters escaped.
std::string ReadableJson(nlohmann::json const& document);

/// A value on one line: strings unquoted and escaped, anything else as compact JSON.
std::string ReadableScalar(nlohmann::json const& value);

}  // namespace xblmp
