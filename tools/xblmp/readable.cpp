#include "readable.h"
#include "output.h"

namespace xblmp {
namespace {

bool IsScalar(nlohmann::json const& value) { return !value.is_structured() || value.empty(); }

bool AllScalars(nlohmann::json const& array) {
  for (auto const& item : array) {
    if (!IsScalar(item)) return false;
  }
  return true;
}

void Append(std::string& text, nlohmann::json const& value, std::string const& indent);

// A list of structured items: each item's lines, the first marked "- ".
void AppendItems(std::string& text, nlohmann::json const& array, std::string const& indent) {
  for (auto const& item : array) {
    std::string body;
    Append(body, item, indent + "  ");
    body.replace(indent.size(), 2, "- ");
    text += body;
  }
}

void Append(std::string& text, nlohmann::json const& value, std::string const& indent) {
  if (value.is_object() && !value.empty()) {
    for (auto const& [key, member] : value.items()) {
      text += indent + EscapeControl(key) + ":";
      if (IsScalar(member)) {
        text += " " + ReadableScalar(member) + "\n";
      } else if (member.is_array() && AllScalars(member)) {
        text += " " + ReadableScalar(member) + "\n";
      } else if (member.is_array()) {
        text += "\n";
        AppendItems(text, member, indent + "  ");
      } else {
        text += "\n";
        Append(text, member, indent + "  ");
      }
    }
  } else if (value.is_array() && !AllScalars(value)) {
    AppendItems(text, value, indent);
  } else {
    text += indent + ReadableScalar(value) + "\n";
  }
}

}  // namespace

std::string ReadableScalar(nlohmann::json const& value) {
  if (value.is_string()) return EscapeControl(value.get_ref<std::string const&>());
  if (value.is_array() && !value.empty() && AllScalars(value)) {
    std::string joined;
    for (auto const& item : value) joined += (joined.empty() ? "" : ", ") + ReadableScalar(item);
    return joined;
  }
  return EscapeControl(value.dump());
}

std::string ReadableJson(nlohmann::json const& document) {
  std::string text;
  Append(text, document, "");
  return text;
}

}  // namespace xblmp
