#include "xbl/multiplayer/transfer_handle.h"
#include "multiplayer/handle_reader.h"

namespace xbl::multiplayer {

Result<nlohmann::json> MakeTransferRequestBody(SessionReference const& target, SessionReference const& origin) {
  if (target.empty() || origin.empty()) {
    return Error(ErrorCode::kInvalidArgument, "transfer handle: the target and origin references must be complete");
  }
  return nlohmann::json{{"version", 1}, {"type", "transfer"}, {"sessionRef", target}, {"originSessionRef", origin}};
}

Result<TransferHandle> TransferHandle::FromJson(nlohmann::json const& document) {
  internal::JsonErrors errors;
  TransferHandle handle;
  internal::ReadHandleHeader(document, "transfer", errors, handle.id, handle.session_reference);
  if (errors.ok()) {
    internal::ObjectReader root(&document, "", errors);
    internal::ReadSessionReference(root.Child("originSessionRef"), handle.origin_session_reference);
  }
  if (!errors.ok()) return errors.error();
  handle.document_ = document;
  return handle;
}

}  // namespace xbl::multiplayer
