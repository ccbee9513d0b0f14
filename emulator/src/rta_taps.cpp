#include "rta_taps.h"

#include "http_message.h"
#include "session_document.h"

#include <algorithm>

namespace xbl::emulator {

bool IsRtaSession(Json const& document) {
  Json const& caps = ObjectOrEmpty(ObjectOrEmpty(ObjectOrEmpty(document, "constants"), "system"), "capabilities");
  auto it = caps.find("connectionRequiredForActiveMembers");
  return it != caps.end() && it->is_boolean() && it->get<bool>();
}

void PublishTaps(RtaHub& hub, ChangeEntry const& entry) {
  if (entry.deleted) return;  // a session is deleted only once it has no members left to tap
  Json const& doc = *entry.document;
  if (!IsRtaSession(doc)) return;
  // What every tap of this commit shares is serialized once; a member's tap differs only in its
  // subscription id. The key order is the one a tap has always had.
  std::string resource = entry.scid + "~" + ToLower(entry.template_name) + "~" + ToLower(entry.name);
  std::string const head = "{\"timestamp\":" + Json(FormatIso8601(entry.time)).dump() + ",\"subscription\":";
  std::string const tail = ",\"resourceType\":\"mpsd/session\",\"resource\":" + Json(resource).dump() +
                           ",\"branch\":" + Json(entry.branch).dump() +
                           ",\"changeNumber\":" + std::to_string(entry.change_number) + "}";
  std::vector<PendingTap> taps;
  for (auto const& m : ObjectOrEmpty(doc, "members").items()) {
    Json const& member = m.value();
    if (StatusOf(member) != MemberStatus::kActive) continue;
    Json const& sys = ObjectOrEmpty(ObjectOrEmpty(member, "properties"), "system");
    auto connection = sys.find("connection");
    auto subscription = sys.find("subscription");
    if (connection == sys.end() || !connection->is_string()) continue;
    if (subscription == sys.end() || !subscription->is_object()) continue;
    auto id = subscription->find("id");
    auto types = subscription->find("changeTypes");
    if (id == subscription->end() || !id->is_string() || types == subscription->end() || !types->is_array()) continue;
    bool matches = std::any_of(types->begin(), types->end(), [&](Json const& t) {
      return t.is_string() && std::find(entry.change_types.begin(), entry.change_types.end(),
                                        t.get_ref<std::string const&>()) != entry.change_types.end();
    });
    if (!matches) continue;
    PendingTap tap;
    tap.connection_id = ToLower(connection->get_ref<std::string const&>());
    Json const& xuid = ObjectOrEmpty(ObjectOrEmpty(member, "constants"), "system").value("xuid", Json());
    tap.xuid = xuid.is_string() ? xuid.get<std::string>() : xuid.dump();
    tap.tap = head + id->dump() + tail;
    taps.push_back(std::move(tap));
  }
  if (!taps.empty()) hub.DeliverTaps(taps);
}

}  // namespace xbl::emulator
