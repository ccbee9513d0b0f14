#include "auth.h"

#include "http_message.h"

#include <cctype>

namespace xbl::emulator {
namespace {
constexpr char kPrefix[] = "XBL3.0 x=";

bool IsDecimal(std::string const& s) {
  if (s.empty() || s.size() > 20) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}
}  // namespace

std::optional<Principal> ParseAuthorization(std::string const& header) {
  std::string const prefix = kPrefix;
  if (header.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  std::string rest = header.substr(prefix.size());
  std::size_t semi = rest.find(';');
  std::string xuid = rest.substr(0, semi);
  std::string claims = semi == std::string::npos ? std::string() : rest.substr(semi + 1);
  Principal p;
  if (xuid != "-") {
    if (!IsDecimal(xuid)) return std::nullopt;
    p.xuid = xuid;
    p.device_id = "d" + xuid;
  }
  std::size_t start = 0;
  while (start < claims.size()) {
    std::size_t end = claims.find('&', start);
    if (end == std::string::npos) end = claims.size();
    std::string pair = claims.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;
    std::size_t eq = pair.find('=');
    if (eq == std::string::npos) return std::nullopt;
    std::string key = ToLower(pair.substr(0, eq));
    std::string value = pair.substr(eq + 1);
    if (key == "device") {
      p.device_id = value;
    } else if (key == "title") {
      if (!IsDecimal(value)) return std::nullopt;
      p.title_id = value;
    } else if (key == "gamertag") {
      p.gamertag = value;
    } else if (key == "server") {
      p.server = value == "1" || ToLower(value) == "true";
    } else if (key == "privileges") {
      if (ToLower(value).find("nomultiplayer") != std::string::npos) p.multiplayer_privilege = false;
    }
    // Unknown claims are ignored so test tokens can carry extra data.
  }
  if (!p.has_user() && !p.server) return std::nullopt;
  return p;
}

std::string RedactAuthorization(std::string const& header) {
  std::string const prefix = kPrefix;
  if (header.compare(0, prefix.size(), prefix) != 0) return header.empty() ? header : "***";
  std::string rest = header.substr(prefix.size());
  return prefix + rest.substr(0, rest.find(';')) + ";***";
}

}  // namespace xbl::emulator
