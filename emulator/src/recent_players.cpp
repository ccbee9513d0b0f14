#include "recent_players.h"

#include "http_message.h"
#include "session_document.h"

#include <algorithm>
#include <set>

namespace xbl::emulator {
namespace {

// A group membership ends at this time; nullopt while it persists.
using Membership = std::map<std::string, std::optional<TimeMs>>;

std::optional<TimeMs> Earlier(std::optional<TimeMs> a, std::optional<TimeMs> b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

std::optional<TimeMs> Later(std::optional<TimeMs> a, std::optional<TimeMs> b) {
  if (!a || !b) return std::nullopt;
  return std::max(*a, *b);
}

// "Under 107 it must be true for recent players" (protocol §2.3, §3.15); 104/105 sessions need not.
bool CountsForRecentPlayers(SessionRecord const& record) {
  return record.create_contract < 107 || HasCapability(record, "gameplay");
}

Membership GroupsOf(SessionRecord const& record, std::string const& index, Json const& member, TimeMs now) {
  Membership groups;
  auto const& sys = ObjectOrEmpty(ObjectOrEmpty(member, "properties"), "system");
  if (auto g = sys.find("groups"); g != sys.end() && g->is_array())
    for (auto const& name : *g)
      if (name.is_string()) groups[ToLower(name.get<std::string>())] = std::nullopt;
  if (auto state = record.member.find(index); state != record.member.end())
    for (auto const& e : state->second.encounters) {
      if (e.second <= now) continue;  // the 30 s are over
      auto it = groups.find(e.first);
      groups[e.first] = it == groups.end() ? std::optional<TimeMs>(e.second) : Later(it->second, e.second);
    }
  return groups;
}

std::string XuidOf(Json const& member) {
  auto const& xuid = ObjectOrEmpty(ObjectOrEmpty(member, "constants"), "system").value("xuid", Json());
  return xuid.is_string() ? xuid.get<std::string>() : std::string();
}

}  // namespace

std::optional<Failure> ValidateGroupNames(Json const& names, char const* field) {
  if (!names.is_array()) return BadRequest(std::string(field) + " must be an array of names.");
  for (auto const& name : names)
    if (!name.is_string() || name.get<std::string>().empty() || name.get<std::string>().size() > 100)
      return BadRequest(std::string(field) + " names follow the session-name rules: 1 to 100 characters.");
  return std::nullopt;
}

void RecordEncounters(MemberState& state, Json const& names, TimeMs now) {
  for (auto it = state.encounters.begin(); it != state.encounters.end();)
    it = it->second <= now ? state.encounters.erase(it) : std::next(it);
  for (auto const& name : names) state.encounters[ToLower(name.get<std::string>())] = now + kEncounterMembershipMs;
}

Json RecentPlayers(std::map<std::string, SessionRecord> const& sessions, std::string const& xuid, TimeMs now) {
  // Keyed by (other xuid, session key) so the answer is in a stable order.
  std::map<std::pair<std::string, std::string>, Json> found;
  for (auto const& entry : sessions) {
    SessionRecord const& record = entry.second;
    if (!CountsForRecentPlayers(record)) continue;
    auto const& members = ObjectOrEmpty(record.doc, "members");
    std::string const mine_index = [&] {
      for (auto const& m : members.items())
        if (!m.value().contains("reserved") && XuidOf(m.value()) == xuid) return m.key();
      return std::string();
    }();
    if (mine_index.empty()) continue;
    Membership const mine = GroupsOf(record, mine_index, members[mine_index], now);
    if (mine.empty()) continue;
    for (auto const& m : members.items()) {
      std::string const other = XuidOf(m.value());
      if (m.key() == mine_index || other.empty() || other == xuid || m.value().contains("reserved")) continue;
      Json shared = Json::array();
      for (auto const& g : GroupsOf(record, m.key(), m.value(), now)) {
        auto it = mine.find(g.first);
        if (it == mine.end()) continue;
        auto const ends = Earlier(it->second, g.second);
        shared.push_back(Json{{"name", g.first}, {"expires", ends ? Json(FormatIso8601(*ends)) : Json()}});
      }
      if (shared.empty()) continue;
      Json ref = {{"scid", record.scid}, {"templateName", record.template_name}, {"name", record.name}};
      found[{other, entry.first}] = Json{{"xuid", other}, {"sessionRef", ref}, {"groups", shared}};
    }
  }
  Json list = Json::array();
  for (auto& f : found) list.push_back(std::move(f.second));
  return Json{{"xuid", xuid}, {"recentPlayers", list}};
}

}  // namespace xbl::emulator
