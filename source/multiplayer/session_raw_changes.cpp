// MergeRawChanges: a request delta written by the title, for fields the model has no mutator for.
#include "xbl/multiplayer/multiplayer_session.h"
#include "multiplayer/pending_changes.h"
#include "multiplayer/session_change_rules.h"
#include <algorithm>

namespace xbl::multiplayer {

using change_rules::InvalidArgument;
using internal::PendingChanges;
using nlohmann::json;

namespace {

// Objects merge by key; anything else (null included: it deletes on the service) replaces.
void MergeInto(PendingChanges::Json& target, json const& change) {
  if (!change.is_object() || !target.is_object()) {
    target = PendingChanges::Json(change);
    return;
  }
  for (auto const& [key, value] : change.items()) MergeInto(target[key], value);
}

std::optional<PendingChanges::Section> SectionNamed(std::string const& key) {
  if (key == "constants") return PendingChanges::Section::kConstants;
  if (key == "roleTypes") return PendingChanges::Section::kRoleTypes;
  if (key == "properties") return PendingChanges::Section::kProperties;
  if (key == "servers") return PendingChanges::Section::kServers;
  return std::nullopt;
}

}  // namespace

Result<void> MultiplayerSession::MergeRawChanges(json const& delta) {
  if (!delta.is_object()) return InvalidArgument("a request delta must be a JSON object");
  if (auto error = change_rules::CheckValue("request delta", delta)) return *error;
  for (auto const& [key, value] : delta.items()) {
    if (key != "members" && !SectionNamed(key)) {
      return InvalidArgument("request delta: \"" + key + "\" is not allowed at the top level");
    }
    if (key != "members" && !value.is_object()) return InvalidArgument("request delta: " + key + " must be an object");
  }
  // Check the members first so that a refused delta changes nothing.
  std::size_t next_reservation = pending_.get() != nullptr ? pending_.get()->reservation_count() : 0;
  std::vector<std::pair<std::size_t, json const*>> reservations;
  if (auto const it = delta.find("members"); it != delta.end()) {
    if (!it->is_object()) return InvalidArgument("request delta: members must be an object");
    for (auto const& [key, value] : it->items()) {
      if (key == "me") {
        if (!value.is_null() && !value.is_object()) return InvalidArgument("request delta: members/me must be an object or null");
      } else if (key.rfind("reserve_", 0) == 0) {
        auto const digits = key.substr(8);
        if (digits.empty() || digits.size() > 6 || digits.find_first_not_of("0123456789") != std::string::npos) {
          return InvalidArgument("request delta: bad reservation key " + key);
        }
        if (!value.is_object()) return InvalidArgument("request delta: members/" + key + " must be an object");
        reservations.emplace_back(std::stoul(digits), &value);
      } else if (key.empty() || key.size() > 10 || key.find_first_not_of("0123456789") != std::string::npos) {
        return InvalidArgument("request delta: member keys are me, reserve_N or an index, not " + key);
      } else if (!value.is_null() && !value.is_object()) {
        return InvalidArgument("request delta: members/" + key + " must be an object or null");
      }
    }
    std::sort(reservations.begin(), reservations.end());
    for (auto const& [number, value] : reservations) {
      if (number != next_reservation++) {
        return InvalidArgument("request delta: reservations must be numbered reserve_" +
                               std::to_string(next_reservation - 1) + " next");
      }
    }
  }
  auto& pending = Pending();
  for (auto const& [key, value] : delta.items()) {
    if (auto const section = SectionNamed(key)) MergeInto(pending.SectionObject(*section), value);
  }
  if (auto const it = delta.find("members"); it != delta.end()) {
    for (auto const& [key, value] : it->items()) {
      if (key == "me") {
        if (value.is_null()) {
          pending.Leave();
        } else {
          pending.CancelLeave();
          MergeInto(pending.Me(), value);
        }
      } else if (key.rfind("reserve_", 0) != 0) {
        pending.EditMember(key, PendingChanges::Json(value));
      }
    }
    for (auto const& entry : reservations) pending.AddReservation(PendingChanges::Json(*entry.second));
  }
  return {};
}

}  // namespace xbl::multiplayer
