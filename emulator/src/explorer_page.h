#pragma once
#include "http_message.h"

#include <optional>
#include <string>
#include <vector>

namespace xbl::emulator {

/// One file of the explorer page (emulator/ui), compiled in by CMake.
struct UiAsset {
  char const* name;          // "index.html", "app.js", "style.css"
  char const* content_type;  // with its charset
  char const* text;
};

/// Generated from emulator/ui by emulator/CMakeLists.txt.
std::vector<UiAsset> BuiltinUiAssets();

/// The explorer page at `GET /_emulator/ui` (index.html) and its files at `/_emulator/ui/NAME`;
/// nullopt for any other path. Served from the binary, with a content security policy that lets
/// the page load only its own script and style and talk only to this emulator.
std::optional<HttpResponse> ExplorerAsset(std::string const& path);

}  // namespace xbl::emulator
