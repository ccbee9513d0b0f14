#pragma once
#include "json.h"

#include <string>

namespace xbl::emulator {

/// The JSON Patch (RFC 6902) that turns `from` into `to`, as an array of operations. Deterministic:
/// objects are compared key by key (keys of `from` in their order, then the keys only `to` has, in
/// its order; a change of key order alone is no change), arrays index by index (a longer `to`
/// appends with "add" at each new index, a shorter one drops its tail with "remove" from the last
/// index down), and values of different kinds are replaced whole. From null, the patch adds `to`
/// at the root. Only "add", "remove" and "replace" are produced. Equal documents give an empty array.
Json JsonPatchDiff(Json const& from, Json const& to);

/// A member name as a JSON Pointer reference token: "~" becomes "~0" and "/" becomes "~1".
std::string EscapePointerToken(std::string const& token);

}  // namespace xbl::emulator
