#pragma once
#include <string_view>

namespace xbl::multiplayer {

// The enumerations of the session document. Each has kUnknown first: a value the
// service sends that this SDK does not know parses to kUnknown, never to a real value.
// Parse* functions are case-insensitive; ToString gives MPSD's lower-case wire form
// (empty for kUnknown).

enum class SessionVisibility { kUnknown, kPrivate, kVisible, kOpen, kFull };
enum class SessionRestriction { kUnknown, kNone, kLocal, kFollowed };
/// Derived member status: reserved, inactive (neither flag), ready or active.
enum class MemberStatus { kUnknown, kReserved, kInactive, kReady, kActive };
enum class InitializationStage { kUnknown, kJoining, kMeasuring, kEvaluating, kFailed };
enum class InitializationFailure { kUnknown, kTimeout, kLatency, kBandwidthDown, kBandwidthUp, kNetwork, kGroup, kEpisode };
enum class NatSetting { kUnknown, kOpen, kModerate, kStrict };
enum class HostSelectionMetric { kUnknown, kLatency, kBandwidthDown, kBandwidthUp, kBandwidth };
enum class MatchmakingStatus { kUnknown, kSearching, kExpired, kFound, kFailed, kCanceled };
enum class OwnershipMigration { kUnknown, kOldest, kEndSession };

std::string_view ToString(SessionVisibility value);
std::string_view ToString(SessionRestriction value);
std::string_view ToString(MemberStatus value);
std::string_view ToString(InitializationStage value);
std::string_view ToString(InitializationFailure value);
std::string_view ToString(NatSetting value);
std::string_view ToString(HostSelectionMetric value);
std::string_view ToString(MatchmakingStatus value);
std::string_view ToString(OwnershipMigration value);

SessionVisibility ParseSessionVisibility(std::string_view text);
SessionRestriction ParseSessionRestriction(std::string_view text);
InitializationStage ParseInitializationStage(std::string_view text);
InitializationFailure ParseInitializationFailure(std::string_view text);
NatSetting ParseNatSetting(std::string_view text);
HostSelectionMetric ParseHostSelectionMetric(std::string_view text);
MatchmakingStatus ParseMatchmakingStatus(std::string_view text);
OwnershipMigration ParseOwnershipMigration(std::string_view text);

}  // namespace xbl::multiplayer
