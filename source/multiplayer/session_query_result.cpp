#include "xbl/multiplayer/session_query_result.h"
#include "multiplayer/handle_reader.h"
#include "core/ascii_case.h"
#include "core/json_reader.h"

namespace xbl::multiplayer {
namespace {

MemberStatus ParseQueryStatus(std::string_view status) {
  std::string const text = internal::ToLower(std::string(status));
  if (text == "active") return MemberStatus::kActive;
  if (text == "reserved") return MemberStatus::kReserved;
  if (text == "inactive") return MemberStatus::kInactive;
  if (text == "ready") return MemberStatus::kReady;
  return MemberStatus::kUnknown;
}

}  // namespace

Result<SessionQueryResult> SessionQueryResult::FromJson(nlohmann::json const& entry) {
  if (!entry.is_object()) return Error(ErrorCode::kMalformedResponse, "a query result is not an object");
  auto const ref = entry.find("sessionRef");
  if (ref == entry.end() || !ref->is_object()) {
    return Error(ErrorCode::kMalformedResponse, "a query result has no sessionRef object");
  }
  internal::JsonErrors errors;
  internal::ObjectReader const root(&entry, "", errors);
  SessionQueryResult result;
  internal::ReadSessionReference(root.Child("sessionRef"), result.reference);
  root.Xuid("xuid", result.xuid);  // a number too, as legacy samples send it
  root.Time("startTime", result.start_time);
  root.UInt32("accepted", result.accepted);
  root.Enum("status", result.status, &ParseQueryStatus);
  root.Enum("visibility", result.visibility, &ParseSessionVisibility);
  root.Enum("joinRestriction", result.join_restriction, &ParseSessionRestriction);
  root.Bool("myTurn", result.my_turn);
  root.StringArray("keywords", result.keywords);
  if (!errors.ok()) {
    return Error(ErrorCode::kMalformedResponse, "a query result is malformed: " + errors.error().message);
  }
  if (result.reference.scid.empty() || result.reference.template_name.empty() || result.reference.name.empty()) {
    return Error(ErrorCode::kMalformedResponse, "a query result's sessionRef lacks scid, templateName or name");
  }
  result.document = entry;
  return result;
}

}  // namespace xbl::multiplayer
