#include "xbl/multiplayer/get_sessions_request.h"

namespace xbl::multiplayer {
namespace {

Error Invalid(std::string message) { return Error(ErrorCode::kInvalidArgument, "GetSessionsRequest: " + message); }

}  // namespace

Result<void> GetSessionsRequest::Validate() const {
  bool const has_xuid_filter = !xuid_.empty() || !xuids_.empty();
  if (scid_.empty()) return Invalid("a scid is required");
  if (!xuid_.empty() && !xuids_.empty()) return Invalid("xuid and xuids cannot be used together");
  for (auto const& xuid : xuids_) {
    if (xuid.empty()) return Invalid("xuids contains an empty xuid");
  }
  if (keyword_.empty() && !has_xuid_filter) return Invalid("a keyword or a xuid filter is required");
  if (take_ && (*take_ < 0 || *take_ > 100)) return Invalid("take must be between 0 and 100");
  if (include_reservations_ && !has_xuid_filter) return Invalid("include_reservations needs a xuid filter");
  if (include_inactive_ && !has_xuid_filter) return Invalid("include_inactive needs a xuid filter");
  if (visibility_ == SessionVisibility::kPrivate && !include_private_) {
    return Invalid("private visibility needs include_private");
  }
  return {};
}

}  // namespace xbl::multiplayer
