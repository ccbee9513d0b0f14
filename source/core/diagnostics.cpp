#include "xbl/diagnostics.h"

namespace xbl {

char const* ToString(TraceLevel level) {
  switch (level) {
    case TraceLevel::kOff: return "off";
    case TraceLevel::kError: return "error";
    case TraceLevel::kWarning: return "warning";
    case TraceLevel::kInfo: return "info";
    case TraceLevel::kVerbose: return "verbose";
  }
  return "off";
}

HttpHeaders RedactHeaders(HttpHeaders headers) {
  for (char const* secret : {"Authorization", "Signature"}) {
    auto it = headers.find(secret);
    if (it != headers.end()) it->second = kRedacted;
  }
  return headers;
}

}  // namespace xbl
