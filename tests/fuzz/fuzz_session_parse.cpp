// MultiplayerSession::Parse on any bytes, then the round trip: a document that parses is
// serialized from ToJson and parsed again, and the second model must equal the first, both as a
// document and field by field (the model is lossless). A parsed session has nothing pending.
#include "xbl/multiplayer/multiplayer_session.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

namespace {

using nlohmann::json;
using xbl::multiplayer::MultiplayerSession;

template <typename T>
json Optional(std::optional<T> const& value) {
  return value ? json(*value) : json();
}

json Time(std::optional<xbl::Timestamp> const& time) { return time ? json(time->since_epoch().count()) : json(); }

json Timeout(xbl::multiplayer::RemovalTimeout const& timeout) { return timeout ? json(timeout->count()) : json(); }

/// The typed model as JSON, so two parses can be compared in one step.
json Fields(MultiplayerSession const& session) {
  auto const& c = session.constants();
  auto const& p = session.properties();
  json out = {
      {"contract", Optional(session.contract_version())},
      {"branch", session.branch()},
      {"changeNumber", session.change_number()},
      {"correlationId", session.correlation_id()},
      {"searchHandleId", session.search_handle_id()},
      {"startTime", Time(session.start_time())},
      {"nextTimer", Time(session.next_timer())},
      {"hostCandidates", session.host_candidates()},
      {"version", Optional(c.version)},
      {"maxMembers", c.max_members_count},
      {"visibility", static_cast<int>(c.visibility)},
      {"initiators", c.initiators},
      {"inviteProtocol", c.invite_protocol},
      {"timeouts",
       {Timeout(c.reserved_removal_timeout), Timeout(c.inactive_removal_timeout), Timeout(c.ready_removal_timeout),
        Timeout(c.session_empty_timeout)}},
      {"large", c.capabilities.large},
      {"hasOwners", c.capabilities.has_owners},
      {"constantsCustom", c.custom},
      {"keywords", p.keywords},
      {"turn", p.turn},
      {"joinRestriction", static_cast<int>(p.join_restriction)},
      {"readRestriction", static_cast<int>(p.read_restriction)},
      {"hostDeviceToken", p.host_device_token},
      {"closed", p.closed},
      {"locked", p.locked},
      {"propertiesCustom", p.custom},
      {"membersInfo",
       {Optional(session.members_info().first), session.members_info().next, session.members_info().count,
        session.members_info().accepted}},
  };
  json members = json::array();
  for (auto const& m : session.members()) {
    members.push_back({Optional(m.index), m.xuid, m.gamertag, m.active, m.ready, m.reserved, m.connection,
                       m.secure_device_address, m.groups, m.encounters, m.custom_constants, m.custom_properties,
                       m.roles, Time(m.join_time), static_cast<int>(m.status()), m.subscription});
  }
  out["members"] = std::move(members);
  json servers = json::object();
  for (auto const& [name, server] : session.servers()) servers[name] = {server.constants, server.properties};
  out["servers"] = std::move(servers);
  json roles = json::object();
  for (auto const& [name, type] : session.role_types()) {
    json each = json::object();
    for (auto const& [role_name, role] : type.roles) each[role_name] = role.member_xuids;
    roles[name] = {type.owner_managed, type.mutable_role_settings, std::move(each)};
  }
  out["roleTypes"] = std::move(roles);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(std::uint8_t const* data, std::size_t size) {
  std::string_view const text(reinterpret_cast<char const*>(data), size);
  auto first = MultiplayerSession::Parse(text, "\"etag-1\"");
  if (!first.ok()) return 0;
  if (first->has_pending_changes() || !first->RequestBody().empty()) std::abort();
  std::string const serialized = first->ToJson().dump();
  auto second = MultiplayerSession::Parse(serialized, "\"etag-1\"");
  if (!second.ok()) std::abort();  // what the model wrote, it must read back
  if (second->ToJson() != first->ToJson()) std::abort();
  if (Fields(*second) != Fields(*first)) std::abort();
  if (second->ToJson().dump() != serialized) std::abort();
  return 0;
}
