#include "xbl/multiplayer/session_result.h"

namespace xbl::multiplayer {

char const* ToString(SessionResultStatus status) {
  switch (status) {
    case SessionResultStatus::kUnknown: return "unknown";
    case SessionResultStatus::kRead: return "read";
    case SessionResultStatus::kCreated: return "created";
    case SessionResultStatus::kUpdated: return "updated";
    case SessionResultStatus::kDeleted: return "deleted";
    case SessionResultStatus::kNotFound: return "not_found";
    case SessionResultStatus::kNotModified: return "not_modified";
  }
  return "unknown";
}

}  // namespace xbl::multiplayer
