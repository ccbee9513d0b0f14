#pragma once
#include "clock.h"
#include "json.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>

namespace xbl::emulator {

/// Bookkeeping MPSD keeps per member but does not render.
struct MemberState {
  TimeMs state_since = 0;  // when the member entered its current reserved/inactive/ready/active state
  std::string device_id;   // the caller's token DeviceId (joinRestriction "local")
  std::string title_id;
  // Live encounters (protocol §2.7): lower-cased group name -> when its 30 s membership ends. Never
  // rendered; read by the recent-players view.
  std::map<std::string, TimeMs> encounters;
};

/// One stored session: the raw 107-form document plus what the service tracks beside it.
struct SessionRecord {
  std::string scid;
  std::string template_name;
  std::string name;
  Json doc;                                   // rendered fields included (membersInfo, next links, ...)
  std::map<std::string, MemberState> member;  // keyed by member index string
  std::int64_t next_index = 0;
  TimeMs empty_since = -1;                    // -1: not empty
  std::string etag;
  int create_contract = 107;                  // 104/105-created sessions keep the 104 defaults
  bool large = false;
  // Member initialization (protocol §3.11): the running episode (0 = none), the last finished one,
  // and when the current stage started.
  std::int64_t current_episode = 0;
  std::int64_t last_episode = 0;
  TimeMs stage_start = 0;
  // The 107 rendering of `doc` for non-large sessions, filled on first read after a commit
  // (reads vastly outnumber writes). Cleared by Commit().
  mutable std::string rendered;
  // Users who were accepted members and left: with `locked`, only they may join again.
  std::set<std::string> former_xuids;
};

/// The store key: `scid~template~name` with the case-insensitive parts lowered.
std::string SessionKey(std::string const& scid, std::string const& template_name, std::string const& name);

}  // namespace xbl::emulator
