#pragma once
#include "json.h"

namespace xbl::emulator {

// Contract versions (protocol §3.15): documents are stored in 107 form; 104/105 requests and
// templates are upgraded on the way in and rendered back with the older names.

/// Maps a 104/105 request or template (`managedInitialization`, `autoEvaluate`, `timeouts`,
/// `group`) to 107 names. `externalEvaluation = !autoEvaluate` when autoEvaluate is given.
Json UpgradeToContract107(Json document);
/// Renders a stored 107 session for a 104/105 caller.
Json RenderForContract(Json document, int contract);

}  // namespace xbl::emulator
