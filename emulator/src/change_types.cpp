#include "change_types.h"

#include "http_message.h"
#include "session_document.h"

#include <array>
#include <set>
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

// Members keyed by (index, xuid): a rejoin under a new index is a list change.
std::set<std::pair<std::string, std::string>> MemberKeys(Json const& doc) {
  std::set<std::pair<std::string, std::string>> keys;
  Json const& members = At(doc, {"members"});
  if (!members.is_object()) return keys;
  for (auto const& m : members.items())
    keys.emplace(m.key(), At(m.value(), {"constants", "system", "xuid"}).dump());
  return keys;
}

// Calls `fn(before_member, after_member)` for each member present both before and after.
template <typename Fn>
bool AnyCommonMember(Json const& a, Json const& b, Fn fn) {
  Json const& x = At(a, {"members"});
  Json const& y = At(b, {"members"});
  if (!x.is_object() || !y.is_object()) return false;
  for (auto const& m : y.items()) {
    auto old = x.find(m.key());
    if (old == x.end()) continue;
    if (At(*old, {"constants", "system", "xuid"}) != At(m.value(), {"constants", "system", "xuid"})) continue;
    if (fn(*old, m.value())) return true;
  }
  return false;
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
  if (MemberKeys(before) != MemberKeys(after) ||
      At(before, {"membersInfo", "count"}) != At(after, {"membersInfo", "count"}))
    out.emplace_back("membersList");
  if (AnyCommonMember(before, after, [](Json const& x, Json const& y) { return StatusOf(x) != StatusOf(y); }))
    out.emplace_back("membersStatus");
  if (JoinabilityChanged(before, after)) out.emplace_back("joinability");
  if (CustomChanged(before, after)) out.emplace_back("customProperty");
  if (AnyCommonMember(before, after, [](Json const& x, Json const& y) { return CustomChanged(x, y); }))
    out.emplace_back("membersCustomProperty");
  return out;
}

bool IsKnownChangeType(std::string const& name) {
  for (char const* known : kChangeTypes)
    if (name == known) return true;
  return false;
}

}  // namespace xbl::emulator
