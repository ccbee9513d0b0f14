#pragma once
#include <map>
#include <string>
#include <string_view>

namespace xbl {

/// Orders header names without regard to ASCII case, as HTTP requires.
struct CaseInsensitiveLess {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const noexcept;
};

/// HTTP header fields; names compare case-insensitively (`etag` finds `ETag`).
using HttpHeaders = std::map<std::string, std::string, CaseInsensitiveLess>;

/// The value of `name`, or an empty string when the header is absent.
std::string HeaderValue(HttpHeaders const& headers, std::string_view name);

}  // namespace xbl
