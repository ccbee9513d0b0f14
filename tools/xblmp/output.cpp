#include "output.h"
#include "exit_codes.h"
#include <cstdio>
#include <iostream>

namespace xblmp {
namespace {

// Strings from the command line may be any bytes: invalid UTF-8 prints as U+FFFD instead of throwing.
std::string Dump(nlohmann::json const& document, int indent) {
  return document.dump(indent, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

void Output::Print(nlohmann::json const& document, std::string const& readable) const {
  if (json_) {
    std::cout << Dump(document, 2) << std::endl;
  } else {
    std::cout << readable << std::flush;
  }
}

void Output::PrintStreamItem(nlohmann::json const& item, std::string const& readable) const {
  if (json_) {
    std::cout << Dump(item, -1) << std::endl;
  } else {
    std::cout << readable << std::endl;
  }
}

std::string EscapeControl(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  char buffer[8];
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto const byte = static_cast<unsigned char>(text[i]);
    if (byte == '\\') {
      escaped += "\\\\";
    } else if (byte == '\n') {
      escaped += "\\n";
    } else if (byte == '\r') {
      escaped += "\\r";
    } else if (byte == '\t') {
      escaped += "\\t";
    } else if (byte < 0x20 || byte == 0x7f) {
      std::snprintf(buffer, sizeof buffer, "\\x%02x", byte);
      escaped += buffer;
    } else if (byte == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
               static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
      // U+0080..U+009F in UTF-8: the C1 controls, which some terminals obey (e.g. CSI).
      std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned char>(text[++i]));
      escaped += buffer;
    } else {
      escaped += static_cast<char>(byte);
    }
  }
  return escaped;
}

void PrintError(xbl::Error const& error) {
  std::cerr << "error: " << xbl::ToString(error.code) << " " << error.http_status << " " << EscapeControl(error.message)
            << std::endl;
}

void PrintUsageError(std::string const& message) {
  std::cerr << "error: usage " << EscapeControl(message) << std::endl;
}

int ExitCodeFor(xbl::Error const& error, bool missing_is_not_found) {
  switch (error.code) {
    case xbl::ErrorCode::kPreconditionFailed: return kExitConflict;
    case xbl::ErrorCode::kInvalidArgument: return kExitUsage;
    case xbl::ErrorCode::kNotFound: return missing_is_not_found ? kExitNotFound : kExitServiceError;
    default: return kExitServiceError;
  }
}

}  // namespace xblmp
