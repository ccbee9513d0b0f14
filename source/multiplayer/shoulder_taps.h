#pragma once
// Shoulder taps as the MPSD subscription's Events carry them, and the "newer than seen" rule
// that turns them into session-changed signals (docs/rta-protocol.md ).
#include "xbl/multiplayer/session_reference.h"
#include <nlohmann/json.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace xbl::internal {

/// One tap: which session changed, on which branch, to which change number.
struct ShoulderTap {
  multiplayer::SessionReference reference;
  std::string branch;
  std::uint64_t change_number = 0;
};

/// The taps of an Event's DATA (`{"shoulderTaps":[...]}`). A tap whose `resource` does not split
/// on '~' into exactly three non-empty parts, or that lacks a string `branch` or an integer
/// `changeNumber`, is left out and described in `skipped`. Never throws.
std::vector<ShoulderTap> ParseShoulderTaps(nlohmann::json const& data, std::vector<std::string>& skipped);

/// A session's identity compared in any case: its three parts in lower case.
using SessionKey = std::tuple<std::string, std::string, std::string>;
SessionKey KeyOfSession(multiplayer::SessionReference const& reference);

/// The latest (branch, change number) seen per session, from taps and session bodies alike.
/// Sessions are keyed in any case in all three parts, branches compared as GUIDs (any case).
/// Not thread-safe: its owner serialises access.
class ChangeNumberTracker {
 public:
  /// True, and remembered, when (branch, change number) is newer than what was seen for the
  /// session: a larger change number on the same branch, or a branch not seen before.
  bool Observe(multiplayer::SessionReference const& reference, std::string const& branch, std::uint64_t change_number);
  /// Forgets a session (it is no longer watched).
  void Forget(multiplayer::SessionReference const& reference);

 private:
  struct Seen {
    std::string branch;  // lower case
    std::uint64_t change_number = 0;
  };
  std::map<SessionKey, Seen> seen_;
};

}  // namespace xbl::internal
