#include "xbl/multiplayer/activity_details.h"
#include "multiplayer/handle_reader.h"

namespace xbl::multiplayer {

Result<ActivityDetails> ActivityDetails::FromJson(nlohmann::json const& document) {
  internal::JsonErrors errors;
  ActivityDetails details;
  internal::ReadHandleHeader(document, "activity", errors, details.handle_id, details.session_reference);
  if (errors.ok()) {
    internal::ObjectReader root(&document, "", errors);
    root.Xuid("titleId", details.title_id);
    root.Xuid("ownerXuid", details.owner_xuid);
    internal::ReadRelatedInfo(root.Child("relatedInfo"), details.related_info);
    root.AnyObject("customProperties", details.custom_properties);
  }
  if (!errors.ok()) return errors.error();
  details.document_ = document;
  return details;
}

}  // namespace xbl::multiplayer
