#include "xbl/multiplayer/invite_handle.h"
#include "multiplayer/handle_reader.h"
#include <cctype>

namespace xbl::multiplayer {

std::size_t UriEncodedLength(std::string const& text) {
  std::size_t length = 0;
  for (char c : text) {
    auto const u = static_cast<unsigned char>(c);
    bool const unreserved = std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '~';
    length += unreserved ? 1 : 3;
  }
  return length;
}

Result<nlohmann::json> MakeInviteRequestBody(SessionReference const& session, std::string const& invited_xuid,
                                             InviteAttributes const& attributes) {
  if (session.empty()) return Error(ErrorCode::kInvalidArgument, "invite: the session reference is incomplete");
  if (invited_xuid.empty()) return Error(ErrorCode::kInvalidArgument, "invite: empty invited xuid");
  if (attributes.title_id.empty()) return Error(ErrorCode::kInvalidArgument, "invite: empty title id");
  if (auto const length = UriEncodedLength(attributes.context); length > 256) {
    return Error(ErrorCode::kInvalidArgument, "invite: the activation context is " + std::to_string(length) +
                                                  " characters once URI-encoded; the limit is 256");
  }
  nlohmann::json invite_attributes = {{"titleId", attributes.title_id}};
  if (!attributes.context.empty()) invite_attributes["context"] = attributes.context;
  if (!attributes.context_string.empty()) invite_attributes["contextString"] = attributes.context_string;
  if (!attributes.sender_string.empty()) invite_attributes["senderString"] = attributes.sender_string;
  return nlohmann::json{{"version", 1},
                        {"type", "invite"},
                        {"sessionRef", session},
                        {"invitedXuid", invited_xuid},
                        {"inviteAttributes", std::move(invite_attributes)}};
}

Result<InviteHandle> InviteHandle::FromJson(nlohmann::json const& document) {
  internal::JsonErrors errors;
  InviteHandle handle;
  internal::ReadHandleHeader(document, "invite", errors, handle.id, handle.session_reference);
  if (errors.ok()) {
    internal::ObjectReader root(&document, "", errors);
    root.Xuid("invitedXuid", handle.invited_xuid);
    root.Xuid("senderXuid", handle.sender_xuid);
    auto const attributes = root.Child("inviteAttributes");
    attributes.Xuid("titleId", handle.attributes.title_id);
    attributes.String("context", handle.attributes.context);
    attributes.String("contextString", handle.attributes.context_string);
    attributes.String("senderString", handle.attributes.sender_string);
    root.Time("expiration", handle.expiration);
  }
  if (!errors.ok()) return errors.error();
  handle.document_ = document;
  return handle;
}

}  // namespace xbl::multiplayer
