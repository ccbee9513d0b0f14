#pragma once
#include "xbl/multiplayer/session_enums.h"
#include <nlohmann/json.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace xbl::multiplayer {

/// A removal timeout in milliseconds; `std::nullopt` means infinite (MPSD's `null`).
using RemovalTimeout = std::optional<std::chrono::milliseconds>;

/// `constants/system/capabilities` (all default false).
struct SessionCapabilities {
  bool connectivity = false;
  bool suppress_presence_activity_check = false;
  bool gameplay = false;
  bool large = false;
  bool connection_required_for_active_members = false;
  bool client_matchmaking = false;
  bool cloud_compute = false;
  bool auto_populate_server_candidates = false;
  bool user_authorization_style = false;
  bool crossplay = false;
  bool broadcast = false;
  bool team = false;
  bool arbitration = false;
  bool has_owners = false;
  bool searchable = false;
};

/// `constants/system/metrics`.
struct SessionMetrics {
  bool latency = false;
  bool bandwidth_down = false;
  bool bandwidth_up = false;
  bool custom = false;
};

/// `constants/system/memberInitialization` (107), or 104/105's `managedInitialization`
/// with `external_evaluation = !autoEvaluate`. Unset fields take the defaults of the
/// contract version the document was rendered in.
struct MemberInitialization {
  std::chrono::milliseconds join_timeout{10000};
  std::chrono::milliseconds measurement_timeout{30000};
  std::chrono::milliseconds evaluation_timeout{5000};
  bool external_evaluation = false;
  std::uint32_t members_needed_to_start = 1;
};

/// `constants/system/peerToPeerRequirements`. An absent threshold takes MPSD's default; an empty
/// one (`null` on the wire) sets no requirement, so that metric need not be measured.
struct PeerToPeerRequirements {
  std::optional<std::uint32_t> latency_maximum_ms = 250;
  std::optional<std::uint64_t> bandwidth_minimum_kbps = 10000;
};

/// `constants/system/peerToHostRequirements`; thresholds as in `PeerToPeerRequirements`.
struct PeerToHostRequirements {
  std::optional<std::uint32_t> latency_maximum_ms = 250;
  std::optional<std::uint64_t> bandwidth_down_minimum_kbps = 100000;
  std::optional<std::uint64_t> bandwidth_up_minimum_kbps = 1000;
  HostSelectionMetric host_selection_metric = HostSelectionMetric::kLatency;
};

/// `constants/system/ownershipPolicies` (hasOwners sessions).
struct OwnershipPolicies {
  OwnershipMigration migration = OwnershipMigration::kEndSession;
  bool allow_non_owner_invite_handles = false;
  std::vector<std::string> non_owner_modifiable_system_properties;
};

/// `constants`: set when the session is created, immutable afterwards.
struct SessionConstants {
  std::optional<std::uint32_t> version;
  std::uint32_t max_members_count = 100;
  SessionVisibility visibility = SessionVisibility::kOpen;
  std::vector<std::string> initiators;  ///< xuids
  std::string invite_protocol;
  // An absent field takes the contract's default (107 values below; 104/105 documents
  // default inactive to 2 hours); an explicit `null` is infinite (nullopt).
  RemovalTimeout reserved_removal_timeout{std::chrono::milliseconds(30000)};
  RemovalTimeout inactive_removal_timeout{std::chrono::milliseconds(0)};
  RemovalTimeout ready_removal_timeout{std::chrono::milliseconds(180000)};
  RemovalTimeout session_empty_timeout{std::chrono::milliseconds(0)};
  SessionCapabilities capabilities;
  std::optional<SessionMetrics> metrics;
  std::optional<MemberInitialization> member_initialization;
  std::optional<PeerToPeerRequirements> peer_to_peer_requirements;
  std::optional<PeerToHostRequirements> peer_to_host_requirements;
  /// Lower-case connection string -> `{"secureDeviceAddress": base64}`.
  nlohmann::json measurement_server_addresses = nlohmann::json::object();
  std::optional<OwnershipPolicies> ownership_policies;
  std::vector<std::string> broadcast_viewer_title_ids;
  nlohmann::json cloud_compute_package;  ///< deprecated; null when absent
  nlohmann::json arbitration;            ///< deprecated; null when absent
  nlohmann::json custom = nlohmann::json::object();
};

}  // namespace xbl::multiplayer
