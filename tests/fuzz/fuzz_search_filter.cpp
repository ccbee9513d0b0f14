// The emulator's search-filter grammar: SearchFilter::Parse on any text, then Validate and
// Matches against one small fixed search handle. Neither may crash, and a filter that parses
// and validates evaluates the same way twice.
#include "search_filter.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

namespace xbl::emulator {
namespace {

/// A search handle's attributes and session facts, by lower-case path.
Json const& Document() {
  static Json const document = {
      {"strings/map", "Dust"},
      {"strings/mode", "ranked"},
      {"numbers/rank", 42},
      {"numbers/skill", 17.5},
      {"tags", Json::array({"coolpeopleonly", "casual"})},
      {"language", "en-US"},
      {"session/membercount", 3},
      {"session/maxmemberscount", 8},
      {"session/memberxuids", Json::array({"1001", "1002", "1003"})},
      {"session/keywords", Json::array({"dust", "night"})},
      {"session/templatename", "lobby"},
  };
  return document;
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return text;
}

/// As the service's vocabulary: any `strings/` or `numbers/` name resolves (null when unset),
/// the listed session paths resolve, anything else is not a path.
std::optional<Json> Resolve(std::string const& raw_path) {
  std::string const path = Lower(raw_path);
  auto const& document = Document();
  if (auto it = document.find(path); it != document.end()) return *it;
  if ((path.rfind("strings/", 0) == 0 || path.rfind("numbers/", 0) == 0) && path.size() > 8) return Json();
  return std::nullopt;
}

}  // namespace
}  // namespace xbl::emulator

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  using xbl::emulator::SearchFilter;
  std::string const text(reinterpret_cast<char const*>(data), size);
  std::string error;
  auto const filter = SearchFilter::Parse(text, &error);
  if (!filter) {
    if (error.empty()) std::abort();  // a refusal always says why
    return 0;
  }
  if (!filter->Validate(&xbl::emulator::Resolve, &error)) return 0;
  bool const first = filter->Matches(&xbl::emulator::Resolve);
  if (filter->Matches(&xbl::emulator::Resolve) != first) std::abort();
  return 0;
}
