#pragma once
#include "xbl/error.h"
#include <optional>
#include <string>

namespace xbl::multiplayer {

/// The outcome of one invite of `SendInvitesAsync`: the handle created, or why not.
struct InviteResult {
  std::string invited_xuid;
  std::string handle_id;       ///< empty when `error` is set
  std::optional<Error> error;  ///< this invitee's failure; the others are still sent
};

}  // namespace xbl::multiplayer
