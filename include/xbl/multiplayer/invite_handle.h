#pragma once
#include "xbl/multiplayer/session_reference.h"
#include "xbl/result.h"
#include "xbl/timestamp.h"
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace xbl::multiplayer {

/// What an invite carries besides the session and the invitee.
struct InviteAttributes {
  std::string title_id;        ///< decimal title id the invite launches
  std::string context;         ///< custom activation context; at most 256 characters once URI-encoded
  std::string context_string;  ///< id of a localized custom invite string
  std::string sender_string;   ///< sender's name when the sender is a service
};

/// The body of `POST /handles` for one invite (MPSD takes one invitee per request).
/// kInvalidArgument for an empty xuid, title id or reference, or an over-long context.
Result<nlohmann::json> MakeInviteRequestBody(SessionReference const& session, std::string const& invited_xuid,
                                             InviteAttributes const& attributes);
/// Length of `text` once URI-encoded (unreserved characters count 1, others 3 per byte).
std::size_t UriEncodedLength(std::string const& text);

/// An invite handle as the service returns it.
struct InviteHandle {
  std::string id;
  SessionReference session_reference;
  std::string invited_xuid;
  std::string sender_xuid;
  InviteAttributes attributes;
  std::optional<Timestamp> expiration;

  /// Rejects a document whose `type` is not "invite" (in any case) or that has no `id`.
  static Result<InviteHandle> FromJson(nlohmann::json const& document);
  nlohmann::json const& ToJson() const { return document_; }

 private:
  nlohmann::json document_;
};

}  // namespace xbl::multiplayer
