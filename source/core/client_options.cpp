#include "xbl/client_options.h"
#include <cstdlib>

namespace xbl {

std::string ClientOptions::EffectiveEndpoint() const {
  std::string result = endpoint;
  if (honor_environment) {
    if (char const* value = std::getenv(kMpsdEndpointEnvironmentVariable); value != nullptr && *value != '\0') {
      result = value;
    }
  }
  if (result.empty()) result = kDefaultMpsdEndpoint;
  while (!result.empty() && result.back() == '/') result.pop_back();
  return result;
}

std::string ClientOptions::EffectiveRtaEndpoint() const {
  if (honor_environment) {
    if (char const* value = std::getenv(kRtaEndpointEnvironmentVariable); value != nullptr && *value != '\0') {
      return value;
    }
    if (char const* value = std::getenv(kMpsdEndpointEnvironmentVariable); value != nullptr && *value != '\0') {
      std::string const mpsd = value;
      auto const scheme_end = mpsd.find("://");
      if (scheme_end != std::string::npos) {
        auto const scheme = mpsd.substr(0, scheme_end);
        auto const host_end = mpsd.find('/', scheme_end + 3);
        auto const host = mpsd.substr(scheme_end + 3, host_end == std::string::npos ? host_end : host_end - scheme_end - 3);
        if (scheme == "http" || scheme == "https") return (scheme == "http" ? "ws://" : "wss://") + host + "/connect";
      }
    }
  }
  return rta_endpoint.empty() ? kDefaultRtaEndpoint : rta_endpoint;
}

std::string ClientOptions::ContractVersionHeader() const {
  return std::to_string(static_cast<int>(contract_version));
}

}  // namespace xbl
