#include "xbl/multiplayer/session_reference.h"
#include <algorithm>
#include <cctype>
#include <vector>

namespace xbl::multiplayer {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string Encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    auto const u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

std::string Decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

std::string SessionReference::ToUriPath() const {
  return "/serviceconfigs/" + Encode(scid) + "/sessiontemplates/" + Encode(template_name) + "/sessions/" +
         Encode(name);
}

std::optional<SessionReference> SessionReference::FromUriPath(std::string_view path) {
  if (auto const query = path.find('?'); query != std::string_view::npos) path = path.substr(0, query);
  // Tolerate an absolute URI: keep only the path.
  if (auto const scheme = path.find("://"); scheme != std::string_view::npos) {
    auto const slash = path.find('/', scheme + 3);
    if (slash == std::string_view::npos) return std::nullopt;
    path = path.substr(slash);
  }
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    auto const end = path.find('/', start);
    auto const part = path.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!part.empty()) parts.push_back(part);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  if (parts.size() < 6 || !EqualsIgnoreCase(parts[0], "serviceconfigs") ||
      !EqualsIgnoreCase(parts[2], "sessiontemplates") || !EqualsIgnoreCase(parts[4], "sessions")) {
    return std::nullopt;
  }
  return SessionReference{Decode(parts[1]), Decode(parts[3]), Decode(parts[5])};
}

bool operator==(SessionReference const& a, SessionReference const& b) {
  return a.scid == b.scid && EqualsIgnoreCase(a.template_name, b.template_name) &&
         EqualsIgnoreCase(a.name, b.name);
}

void to_json(nlohmann::json& j, SessionReference const& reference) {
  j = nlohmann::json{{"scid", reference.scid}, {"templateName", reference.template_name}, {"name", reference.name}};
}

void from_json(nlohmann::json const& j, SessionReference& reference) {
  reference.scid = j.value("scid", std::string());
  reference.template_name = j.value("templateName", std::string());
  reference.name = j.value("name", std::string());
}

}  // namespace xbl::multiplayer
