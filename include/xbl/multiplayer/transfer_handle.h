#pragma once
#include "xbl/multiplayer/session_reference.h"
#include "xbl/result.h"
#include <nlohmann/json.hpp>
#include <string>

namespace xbl::multiplayer {

/// The body of `POST /handles` for a transfer handle: members of `origin` (a lobby) may then
/// join `target` (a game) through the handle, whatever its join restriction.
Result<nlohmann::json> MakeTransferRequestBody(SessionReference const& target, SessionReference const& origin);

/// A transfer handle as the service returns it.
struct TransferHandle {
  std::string id;
  SessionReference session_reference;         ///< the target
  SessionReference origin_session_reference;  ///< the lobby

  /// Rejects a document whose `type` is not "transfer" (in any case) or that has no `id`.
  static Result<TransferHandle> FromJson(nlohmann::json const& document);
  nlohmann::json const& ToJson() const { return document_; }

 private:
  nlohmann::json document_;
};

}  // namespace xbl::multiplayer
