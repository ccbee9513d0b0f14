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
      if (auto derived = RtaEndpointFor(value); !derived.empty()) return derived;
    }
  }
  return rta_endpoint.empty() ? kDefaultRtaEndpoint : rta_endpoint;
}

std::string RtaEndpointFor(std::string const& mpsd_endpoint) {
  auto const scheme_end = mpsd_endpoint.find("://");
  if (scheme_end == std::string::npos) return {};
  auto const scheme = mpsd_endpoint.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return {};
  auto const host_end = mpsd_endpoint.find('/', scheme_end + 3);
  auto const host = mpsd_endpoint.substr(scheme_end + 3, host_end == std::string::npos ? host_end : host_end - scheme_end - 3);
  return (scheme == "http" ? "ws://" : "wss://") + host + "/connect";
}

std::string ClientOptions::ContractVersionHeader() const {
  return std::to_string(static_cast<int>(contract_version));
}

}  // namespace xbl
