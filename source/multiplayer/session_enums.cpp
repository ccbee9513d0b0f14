#include "xbl/multiplayer/session_enums.h"
#include "core/ascii_case.h"
#include <utility>

namespace xbl::multiplayer {
namespace {

using internal::EqualsIgnoreCase;

template <typename E, std::size_t N>
std::string_view Name(std::pair<E, std::string_view> const (&table)[N], E value) {
  for (auto const& [e, name] : table) {
    if (e == value) return name;
  }
  return {};
}

template <typename E, std::size_t N>
E Lookup(std::pair<E, std::string_view> const (&table)[N], std::string_view text) {
  for (auto const& [e, name] : table) {
    if (EqualsIgnoreCase(name, text)) return e;
  }
  return E::kUnknown;
}

constexpr std::pair<SessionVisibility, std::string_view> kVisibility[] = {
    {SessionVisibility::kPrivate, "private"}, {SessionVisibility::kVisible, "visible"},
    {SessionVisibility::kOpen, "open"}, {SessionVisibility::kFull, "full"}};
constexpr std::pair<SessionRestriction, std::string_view> kRestriction[] = {
    {SessionRestriction::kNone, "none"}, {SessionRestriction::kLocal, "local"},
    {SessionRestriction::kFollowed, "followed"}};
constexpr std::pair<MemberStatus, std::string_view> kMemberStatus[] = {
    {MemberStatus::kReserved, "reserved"}, {MemberStatus::kInactive, "inactive"},
    {MemberStatus::kReady, "ready"}, {MemberStatus::kActive, "active"}};
constexpr std::pair<InitializationStage, std::string_view> kStage[] = {
    {InitializationStage::kJoining, "joining"}, {InitializationStage::kMeasuring, "measuring"},
    {InitializationStage::kEvaluating, "evaluating"}, {InitializationStage::kFailed, "failed"}};
constexpr std::pair<InitializationFailure, std::string_view> kFailure[] = {
    {InitializationFailure::kTimeout, "timeout"}, {InitializationFailure::kLatency, "latency"},
    {InitializationFailure::kBandwidthDown, "bandwidthdown"}, {InitializationFailure::kBandwidthUp, "bandwidthup"},
    {InitializationFailure::kNetwork, "network"}, {InitializationFailure::kGroup, "group"},
    {InitializationFailure::kEpisode, "episode"}};
constexpr std::pair<NatSetting, std::string_view> kNat[] = {
    {NatSetting::kOpen, "open"}, {NatSetting::kModerate, "moderate"}, {NatSetting::kStrict, "strict"}};
constexpr std::pair<HostSelectionMetric, std::string_view> kMetric[] = {
    {HostSelectionMetric::kLatency, "latency"}, {HostSelectionMetric::kBandwidthDown, "bandwidthdown"},
    {HostSelectionMetric::kBandwidthUp, "bandwidthup"}, {HostSelectionMetric::kBandwidth, "bandwidth"}};
constexpr std::pair<MatchmakingStatus, std::string_view> kMatchmaking[] = {
    {MatchmakingStatus::kSearching, "searching"}, {MatchmakingStatus::kExpired, "expired"},
    {MatchmakingStatus::kFound, "found"}, {MatchmakingStatus::kFailed, "failed"},
    {MatchmakingStatus::kCanceled, "canceled"}};
constexpr std::pair<OwnershipMigration, std::string_view> kMigration[] = {
    {OwnershipMigration::kOldest, "oldest"}, {OwnershipMigration::kEndSession, "endsession"}};

}  // namespace

std::string_view ToString(SessionVisibility value) { return Name(kVisibility, value); }
std::string_view ToString(SessionRestriction value) { return Name(kRestriction, value); }
std::string_view ToString(MemberStatus value) { return Name(kMemberStatus, value); }
std::string_view ToString(InitializationStage value) { return Name(kStage, value); }
std::string_view ToString(InitializationFailure value) { return Name(kFailure, value); }
std::string_view ToString(NatSetting value) { return Name(kNat, value); }
std::string_view ToString(HostSelectionMetric value) { return Name(kMetric, value); }
std::string_view ToString(MatchmakingStatus value) { return Name(kMatchmaking, value); }
std::string_view ToString(OwnershipMigration value) { return Name(kMigration, value); }

SessionVisibility ParseSessionVisibility(std::string_view text) { return Lookup(kVisibility, text); }
SessionRestriction ParseSessionRestriction(std::string_view text) { return Lookup(kRestriction, text); }
InitializationStage ParseInitializationStage(std::string_view text) { return Lookup(kStage, text); }
InitializationFailure ParseInitializationFailure(std::string_view text) { return Lookup(kFailure, text); }
NatSetting ParseNatSetting(std::string_view text) { return Lookup(kNat, text); }
HostSelectionMetric ParseHostSelectionMetric(std::string_view text) { return Lookup(kMetric, text); }
MatchmakingStatus ParseMatchmakingStatus(std::string_view text) { return Lookup(kMatchmaking, text); }
OwnershipMigration ParseOwnershipMigration(std::string_view text) { return Lookup(kMigration, text); }

}  // namespace xbl::multiplayer
