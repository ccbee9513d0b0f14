#include "rta_decay.h"

#include "handle_api.h"
#include "rta_binding.h"
#include "rta_taps.h"
#include "service_state.h"
#include "session_api.h"
#include "session_document.h"

#include <vector>

namespace xbl::emulator {

std::int64_t DecayConnection(ServiceState& state, std::string const& connection_id, bool rta_sessions_only,
                             CommitCause const& cause) {
  TimeMs now = state.clock.Now();
  return state.sessions.WithLock([&](SessionStore& store) {
    std::vector<std::string> keys;
    for (auto const& entry : store.sessions())
      for (auto const& m : ObjectOrEmpty(entry.second.doc, "members").items())
        if (BoundTo(m.value(), connection_id)) {
          keys.push_back(entry.first);
          break;
        }
    std::int64_t changed = 0;
    for (auto const& key : keys) {
      // The decay is a write at this instant, so the session's lazy timers run first.
      SessionRecord* record = LoadSession(state, key, now, ActionCause("timer", cause.action));
      if (!record || (rta_sessions_only && !IsRtaSession(record->doc))) continue;
      Json before = record->doc;
      bool touched = false;
      for (auto it = record->doc["members"].begin(); it != record->doc["members"].end(); ++it) {
        if (!BoundTo(it.value(), connection_id)) continue;
        it.value()["properties"]["system"].erase("active");
        it.value().erase("activeTitleId");
        record->member[it.key()].state_since = now;
        touched = true;
      }
      if (!touched) continue;
      ++changed;
      CommitSession(state, *record, before, cause);
      PruneActivityHandles(state.handles, key, record);
    }
    return changed;
  });
}

}  // namespace xbl::emulator
