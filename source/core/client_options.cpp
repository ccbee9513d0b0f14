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

std::string ClientOptions::ContractVersionHeader() const {
  return std::to_string(static_cast<int>(contract_version));
}

}  // namespace xbl
