#include "rta_binding.h"

#include "change_types.h"
#include "http_message.h"
#include "rta_taps.h"
#include "service_state.h"
#include "session_access.h"
#include "session_document.h"

#include <cctype>

namespace xbl::emulator {
namespace {

Json const& SystemOf(Json const& member) { return ObjectOrEmpty(ObjectOrEmpty(member, "properties"), "system"); }

Json const* MemberOf(SessionRecord const& record, std::string const& xuid) {
  std::string index = FindMemberByXuid(record, xuid);
  if (index.empty()) return nullptr;
  return &record.doc["members"][index];
}

std::optional<Failure> CheckSubscription(Json const& sys) {
  auto it = sys.find("subscription");
  if (it == sys.end() || it->is_null()) return std::nullopt;
  if (!it->is_object()) return BadRequest("subscription must be an object {\"id\":\"<GUID>\",\"changeTypes\":[...]}.");
  auto id = it->find("id");
  if (id == it->end() || !id->is_string() || !IsGuid(id->get<std::string>()))
    return BadRequest("subscription.id must be a GUID.");
  auto types = it->find("changeTypes");
  if (types == it->end() || !types->is_array()) return BadRequest("subscription.changeTypes must be an array.");
  for (auto const& t : *types)
    if (!t.is_string() || !IsKnownChangeType(t.get<std::string>()))
      return BadRequest("subscription.changeTypes has an unknown change type: " + t.dump() + ".");
  return std::nullopt;
}

}  // namespace

bool IsGuid(std::string const& text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

bool BoundTo(Json const& member, std::string const& connection_id) {
  if (StatusOf(member) != MemberStatus::kActive) return false;
  Json const& sys = SystemOf(member);
  auto it = sys.find("connection");
  return it != sys.end() && it->is_string() && ToLower(it->get<std::string>()) == ToLower(connection_id);
}

std::optional<Failure> CheckRtaBinding(ServiceState& state, SessionStore& store, std::string const& key,
                                       SessionRecord const* before, SessionRecord const& after, Json const& request,
                                       Principal const& caller) {
  if (!caller.has_user()) return std::nullopt;
  Json const* member = MemberOf(after, caller.xuid);
  if (!member) return std::nullopt;
  Json const& sys = SystemOf(*member);
  // On any session a subscription must be well formed; the rest applies to RTA sessions only.
  if (auto bad = CheckSubscription(sys)) return bad;
  if (!HasCapability(after, "connectionRequiredForActiveMembers")) return std::nullopt;

  Json const& written = SystemOf(ObjectOrEmpty(ObjectOrEmpty(request, "members"), "me"));
  bool const sets_active = written.value("active", Json()) == Json(true);
  Json const* old_member = before ? MemberOf(*before, caller.xuid) : nullptr;
  Json const old_connection = old_member ? SystemOf(*old_member).value("connection", Json()) : Json();
  Json const new_connection = sys.value("connection", Json());
  bool const active = StatusOf(*member) == MemberStatus::kActive;
  bool const changes_connection = new_connection != old_connection;
  if (!sets_active && !(changes_connection && active)) return std::nullopt;

  if (!new_connection.is_string() || new_connection.get<std::string>().empty())
    return BadRequest("This session requires an RTA connection: properties.system.connection is missing.");
  std::string id = new_connection.get<std::string>();
  std::string owner;
  switch (state.rta.StateOf(id, &owner)) {
    case RtaHub::IdState::kNeverIssued:
      return BadRequest("The RTA connection '" + id + "' was never issued.");
    case RtaHub::IdState::kRetired:
      return BadRequest("The RTA connection '" + id + "' is retired (its socket or subscription ended).");
    case RtaHub::IdState::kLive:
      break;
  }
  if (owner != caller.xuid) return BadRequest("The RTA connection '" + id + "' belongs to another user's socket.");

  if (old_member && BoundTo(*old_member, id)) return std::nullopt;  // already bound here
  int bound_elsewhere = 0;
  for (auto const& entry : store.sessions()) {
    if (entry.first == key || !IsRtaSession(entry.second.doc)) continue;
    for (auto const& m : ObjectOrEmpty(entry.second.doc, "members").items())
      if (BoundTo(m.value(), id)) {
        ++bound_elsewhere;
        break;
      }
  }
  if (bound_elsewhere >= kMaxSessionsPerConnection)
    return BadRequest("An RTA connection can be bound to at most 10 sessions.");
  return std::nullopt;
}

}  // namespace xbl::emulator
