#include "xbl/multiplayer/session_member.h"

namespace xbl::multiplayer {

MemberStatus SessionMember::status() const {
  if (reserved) return MemberStatus::kReserved;
  if (active) return MemberStatus::kActive;
  if (ready) return MemberStatus::kReady;
  return MemberStatus::kInactive;
}

}  // namespace xbl::multiplayer
