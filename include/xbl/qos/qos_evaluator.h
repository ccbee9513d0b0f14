#pragma once
#include "xbl/multiplayer/member_measurement.h"
#include "xbl/multiplayer/session_constants.h"
#include "xbl/multiplayer/session_enums.h"
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace xbl::qos {

// The evaluator speaks the session model's types: requirements from `SessionConstants`, uploads as
// `MemberMeasurement`s, outcomes as `InitializationFailure` (declared most severe first, which is
// MPSD's precedence).

/// One episode member as the evaluator sees it.
struct EvaluationMember {
  int member_index = 0;
  std::string device_token;                       ///< Empty when the member uploaded no address.
  /// Uploaded `measurements`, one entry per measured device; empty if not uploaded (an uploaded
  /// `{}` is an empty vector).
  std::optional<std::vector<multiplayer::MemberMeasurement>> measurements;
  std::optional<nlohmann::json> server_measurements;  ///< Uploaded `serverMeasurements`; empty if not.
  std::vector<int> initialization_group;          ///< Member indices whose failure fails this member.
  /// A failure the member already has (e.g. `group` from the joining stage): it is kept, and the
  /// member takes no part in the measuring stage.
  std::optional<multiplayer::InitializationFailure> failure;
};

/// What the measuring stage sees when it ends.
struct EvaluationInput {
  std::vector<EvaluationMember> members;
  std::optional<multiplayer::PeerToPeerRequirements> peer_to_peer;
  /// An unknown `host_selection_metric` ranks host candidates by latency, MPSD's default.
  std::optional<multiplayer::PeerToHostRequirements> peer_to_host;
  std::string host;                               ///< `properties/system/host` (device token), if set.
  /// `measurements` must be uploaded: some `metrics` flag is true. A requirement with a set
  /// threshold implies it too.
  bool requires_measurements = false;
  /// `serverMeasurements` must be uploaded (the session has `measurementServerAddresses`).
  bool requires_server_measurements = false;
  std::optional<int> members_needed_to_start;     ///< Episode 1 automatic evaluation threshold.
  int episode = 1;                                ///< `hostCandidates` are set in episode 1 only.
  /// Indices of the session's other members in good standing (not in this episode, no
  /// `initializationFailure`). A group naming an index that is neither here nor in `members`
  /// names a removed (or failed) member, which fails the group.
  std::vector<int> other_member_indices;
};

struct MemberPrediction {
  int member_index = 0;
  std::string device_token;
  std::optional<multiplayer::InitializationFailure> failure;  ///< Empty: the member passes.
};

struct EvaluationResult {
  std::vector<MemberPrediction> members;          ///< In input order.
  std::vector<std::string> host_candidates;       ///< Members' device tokens, best first; empty with a host set.
  bool episode_succeeded = true;                  ///< False when fewer than members_needed_to_start passed.
};

/// Predicts what MPSD sets when the measuring stage ends (protocol §3.11): each member's
/// `initializationFailure` by precedence, and `hostCandidates` ordered by `hostSelectionMetric`.
/// Rules where the protocol leaves room (tagged [I] there) are documented in qos_evaluator.cpp.
EvaluationResult EvaluateInitialization(EvaluationInput const& input);

}  // namespace xbl::qos
