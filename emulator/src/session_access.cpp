#include "session_access.h"

#include "http_message.h"

namespace xbl::emulator {
namespace {

Json const& System(SessionRecord const& r, char const* bag) { return ObjectOrEmpty(ObjectOrEmpty(r.doc, bag), "system"); }

bool IsActive(Json const& member) {
  auto const& sys = ObjectOrEmpty(ObjectOrEmpty(member, "properties"), "system");
  auto it = sys.find("active");
  return it != sys.end() && it->is_boolean() && it->get<bool>();
}

// "local": the caller's device matches a member already in the session with active: true.
bool IsLocal(SessionRecord const& r, Principal const& caller) {
  auto const& members = ObjectOrEmpty(r.doc, "members");
  for (auto const& m : r.member) {
    auto it = members.find(m.first);
    if (it != members.end() && m.second.device_id == caller.device_id && IsActive(*it)) return true;
  }
  return false;
}

// "followed": local users, plus users followed by an existing non-reserved member.
bool IsFollowed(SessionRecord const& r, Principal const& caller, SocialGraph const& social) {
  if (IsLocal(r, caller)) return true;
  for (auto const& m : ObjectOrEmpty(r.doc, "members").items()) {
    if (m.value().contains("reserved")) continue;
    auto const& xuid = ObjectOrEmpty(ObjectOrEmpty(m.value(), "constants"), "system").value("xuid", "");
    if (social.Follows(xuid, caller.xuid)) return true;
  }
  return false;
}

bool PassesRestriction(SessionRecord const& r, std::string const& restriction, Principal const& caller,
                       SocialGraph const& social) {
  if (restriction == "local") return IsLocal(r, caller);
  if (restriction == "followed") return IsFollowed(r, caller, social);
  return true;
}

}  // namespace

std::string FindMemberByXuid(SessionRecord const& record, std::string const& xuid) {
  if (xuid.empty()) return {};
  for (auto const& m : ObjectOrEmpty(record.doc, "members").items()) {
    auto const& sys = ObjectOrEmpty(ObjectOrEmpty(m.value(), "constants"), "system");
    auto it = sys.find("xuid");
    if (it != sys.end() && it->is_string() && it->get<std::string>() == xuid) return m.key();
  }
  return {};
}

std::string Visibility(SessionRecord const& record) {
  return ToLower(System(record, "constants").value("visibility", std::string("open")));
}

std::string EffectiveRestriction(SessionRecord const& record, char const* field) {
  auto const& props = System(record, "properties");
  auto it = props.find(field);
  if (it != props.end() && it->is_string()) return ToLower(it->get<std::string>());
  auto const& caps = ObjectOrEmpty(System(record, "constants"), "capabilities");
  auto uas = caps.find("userAuthorizationStyle");
  if (uas != caps.end() && uas->is_boolean() && uas->get<bool>()) return "local";
  return "none";
}

std::optional<Failure> CheckRead(SessionRecord const& record, Principal const& caller, SocialGraph const& social) {
  if (caller.server || !FindMemberByXuid(record, caller.xuid).empty()) return std::nullopt;
  if (Visibility(record) == "private") return Forbidden(kPrivateSessionMessage);
  if (!PassesRestriction(record, EffectiveRestriction(record, "readRestriction"), caller, social))
    return Forbidden("The requested session cannot be accessed: the session's readRestriction excludes the caller.");
  return std::nullopt;
}

std::optional<Failure> CheckWrite(SessionRecord const& record, Principal const& caller, SocialGraph const& social) {
  if (auto read = CheckRead(record, caller, social)) return read;
  if (caller.server || !FindMemberByXuid(record, caller.xuid).empty()) return std::nullopt;
  if (Visibility(record) != "open")
    return Failure{403, "Only members and reserved users can update a visible session.", true};
  return std::nullopt;
}

std::optional<Failure> CheckJoin(SessionRecord const& record, Principal const& caller, SocialGraph const& social,
                                 bool bypass_restrictions) {
  if (!bypass_restrictions) {
    if (auto read = CheckRead(record, caller, social)) return read;
    if (Visibility(record) != "open")
      return Failure{403, "The session is not open: joining requires a reservation.", true};
  }
  auto const& props = System(record, "properties");
  auto closed = props.find("closed");
  if (closed != props.end() && closed->is_boolean() && closed->get<bool>())
    return Failure{403, "The session is closed to new members.", true};
  // "If an owner has blocked a user, that user cannot join" (owners: properties/system/owners).
  if (auto owners = props.find("owners"); owners != props.end() && owners->is_array()) {
    auto const& members = ObjectOrEmpty(record.doc, "members");
    for (auto const& o : *owners) {
      auto n = AsInt(o);
      if (!n) continue;
      auto const& m = ObjectOrEmpty(members, std::to_string(*n).c_str());
      auto const& xuid = ObjectOrEmpty(ObjectOrEmpty(m, "constants"), "system").value("xuid", Json());
      if (xuid.is_string() && social.Blocks(xuid.get<std::string>(), caller.xuid))
        return Failure{403, "A session owner has blocked this user.", true};
    }
  }
  auto locked = props.find("locked");
  if (locked != props.end() && locked->is_boolean() && locked->get<bool>() && !record.former_xuids.count(caller.xuid))
    return Failure{403, "The session is locked: only members who left may return.", true};
  if (!bypass_restrictions &&
      !PassesRestriction(record, EffectiveRestriction(record, "joinRestriction"), caller, social))
    return Failure{403, "The session's joinRestriction does not allow this user to join.", true};
  return std::nullopt;
}

}  // namespace xbl::emulator
