#pragma once
#include "clock.h"
#include "failure.h"
#include "session_record.h"

#include <optional>
#include <string>

namespace xbl::emulator {

// Managed member initialization and QoS evaluation (protocol §3.11): episodes, the joining,
// measuring and evaluating stages, failure codes and host candidates.

/// A member was added with `initialize` (true or false); marks its episode when it takes part.
void OnMemberAdded(SessionRecord& record, std::string const& index, bool initialize, TimeMs now);
/// `properties/system/initializationSucceeded`: only while the stage is "evaluating" (else 400).
std::optional<Failure> OnInitializationDecision(SessionRecord& record, bool succeeded, TimeMs now);
/// Starts pending episodes and ends stages whose completion condition holds (not timeouts).
void AdvanceInitialization(SessionRecord& record, TimeMs now);
/// Ends a stage whose timeout has passed; returns true when something changed.
bool ProcessInitializationTimers(SessionRecord& record, TimeMs now);
/// When the current stage times out, or nullopt.
std::optional<TimeMs> InitializationDeadline(SessionRecord const& record);
/// True while `index` takes part in a running episode (its reserved/ready timers are overridden).
bool InRunningEpisode(SessionRecord const& record, std::string const& index);

}  // namespace xbl::emulator
