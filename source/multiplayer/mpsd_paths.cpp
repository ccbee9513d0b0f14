#include "multiplayer/mpsd_paths.h"
#include "core/ascii_case.h"
#include <cctype>
#include <vector>

namespace xbl::internal {
namespace {

int Hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}


}  // namespace

std::string PercentEncode(std::string_view text) {
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

std::string PercentDecode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && Hex(text[i + 1]) >= 0 && Hex(text[i + 2]) >= 0) {
      out += static_cast<char>(Hex(text[i + 1]) * 16 + Hex(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string SessionPath(multiplayer::SessionReference const& reference) {
  return "/serviceconfigs/" + PercentEncode(reference.scid) + "/sessiontemplates/" +
         PercentEncode(reference.template_name) + "/sessions/" + PercentEncode(reference.name);
}

std::string HandleSessionPath(std::string_view handle_id) {
  return "/handles/" + PercentEncode(handle_id) + "/session";
}

std::string GetSessionsPathAndQuery(multiplayer::GetSessionsRequest const& request) {
  std::string path = "/serviceconfigs/" + PercentEncode(request.scid());
  if (!request.template_name().empty()) path += "/sessiontemplates/" + PercentEncode(request.template_name());
  bool const batch = !request.xuids().empty();
  path += batch ? "/batch" : "/sessions";
  std::vector<std::string> query;
  if (!batch && !request.xuid().empty()) query.push_back("xuid=" + PercentEncode(request.xuid()));
  if (!request.keyword().empty()) query.push_back("keyword=" + PercentEncode(request.keyword()));
  if (request.visibility() != multiplayer::SessionVisibility::kUnknown) {
    query.push_back("visibility=" + PercentEncode(multiplayer::ToString(request.visibility())));
  }
  if (request.contract_version() != 0) query.push_back("version=" + std::to_string(request.contract_version()));
  if (request.include_private()) query.push_back("private=true");
  if (request.include_reservations()) query.push_back("reservations=true");
  if (request.include_inactive()) query.push_back("inactive=true");
  if (request.take()) query.push_back("take=" + std::to_string(*request.take()));
  for (std::size_t i = 0; i < query.size(); ++i) path += (i == 0 ? "?" : "&") + query[i];
  return path;
}

std::optional<multiplayer::SessionReference> ParseSessionPath(std::string_view path) {
  if (auto const query = path.find_first_of("?#"); query != std::string_view::npos) path = path.substr(0, query);
  if (auto const scheme = path.find("://"); scheme != std::string_view::npos) {
    auto const slash = path.find('/', scheme + 3);
    if (slash == std::string_view::npos) return std::nullopt;
    path = path.substr(slash);
  }
  std::vector<std::string_view> parts;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    auto const slash = path.find('/');
    parts.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash);
  }
  if (parts.size() != 6 || !EqualsIgnoreCase(parts[0], "serviceconfigs") ||
      !EqualsIgnoreCase(parts[2], "sessiontemplates") || !EqualsIgnoreCase(parts[4], "sessions")) {
    return std::nullopt;
  }
  multiplayer::SessionReference reference;
  reference.scid = PercentDecode(parts[1]);
  reference.template_name = PercentDecode(parts[3]);
  reference.name = PercentDecode(parts[5]);
  if (reference.scid.empty() || reference.template_name.empty() || reference.name.empty()) return std::nullopt;
  return reference;
}

}  // namespace xbl::internal
