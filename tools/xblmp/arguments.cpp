#include "arguments.h"
#include <fstream>
#include <iostream>
#include <sstream>

namespace xblmp {

namespace mp = xbl::multiplayer;

std::optional<mp::SessionReference> ReferenceAt(CommandLine const& line, std::size_t first) {
  auto const& p = line.positional();
  if (p.size() < first + 3) return std::nullopt;
  mp::SessionReference reference{p[first], p[first + 1], p[first + 2]};
  if (reference.empty()) return std::nullopt;
  return reference;
}

std::optional<mp::SessionReference> ParseSlashReference(std::string const& text, std::string const& default_scid) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (auto slash = text.find('/'); slash != std::string::npos; slash = text.find('/', start)) {
    parts.push_back(text.substr(start, slash - start));
    start = slash + 1;
  }
  parts.push_back(text.substr(start));
  if (parts.size() == 2) parts.insert(parts.begin(), default_scid);
  if (parts.size() != 3) return std::nullopt;
  mp::SessionReference reference{parts[0], parts[1], parts[2]};
  if (reference.empty()) return std::nullopt;
  return reference;
}

std::optional<std::string> ReadBody(std::string const& source) {
  std::ostringstream text;
  if (source == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(source, std::ios::binary);
    if (!in) return std::nullopt;
    text << in.rdbuf();
  }
  return text.str();
}

std::optional<nlohmann::json> ReadJsonBody(CommandLine const& line, std::string& error) {
  if (!line.has("--body")) {
    error = "--body FILE|- is required";
    return std::nullopt;
  }
  auto body = ReadBody(line.value("--body"));
  if (!body) {
    error = "cannot read " + line.value("--body");
    return std::nullopt;
  }
  auto document = nlohmann::json::parse(*body, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    error = "the body is not valid JSON";
    return std::nullopt;
  }
  return document;
}

std::optional<std::vector<std::pair<std::string, std::string>>> ParseKeyValuePairs(
    std::vector<std::string> const& pairs, std::string const& flag, std::string& error) {
  std::vector<std::pair<std::string, std::string>> parsed;
  for (auto const& pair : pairs) {
    auto const equals = pair.find('=');
    if (equals == std::string::npos || equals == 0) {
      error = flag + " takes KEY=VALUE, got " + pair;
      return std::nullopt;
    }
    parsed.emplace_back(pair.substr(0, equals), pair.substr(equals + 1));
  }
  return parsed;
}

std::optional<std::vector<std::pair<std::string, nlohmann::json>>> ParseKeyJsonPairs(
    std::vector<std::string> const& pairs, std::string const& flag, std::string& error) {
  auto split = ParseKeyValuePairs(pairs, flag, error);
  if (!split) return std::nullopt;
  std::vector<std::pair<std::string, nlohmann::json>> parsed;
  for (auto& [key, text] : *split) {
    auto value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) {
      error = flag + " " + key + ": the value is not JSON";
      return std::nullopt;
    }
    parsed.emplace_back(std::move(key), std::move(value));
  }
  return parsed;
}

std::optional<std::uint64_t> ParseUnsigned(std::string const& text, std::uint64_t minimum, std::uint64_t maximum) {
  if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  auto const value = std::stoull(text);
  if (value < minimum || value > maximum) return std::nullopt;
  return value;
}

bool IsValidUtf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    auto const lead = static_cast<unsigned char>(text[i]);
    std::size_t length = 1;
    std::uint32_t code_point = lead;
    if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      code_point = lead & 0x07u;
    } else if (lead >= 0xe0) {
      length = lead <= 0xef ? 3 : 0;
      code_point = lead & 0x0fu;
    } else if (lead >= 0xc2) {
      length = lead <= 0xdf ? 2 : 0;
      code_point = lead & 0x1fu;
    } else if (lead >= 0x80) {
      length = 0;  // a continuation byte or an overlong lead
    }
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k) {
      auto const next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xc0u) != 0x80u) return false;
      code_point = (code_point << 6) | (next & 0x3fu);
    }
    bool const overlong = (length == 3 && code_point < 0x800) || (length == 4 && code_point < 0x10000);
    if (overlong || code_point > 0x10ffff || (code_point >= 0xd800 && code_point <= 0xdfff)) return false;
    i += length;
  }
  return true;
}

}  // namespace xblmp
