#pragma once
#include <string>

namespace xbl::multiplayer {

/// Options of `MultiplayerService::UpdateSessionAsync`.
struct UpdateSessionOptions {
  /// Most writes attempted before giving up with `kPreconditionFailed` (each 412 costs one).
  int max_writes = 10;
  /// When the session does not exist: true creates it (the mutation runs on a new
  /// session, written with `If-None-Match: *`); false fails with `kNotFound`.
  bool create_if_missing = false;
  /// The xuid the mutation acts for (`members.me`); empty: `ClientOptions::user_xuid`.
  std::string current_user_xuid;
};

}  // namespace xbl::multiplayer
