#pragma once
#include "failure.h"
#include "json.h"

#include <optional>

namespace xbl::emulator {

// The deprecated constant objects of protocol §2.2 and §2.4.7: `arbitration` and `cloudComputePackage`.

/// `arbitration` `{forfeitTimeout, arbitrationTimeout}` needs the arbitration capability; both are
/// non-negative integer milliseconds with arbitrationTimeout >= forfeitTimeout (defaults included).
/// `cloudComputePackage` `{titleId, gsiSet, variant}` needs the cloudCompute capability; all three
/// are required strings, titleId decimal. Other keys inside either object are refused. 400 on failure.
std::optional<Failure> ValidateDeprecatedConstants(Json const& system);
/// Fills the arbitration defaults (forfeitTimeout 60000, arbitrationTimeout 300000).
void ApplyArbitrationDefaults(Json& system);

}  // namespace xbl::emulator
