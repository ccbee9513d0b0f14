#include "change_types.h"

#include "http_message.h"
#include "session_document.h"

#include <array>
#include <iterator>
#include <utility>

namespace xbl::emulator {
namespace {

constexpr std::array<char const*, 10> kChangeTypes = {
    "everything",  "host",        "initialization", "matchmakingStatus",     "membersList",
    "membersStatus", "joinability", "customProperty", "membersCustomProperty", "tournaments"};

Json const& At(Json const& doc, std::initializer_list<char const*> path) {
  static Json const kNull;
  Json const* node = &doc;
  for (char const* key : path) {
    if (!node->is_object()) return kNull;
    auto it = node->find(key);
    if (it == node->end()) return kNull;
    node = &*it;
  }
  return *node;
}

bool HostChanged(Json const& a, Json const& b) {
  Json const& x = At(a, {"properties", "system", "host"});
  Json const& y = At(b, {"properties", "system", "host"});
  if (x.is_string() && y.is_string()) return ToLower(x.get<std::string>()) != ToLower(y.get<std::string>());
  return x != y;
}

bool InitializationChanged(Json const& a, Json const& b) {
  Json const& x = At(a, {"initializing"});
  Json const& y = At(b, {"initializing"});
  if (x.is_null() != y.is_null()) return true;
  if (x.is_null()) return false;
  return At(x, {"stage"}) != At(y, {"stage"}) || At(x, {"episode"}) != At(y, {"episode"});
}

bool MatchmakingChanged(Json const& a, Json const& b) {
  auto differs = [&](std::initializer_list<char const*> path) {
    Json const& x = At(a, path);
    Json const& y = At(b, path);
    return !JsonEqual(At(x, {"status"}), At(y, {"status"})) ||
           !JsonEqual(At(x, {"targetSessionRef"}), At(y, {"targetSessionRef"})) || x.is_null() != y.is_null();
  };
  return differs({"servers", "matchmaking", "properties", "system"}) ||
         differs({"properties", "system", "matchmaking", "clientResult"});
}

// Pairs each member after the change with the member of the same index and xuid before it (or
// null), in one walk: members keep their order across a write, so the next member before is
// tried first and the (linear) key search of an ordered object runs only when it misses.
template <typename Fn>
void PairMembers(Json const& a, Json const& b, Fn fn) {
  static Json const kNull;
  Json const& x = At(a, {"members"});
  Json const& y = At(b, {"members"});
  if (!y.is_object()) return;
  bool have_old = x.is_object();
  auto hint = have_old ? x.begin() : Json::const_iterator();
  for (auto m = y.begin(); m != y.end(); ++m) {
    Json const* old = &kNull;
    if (have_old) {
      auto it = (hint != x.end() && hint.key() == m.key()) ? hint : x.find(m.key());
      if (it != x.end()) {
        hint = std::next(it);
        if (At(*it, {"constants", "system", "xuid"}) == At(*m, {"constants", "system", "xuid"})) old = &*it;
      }
    }
    fn(*old, *m);
  }
}

std::size_t MemberCount(Json const& doc) {
  Json const& members = At(doc, {"members"});
  return members.is_object() ? members.size() : 0;
}

bool Full(Json const& doc) {
  auto count = AsInt(At(doc, {"membersInfo", "count"})).value_or(0);
  auto max = AsInt(At(doc, {"constants", "system", "maxMembersCount"}));
  return max && count >= *max;
}

// An absent custom bag is the empty one, so creating a session without custom properties is no
// customProperty change.
bool CustomChanged(Json const& a, Json const& b) {
  Json const& x = At(a, {"properties", "custom"});
  Json const& y = At(b, {"properties", "custom"});
  Json const empty = Json::object();
  return !JsonEqual(x.is_null() ? empty : x, y.is_null() ? empty : y);
}

bool JoinabilityChanged(Json const& a, Json const& b) {
  for (char const* field : {"closed", "locked", "joinRestriction"})
    if (!JsonEqual(At(a, {"properties", "system", field}), At(b, {"properties", "system", field}))) return true;
  return Full(a) != Full(b);
}

}  // namespace

std::vector<std::string> MatchedChangeTypes(Json const& before, Json const& after) {
  std::vector<std::string> out{"everything"};
  if (HostChanged(before, after)) out.emplace_back("host");
  if (InitializationChanged(before, after)) out.emplace_back("initialization");
  if (MatchmakingChanged(before, after)) out.emplace_back("matchmakingStatus");
  // One walk over the members answers the three member change types. Members are keyed by
  // (index, xuid): a rejoin under a new index is a list change.
  std::size_t common = 0;
  bool status_changed = false, custom_changed = false;
  PairMembers(before, after, [&](Json const& x, Json const& y) {
    if (x.is_null()) return;
    ++common;
    if (!status_changed && StatusOf(x) != StatusOf(y)) status_changed = true;
    if (!custom_changed && CustomChanged(x, y)) custom_changed = true;
  });
  bool list_changed = common != MemberCount(before) || common != MemberCount(after);
  if (list_changed || At(before, {"membersInfo", "count"}) != At(after, {"membersInfo", "count"}))
    out.emplace_back("membersList");
  if (status_changed) out.emplace_back("membersStatus");
  if (JoinabilityChanged(before, after)) out.emplace_back("joinability");
  if (CustomChanged(before, after)) out.emplace_back("customProperty");
  if (custom_changed) out.emplace_back("membersCustomProperty");
  return out;
}

bool IsKnownChangeType(std::string const& name) {
  for (char const* known : kChangeTypes)
    if (name == known) return true;
  return false;
}

}  // namespace xbl::emulator
