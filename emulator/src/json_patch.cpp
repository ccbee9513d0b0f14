#include "json_patch.h"

#include <algorithm>

namespace xbl::emulator {
namespace {

Json Operation(char const* op, std::string const& path) { return Json{{"op", op}, {"path", path}}; }

Json Operation(char const* op, std::string const& path, Json const& value) {
  Json operation = Operation(op, path);
  operation["value"] = value;
  return operation;
}

// The patch depth follows the documents', which the parser bounds at kMaxJsonDepth.
void Diff(Json const& from, Json const& to, std::string const& path, Json& patch) {
  if (from.is_object() && to.is_object()) {
    for (auto it = from.begin(); it != from.end(); ++it) {
      std::string const child = path + "/" + EscapePointerToken(it.key());
      auto there = to.find(it.key());
      if (there == to.end())
        patch.push_back(Operation("remove", child));
      else
        Diff(it.value(), *there, child, patch);
    }
    for (auto it = to.begin(); it != to.end(); ++it)
      if (!from.contains(it.key()))
        patch.push_back(Operation("add", path + "/" + EscapePointerToken(it.key()), it.value()));
    return;
  }
  if (from.is_array() && to.is_array()) {
    std::size_t const common = std::min(from.size(), to.size());
    for (std::size_t i = 0; i < common; ++i) Diff(from[i], to[i], path + "/" + std::to_string(i), patch);
    for (std::size_t i = common; i < to.size(); ++i)
      patch.push_back(Operation("add", path + "/" + std::to_string(i), to[i]));
    for (std::size_t i = from.size(); i > common; --i)
      patch.push_back(Operation("remove", path + "/" + std::to_string(i - 1)));
    return;
  }
  // Scalars, or a change of kind, are replaced whole (1 and 1.0 compare equal: no change).
  if (from != to) patch.push_back(Operation("replace", path, to));
}

}  // namespace

std::string EscapePointerToken(std::string const& token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

Json JsonPatchDiff(Json const& from, Json const& to) {
  Json patch = Json::array();
  // From nothing, the whole document is added at the root (RFC 6902 4.1: it becomes the document).
  if (from.is_null() && !to.is_null()) {
    patch.push_back(Operation("add", "", to));
    return patch;
  }
  Diff(from, to, "", patch);
  return patch;
}

}  // namespace xbl::emulator
