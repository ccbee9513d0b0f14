#include "session_document.h"

#include "http_message.h"

#include <set>

namespace xbl::emulator {

MemberStatus StatusOf(Json const& member) {
  if (member.contains("reserved")) return MemberStatus::kReserved;
  auto const& sys = ObjectOrEmpty(ObjectOrEmpty(member, "properties"), "system");
  auto flag = [&](char const* name) {
    auto it = sys.find(name);
    return it != sys.end() && it->is_boolean() && it->get<bool>();
  };
  if (flag("active")) return MemberStatus::kActive;
  if (flag("ready")) return MemberStatus::kReady;
  return MemberStatus::kInactive;
}

Json const& SessionSystemConstants(SessionRecord const& record) {
  return ObjectOrEmpty(ObjectOrEmpty(record.doc, "constants"), "system");
}

Json& SessionSystemProperties(SessionRecord& record) {
  Json& props = record.doc["properties"];
  if (!props.is_object()) props = Json::object();
  if (!props["system"].is_object()) props["system"] = Json::object();
  return props["system"];
}

std::optional<std::int64_t> TimeoutMs(SessionRecord const& record, char const* field) {
  auto const& sys = SessionSystemConstants(record);
  auto it = sys.find(field);
  if (it == sys.end() || it->is_null()) return std::nullopt;
  return AsInt(*it);
}

bool HasCapability(SessionRecord const& record, char const* capability) {
  auto const& caps = ObjectOrEmpty(SessionSystemConstants(record), "capabilities");
  auto it = caps.find(capability);
  return it != caps.end() && it->is_boolean() && it->get<bool>();
}

bool RemoveMember(SessionRecord& record, std::string const& index) {
  record.member.erase(index);
  auto members = record.doc.find("members");
  if (members == record.doc.end() || !members->is_object()) return false;
  auto it = members->find(index);
  if (it == members->end()) return false;
  if (!it->contains("reserved")) {
    auto const& xuid = ObjectOrEmpty(ObjectOrEmpty(*it, "constants"), "system").value("xuid", Json());
    if (xuid.is_string()) record.former_xuids.insert(xuid.get<std::string>());
  }
  members->erase(it);
  return true;
}

std::size_t MemberCount(SessionRecord const& record) { return ObjectOrEmpty(record.doc, "members").size(); }

void RecomputeDerived(SessionRecord& record, TimeMs now) {
  if (!record.doc["members"].is_object()) record.doc["members"] = Json::object();
  Json& props = SessionSystemProperties(record);  // may insert: taken before `members`
  Json& members = record.doc["members"];

  std::set<std::int64_t> turn;
  if (auto t = props.find("turn"); t != props.end() && t->is_array())
    for (auto const& v : *t)
      if (auto i = AsInt(v)) turn.insert(*i);

  std::set<std::string> device_tokens;
  std::int64_t accepted = 0;
  std::string previous;
  for (auto it = members.begin(); it != members.end(); ++it) {
    Json& m = it.value();
    if (!m.contains("reserved")) ++accepted;
    if (m.contains("deviceToken") && m["deviceToken"].is_string())
      device_tokens.insert(ToLower(m["deviceToken"].get<std::string>()));
    if (!record.large && turn.count(std::stoll(it.key())))
      m["turn"] = true;
    else
      m.erase("turn");
    if (!previous.empty()) members[previous]["next"] = std::stoll(it.key());
    previous = it.key();
  }
  if (!previous.empty()) members[previous]["next"] = record.next_index;

  Json info = Json::object();
  if (!members.empty()) info["first"] = std::stoll(members.begin().key());
  info["next"] = record.next_index;
  info["count"] = members.size();
  info["accepted"] = accepted;

  bool clear_candidates = false;
  if (auto host = props.find("host"); host != props.end()) {
    if (!host->is_string() || device_tokens.count(ToLower(host->get<std::string>())) == 0)
      props.erase("host");
    else
      clear_candidates = true;
  }
  // Document-level insertions and erasures last: they may reallocate the document and so
  // invalidate `members` and `props` (ordered_json objects are vectors).
  if (clear_candidates) record.doc.erase("hostCandidates");
  record.doc["membersInfo"] = info;
  if (record.doc["members"].empty()) {
    if (record.empty_since < 0) record.empty_since = now;
  } else {
    record.empty_since = -1;
  }
}

}  // namespace xbl::emulator
