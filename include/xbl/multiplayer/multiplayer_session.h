#pragma once
#include "xbl/multiplayer/member_measurement.h"
#include "xbl/multiplayer/role_types.h"
#include "xbl/multiplayer/session_constants.h"
#include "xbl/multiplayer/session_member.h"
#include "xbl/multiplayer/session_properties.h"
#include "xbl/multiplayer/session_reference.h"
#include "xbl/multiplayer/session_server.h"
#include "xbl/multiplayer/session_state.h"
#include "xbl/result.h"
#include "xbl/timestamp.h"
#include <nlohmann/json.hpp>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xbl::internal {
class PendingChanges;
}  // namespace xbl::internal

namespace xbl::multiplayer {

/// What a join writes under `members.me` besides the xuid.
struct JoinOptions {
  nlohmann::json custom_constants;  ///< `constants.custom`; null: none
  bool initialize = false;          ///< `constants.system.initialize` (member initialization)
  bool active = true;               ///< join as active; false joins inactive
};

/// A session document as stored by MPSD, plus the changes this title wants to write.
///
/// The server state (parsed from the last response, with its ETag) is read-only here; the
/// mutators only record pending changes, which `RequestBody()` renders as the minimal PUT
/// delta. Plain value type: copy freely; not internally synchronized.
class MultiplayerSession {
 public:
  MultiplayerSession() = default;
  /// A session not yet written: constants may be set until the first successful write.
  explicit MultiplayerSession(SessionReference reference, std::string current_user_xuid = {});

  /// Parses a session document (contract 104, 105 or 107). Errors name the JSON path.
  static Result<MultiplayerSession> Parse(std::string_view json, std::string_view etag = {});
  static Result<MultiplayerSession> Parse(SessionReference reference, std::string_view json,
                                          std::string_view etag);
  /// Same, from an already parsed document.
  static Result<MultiplayerSession> FromJson(nlohmann::json document, std::string_view etag = {});

  /// The whole document as last known, unknown fields included (`Parse` then `ToJson` is the identity).
  nlohmann::json const& ToJson() const { return document_; }
  /// The pending delta a write sends (`{}` when nothing is pending), keys in the order recorded:
  /// sections `constants`, `roleTypes`, `properties`, `servers`, then `members` in call order
  /// (`me`, `reserve_0`, `reserve_1`, ...), as MPSD adds members in the order sent. A write sends
  /// exactly `RequestBody().dump()`. Compare it with a `nlohmann::json` by converting it first.
  nlohmann::ordered_json RequestBody() const;
  /// `RequestBody().dump()`: the bytes a write sends. Never throws: mutators refuse text that
  /// is not UTF-8, so the body always serializes.
  std::string RequestBodyText() const;
  bool has_pending_changes() const;
  /// Forgets every pending change (after a successful write).
  void ClearPendingChanges();
  /// Adds a raw request delta (`constants`, `properties`, `members`, `servers`, `roleTypes`) to
  /// the pending changes, for fields this model has no mutator for. Objects merge by key, anything
  /// else (including `null`) replaces. `reserve_N` keys must continue the pending reservations'
  /// numbering. kInvalidArgument names the offending key, or a string that is not UTF-8; a refused
  /// delta records nothing.
  Result<void> MergeRawChanges(nlohmann::json const& delta);

  // --- identity and server bookkeeping -------------------------------------------------
  SessionReference const& reference() const { return reference_; }
  void set_reference(SessionReference reference) { reference_ = std::move(reference); }
  /// ETag from the last read or write; empty for a session never written.
  std::string const& etag() const { return etag_; }
  /// For tools that hold an ETag from elsewhere (e.g. a command line): used by SynchronizedUpdate.
  void set_etag(std::string etag) { etag_ = std::move(etag); }
  /// True once the session came from the service (constants are then immutable).
  bool is_from_service() const { return from_service_; }
  /// The xuid of the user this object writes `me` for.
  std::string const& current_user_xuid() const { return current_user_xuid_; }
  void set_current_user_xuid(std::string xuid);

  std::optional<std::uint32_t> contract_version() const { return contract_version_; }
  std::string const& branch() const { return branch_; }
  std::uint64_t change_number() const { return change_number_; }
  std::string const& correlation_id() const { return correlation_id_; }
  std::string const& search_handle_id() const { return search_handle_id_; }
  std::optional<Timestamp> start_time() const { return start_time_; }
  std::optional<Timestamp> next_timer() const { return next_timer_; }
  std::optional<InitializationState> const& initializing() const { return initializing_; }
  std::vector<std::string> const& host_candidates() const { return host_candidates_; }

  SessionConstants const& constants() const { return constants_; }
  SessionProperties const& properties() const { return properties_; }
  /// Members in index order. A large session lists only the caller's `me` record.
  std::vector<SessionMember> const& members() const { return members_; }
  MembersInfo const& members_info() const { return members_info_; }
  /// The member whose xuid is `current_user_xuid()` (or a large session's `me`); null if none.
  SessionMember const* current_user() const;
  SessionMember const* member_by_index(std::uint32_t index) const;
  std::map<std::string, SessionServer> const& servers() const { return servers_; }
  std::optional<MatchmakingServer> const& matchmaking_server() const { return matchmaking_server_; }
  std::map<std::string, RoleType> const& role_types() const { return role_types_; }

  // Every mutator below refuses (kInvalidArgument, nothing recorded) a string or JSON value
  // holding text that is not UTF-8, and JSON values nested deeper than 32 levels.

  // --- constants: only on a session not yet written (kInvalidState otherwise) ---------
  Result<void> SetMaxMembersCount(std::uint32_t count);
  Result<void> SetVisibility(SessionVisibility visibility);
  Result<void> SetInitiators(std::vector<std::string> xuids);
  Result<void> SetInviteProtocol(std::string protocol);
  /// Each timeout: milliseconds, or nullopt for infinite (`null`).
  Result<void> SetTimeouts(RemovalTimeout reserved, RemovalTimeout inactive, RemovalTimeout ready,
                           RemovalTimeout session_empty);
  /// Writes the capabilities that are true (MPSD's capabilities are all false by default).
  Result<void> SetCapabilities(SessionCapabilities const& capabilities);
  Result<void> SetMetrics(SessionMetrics const& metrics);
  Result<void> SetMemberInitialization(MemberInitialization const& initialization);
  Result<void> SetPeerToPeerRequirements(PeerToPeerRequirements const& requirements);
  Result<void> SetPeerToHostRequirements(PeerToHostRequirements const& requirements);
  /// Connection string -> base64 secure device address; keys are lower-cased.
  Result<void> SetMeasurementServerAddresses(std::map<std::string, std::string> const& addresses);
  Result<void> SetOwnershipPolicies(OwnershipPolicies const& policies);
  Result<void> SetCustomConstant(std::string const& name, nlohmann::json value);
  /// `roleTypes` at creation: type -> role -> {max, target}.
  Result<void> SetRoleTypes(std::map<std::string, RoleType> const& role_types);
  /// An owner's change of existing roles' `max`/`target` (a role's 0 leaves that value alone;
  /// the other `RoleType`/`Role` fields are ignored). Only on a session read from the service;
  /// kInvalidArgument, nothing recorded, for a role type or role the session lacks, a setting its
  /// `mutableRoleSettings` does not list, or target > max once the changes already recorded in
  /// this write are counted. The service checks that the caller owns the session.
  Result<void> SetMutableRoleSettings(std::map<std::string, RoleType> const& role_types);

  // --- membership -----------------------------------------------------------------------
  /// Joins as `current_user_xuid()` (`members.me`). kInvalidState without a current user
  /// or after `Leave()` on this object; kInvalidArgument for a second `Join()` while the first
  /// is pending (as XSAPI refuses joining twice) or a xuid that is not UTF-8.
  Result<void> Join(JoinOptions const& options = {});
  /// Leaves (`"me": null`); discards the current user's other pending changes. kInvalidState
  /// after `Join()` on this object; kInvalidArgument when a leave is already pending.
  Result<void> Leave();
  /// Reserves a slot for another user (`reserve_N`, numbered from 0 in call order).
  Result<void> AddMemberReservation(std::string const& xuid, nlohmann::json custom_constants = nullptr,
                                    bool initialize = false);
  /// Server principals only: removes the member with this index (`"<index>": null`).
  Result<void> RemoveMember(std::uint32_t index);

  // --- the current user's member properties (written through `me`) ---------------------
  /// kActive, kInactive or kReady; kReserved is not something a member can set.
  Result<void> SetCurrentUserStatus(MemberStatus status);
  /// The RTA connection id that accompanies `active: true`.
  Result<void> SetCurrentUserConnection(std::string connection_id);
  Result<void> SetCurrentUserSecureDeviceAddress(std::string base64);
  /// Replaces the whole `measurements` object; never an entry for the user's own device token.
  Result<void> SetCurrentUserMeasurements(std::vector<MemberMeasurement> const& measurements);
  Result<void> SetCurrentUserMeasurements(nlohmann::json measurements);
  /// Replaces the whole `serverMeasurements` object (`{}`: none completed).
  Result<void> SetCurrentUserServerMeasurements(nlohmann::json server_measurements);
  Result<void> SetCurrentUserInitializationGroup(std::vector<std::uint32_t> member_indices);
  /// An empty list clears the groups.
  Result<void> SetCurrentUserGroups(std::vector<std::string> groups);
  Result<void> SetCurrentUserEncounters(std::vector<std::string> encounters);
  /// Member-level `roles`: role type -> role name.
  Result<void> SetCurrentUserRoles(std::map<std::string, std::string> roles);
  /// 107 `subscription` `{id, changeTypes}`; an empty id or no change types removes it (`null`).
  /// Change types as the service names them (`everything`, `host`, `membersList`, ...); another is kInvalidArgument.
  Result<void> SetCurrentUserSubscription(std::string id, std::vector<std::string> change_types);
  Result<void> SetCurrentUserCustomProperty(std::string const& name, nlohmann::json value);
  Result<void> DeleteCurrentUserCustomProperty(std::string const& name);

  // --- session properties ---------------------------------------------------------------
  Result<void> SetCustomProperty(std::string const& name, nlohmann::json value);
  Result<void> DeleteCustomProperty(std::string const& name);
  Result<void> SetKeywords(std::vector<std::string> keywords);
  Result<void> SetTurn(std::vector<std::uint32_t> member_indices);
  /// `properties.system.owners` (member indices) on a `hasOwners` session; only owners may change it.
  /// kInvalidState on a session read from the service without `hasOwners`; kInvalidArgument for a
  /// repeated index.
  Result<void> SetOwners(std::vector<std::uint32_t> member_indices);
  Result<void> SetJoinRestriction(SessionRestriction restriction);
  Result<void> SetReadRestriction(SessionRestriction restriction);
  Result<void> SetHostDeviceToken(std::string device_token);
  Result<void> SetInitializationSucceeded(bool succeeded);
  Result<void> SetServerConnectionStringCandidates(std::vector<std::string> candidates);
  Result<void> SetMatchmakingClientResult(MatchmakingClientResult const& result);
  Result<void> SetMatchmakingTargetSessionConstants(nlohmann::json constants);
  Result<void> SetMatchmakingServerConnectionString(std::string connection_string);
  Result<void> SetMatchmakingResubmit(bool resubmit);
  Result<void> SetClosed(bool closed);
  Result<void> SetLocked(bool locked);
  Result<void> SetAllocateCloudCompute(bool allocate);

  // --- servers (server principals only) --------------------------------------------------
  /// `server` is `{"constants": {...}, "properties": {...}}`.
  Result<void> SetServer(std::string const& name, nlohmann::json server);
  Result<void> DeleteServer(std::string const& name);

 private:
  friend struct SessionParser;

  /// Owns the pending changes: none until a mutator records one, so a parsed session carries no
  /// pending state; copies are deep, as the session is a value type.
  class PendingHolder {
   public:
    PendingHolder() noexcept;
    PendingHolder(PendingHolder const& other);
    PendingHolder(PendingHolder&& other) noexcept;
    PendingHolder& operator=(PendingHolder const& other);
    PendingHolder& operator=(PendingHolder&& other) noexcept;
    ~PendingHolder();
    internal::PendingChanges const* get() const { return changes_.get(); }
    internal::PendingChanges& GetOrCreate();
    void reset() noexcept;

   private:
    std::unique_ptr<internal::PendingChanges> changes_;
  };

  Result<void> RequireNew(char const* what) const;
  Result<void> RequireCurrentUser(char const* what) const;
  internal::PendingChanges& Pending() { return pending_.GetOrCreate(); }
  bool PendingJoin() const;
  bool PendingLeave() const;
  /// `roleTypes.{type}.roles.{role}.{setting}` as recorded in the pending changes, or null.
  nlohmann::ordered_json const* PendingRoleSetting(std::string const& type, std::string const& role,
                                                   char const* setting) const;

  // Server state, parsed from `document_`.
  nlohmann::json document_ = nlohmann::json::object();
  SessionReference reference_;
  std::string etag_;
  bool from_service_ = false;
  std::string current_user_xuid_;
  std::optional<std::uint32_t> contract_version_;
  std::string branch_;
  std::uint64_t change_number_ = 0;
  std::string correlation_id_;
  std::string search_handle_id_;
  std::optional<Timestamp> start_time_;
  std::optional<Timestamp> next_timer_;
  std::optional<InitializationState> initializing_;
  std::vector<std::string> host_candidates_;
  SessionConstants constants_;
  SessionProperties properties_;
  std::vector<SessionMember> members_;
  MembersInfo members_info_;
  std::map<std::string, SessionServer> servers_;
  std::optional<MatchmakingServer> matchmaking_server_;
  std::map<std::string, RoleType> role_types_;

  PendingHolder pending_;
};

}  // namespace xbl::multiplayer
