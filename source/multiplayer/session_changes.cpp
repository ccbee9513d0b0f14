#include "xbl/multiplayer/session_changes.h"
#include "core/ascii_case.h"
#include <algorithm>
#include <map>
#include <utility>

namespace xbl::multiplayer {
namespace {

/// Members by index (a large session's `me` record, which has none, by xuid alone).
std::map<std::pair<std::uint32_t, std::string>, SessionMember const*> ByIndexAndXuid(MultiplayerSession const& session) {
  std::map<std::pair<std::uint32_t, std::string>, SessionMember const*> members;
  for (auto const& member : session.members()) {
    members[{member.index.value_or(UINT32_MAX), member.xuid}] = &member;
  }
  return members;
}

bool IsFull(MultiplayerSession const& session) {
  auto const max = session.constants().max_members_count;
  // A large session lists only `me`; membersInfo still counts everyone.
  auto const count = std::max<std::size_t>(session.members().size(), session.members_info().count);
  return max > 0 && count >= max;
}

bool SameMatchmaking(MultiplayerSession const& a, MultiplayerSession const& b) {
  auto const& x = a.matchmaking_server();
  auto const& y = b.matchmaking_server();
  if (x.has_value() != y.has_value()) return false;
  if (x && (x->status != y->status || x->target_session_ref != y->target_session_ref)) return false;
  auto const& p = a.properties().matchmaking_client_result;
  auto const& q = b.properties().matchmaking_client_result;
  if (p.has_value() != q.has_value()) return false;
  return !p || (p->status == q->status && p->target_session_ref == q->target_session_ref);
}

bool SameInitialization(MultiplayerSession const& a, MultiplayerSession const& b) {
  auto const& x = a.initializing();
  auto const& y = b.initializing();
  if (x.has_value() != y.has_value()) return false;
  return !x || (x->stage == y->stage && x->episode == y->episode);
}

}  // namespace

SessionChanges CompareSessions(MultiplayerSession const& current, MultiplayerSession const& previous) {
  SessionChanges changes;
  auto const& now = current.properties();
  auto const& before = previous.properties();
  changes.host = !internal::EqualsIgnoreCase(now.host_device_token, before.host_device_token);
  changes.initialization = !SameInitialization(current, previous);
  changes.matchmaking_status = !SameMatchmaking(current, previous);
  changes.joinability = now.closed != before.closed || now.locked != before.locked ||
                        now.join_restriction != before.join_restriction || IsFull(current) != IsFull(previous);
  changes.custom_property = now.custom != before.custom;

  auto const members_now = ByIndexAndXuid(current);
  auto const members_before = ByIndexAndXuid(previous);
  changes.members_list = members_now.size() != members_before.size() ||
                         current.members_info().count != previous.members_info().count;
  for (auto const& [key, member] : members_now) {
    auto const old = members_before.find(key);
    if (old == members_before.end()) {
      changes.members_list = true;
      continue;
    }
    if (member->status() != old->second->status()) changes.members_status = true;
    if (member->custom_properties != old->second->custom_properties) changes.members_custom_property = true;
  }
  return changes;
}

}  // namespace xbl::multiplayer
