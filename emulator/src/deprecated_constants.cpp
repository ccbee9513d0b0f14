#include "deprecated_constants.h"

#include <initializer_list>
#include <string>

namespace xbl::emulator {
namespace {

constexpr std::int64_t kDefaultForfeitTimeout = 60000;
constexpr std::int64_t kDefaultArbitrationTimeout = 300000;

bool HasCapability(Json const& system, char const* capability) {
  auto caps = system.find("capabilities");
  if (caps == system.end() || !caps->is_object()) return false;
  auto it = caps->find(capability);
  return it != caps->end() && it->is_boolean() && it->get<bool>();
}

// Set means present and not null: a template null keeps the object unset (protocol §3.2).
Json const* SetObject(Json const& system, char const* key) {
  auto it = system.find(key);
  return it == system.end() || it->is_null() ? nullptr : &*it;
}

std::optional<Failure> OnlyKeys(Json const& object, char const* where, std::initializer_list<char const*> keys) {
  for (auto const& item : object.items()) {
    bool known = false;
    for (char const* k : keys) known = known || item.key() == k;
    if (!known) return BadRequest(std::string(where) + "." + item.key() + " is not a recognised field.");
  }
  return std::nullopt;
}

std::optional<Failure> ValidateArbitration(Json const& system) {
  Json const* arbitration = SetObject(system, "arbitration");
  if (!arbitration) return std::nullopt;
  if (!HasCapability(system, "arbitration")) return BadRequest("arbitration requires the arbitration capability.");
  if (!arbitration->is_object()) return BadRequest("arbitration must be an object.");
  if (auto f = OnlyKeys(*arbitration, "arbitration", {"forfeitTimeout", "arbitrationTimeout"})) return f;
  auto millis = [&](char const* key, std::int64_t fallback) -> std::optional<std::int64_t> {
    auto it = arbitration->find(key);
    if (it == arbitration->end()) return fallback;
    auto n = it->is_number() ? AsInt(*it) : std::nullopt;
    if (!n || *n < 0) return std::nullopt;
    return n;
  };
  auto forfeit = millis("forfeitTimeout", kDefaultForfeitTimeout);
  if (!forfeit) return BadRequest("arbitration.forfeitTimeout must be a non-negative number of milliseconds.");
  auto timeout = millis("arbitrationTimeout", kDefaultArbitrationTimeout);
  if (!timeout) return BadRequest("arbitration.arbitrationTimeout must be a non-negative number of milliseconds.");
  if (*timeout < *forfeit) return BadRequest("arbitration.arbitrationTimeout must be at least forfeitTimeout.");
  return std::nullopt;
}

std::optional<Failure> ValidateCloudComputePackage(Json const& system) {
  Json const* package = SetObject(system, "cloudComputePackage");
  if (!package) return std::nullopt;
  if (!HasCapability(system, "cloudCompute"))
    return BadRequest("cloudComputePackage requires the cloudCompute capability.");
  if (!package->is_object()) return BadRequest("cloudComputePackage must be an object.");
  if (auto f = OnlyKeys(*package, "cloudComputePackage", {"titleId", "gsiSet", "variant"})) return f;
  for (char const* key : {"titleId", "gsiSet", "variant"}) {
    auto it = package->find(key);
    if (it == package->end() || !it->is_string() || it->get<std::string>().empty())
      return BadRequest(std::string("cloudComputePackage.") + key + " is required and must be a non-empty string.");
  }
  // Title ids are decimal strings on the wire (protocol §0).
  if ((*package)["titleId"].get<std::string>().find_first_not_of("0123456789") != std::string::npos)
    return BadRequest("cloudComputePackage.titleId must be a decimal title id string.");
  return std::nullopt;
}

}  // namespace

std::optional<Failure> ValidateDeprecatedConstants(Json const& system) {
  if (auto f = ValidateArbitration(system)) return f;
  return ValidateCloudComputePackage(system);
}

void ApplyArbitrationDefaults(Json& system) {
  auto it = system.find("arbitration");
  if (it == system.end() || !it->is_object()) return;
  if (!it->contains("forfeitTimeout")) (*it)["forfeitTimeout"] = kDefaultForfeitTimeout;
  if (!it->contains("arbitrationTimeout")) (*it)["arbitrationTimeout"] = kDefaultArbitrationTimeout;
}

}  // namespace xbl::emulator
