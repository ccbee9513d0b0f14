#pragma once
#include "xbl/multiplayer/member_measurement.h"
#include "xbl/multiplayer/session_enums.h"
#include "xbl/timestamp.h"
#include <nlohmann/json.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace xbl::multiplayer {

/// One member of a session as last read from the service.
struct SessionMember {
  /// The member's index; empty for the `me` record of a large session.
  std::optional<std::uint32_t> index;
  bool is_current_user = false;

  // constants/system and constants/custom (set when the member was added)
  std::string xuid;
  bool initialize_requested = false;
  nlohmann::json matchmaking_result;  ///< null when absent
  std::string team;
  nlohmann::json custom_constants = nlohmann::json::object();

  // properties/system and properties/custom (written by the member through `me`)
  bool ready = false;
  bool active = false;
  std::string connection;
  std::string secure_device_address;  ///< base64; empty when absent
  std::vector<std::uint32_t> initialization_group;
  std::vector<std::string> groups;
  std::vector<std::string> encounters;
  nlohmann::json role_preference;  ///< `RolePreference`; null when absent
  std::vector<MemberMeasurement> measurements;
  nlohmann::json server_measurements;  ///< connection string -> {latency}; null when absent
  nlohmann::json subscription;         ///< 107 `subscription`, or legacy `subscriptions`; null when absent
  nlohmann::json custom_properties = nlohmann::json::object();

  // read-only fields computed by the service
  std::string gamertag;
  std::string device_token;
  NatSetting nat = NatSetting::kUnknown;
  bool reserved = false;
  std::string active_title_id;
  std::optional<Timestamp> join_time;
  bool turn = false;
  std::optional<InitializationFailure> initialization_failure;
  std::optional<std::uint32_t> initialization_episode;
  std::optional<std::uint32_t> next;
  std::map<std::string, std::string> roles;  ///< role type -> role name

  /// Reserved, active, ready, else inactive.
  MemberStatus status() const;
};

}  // namespace xbl::multiplayer
