#include "explorer_page.h"

namespace xbl::emulator {

std::optional<HttpResponse> ExplorerAsset(std::string const& path) {
  std::string name;
  if (path == "/ui" || path == "/ui/") {
    name = "index.html";
  } else if (path.rfind("/ui/", 0) == 0) {
    name = path.substr(4);
  } else {
    return std::nullopt;
  }
  static std::vector<UiAsset> const assets = BuiltinUiAssets();
  for (auto const& asset : assets) {
    if (name != asset.name) continue;
    HttpResponse r;
    r.status = 200;
    r.body = asset.text;
    r.SetHeader("Content-Type", asset.content_type);
    r.SetHeader("Cache-Control", "no-store");
    r.SetHeader("X-Content-Type-Options", "nosniff");
    r.SetHeader("Content-Security-Policy",
                "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
                "base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    return r;
  }
  return std::nullopt;
}

}  // namespace xbl::emulator
