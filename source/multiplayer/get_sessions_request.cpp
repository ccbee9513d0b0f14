#include "xbl/multiplayer/get_sessions_request.h"
#include "core/json_reader.h"

namespace xbl::multiplayer {
namespace {

Error Invalid(std::string message) { return Error(ErrorCode::kInvalidArgument, "GetSessionsRequest: " + message); }

}  // namespace

Result<void> GetSessionsRequest::Validate() const {
  bool const has_xuid_filter = !xuid_.empty() || !xuids_.empty();
  if (scid_.empty()) return Invalid("a scid is required");
  // Each goes into the URL or the body: text that is not UTF-8 is refused before anything is sent.
  for (auto const* text : {&scid_, &keyword_, &xuid_, &template_name_}) {
    if (!internal::IsValidUtf8(*text)) return Invalid("the scid, keyword, xuid and template name must be valid UTF-8");
  }
  if (!xuid_.empty() && !xuids_.empty()) return Invalid("xuid and xuids cannot be used together");
  for (auto const& xuid : xuids_) {
    if (xuid.empty()) return Invalid("xuids contains an empty xuid");
    if (!internal::IsValidUtf8(xuid)) return Invalid("xuids contains a xuid that is not valid UTF-8");
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
