#include "xbl/multiplayer/session_query_result.h"
#include <algorithm>
#include <cctype>

namespace xbl::multiplayer {
namespace {

MemberStatus ParseQueryStatus(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  if (text == "active") return MemberStatus::kActive;
  if (text == "reserved") return MemberStatus::kReserved;
  if (text == "inactive") return MemberStatus::kInactive;
  if (text == "ready") return MemberStatus::kReady;
  return MemberStatus::kUnknown;
}

std::string StringOr(nlohmann::json const& object, char const* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Result<SessionQueryResult> SessionQueryResult::FromJson(nlohmann::json const& entry) {
  if (!entry.is_object()) return Error(ErrorCode::kMalformedResponse, "a query result is not an object");
  auto const ref = entry.find("sessionRef");
  if (ref == entry.end() || !ref->is_object()) {
    return Error(ErrorCode::kMalformedResponse, "a query result has no sessionRef object");
  }
  SessionQueryResult result;
  result.reference.scid = StringOr(*ref, "scid");
  result.reference.template_name = StringOr(*ref, "templateName");
  result.reference.name = StringOr(*ref, "name");
  if (result.reference.scid.empty() || result.reference.template_name.empty() || result.reference.name.empty()) {
    return Error(ErrorCode::kMalformedResponse, "a query result's sessionRef lacks scid, templateName or name");
  }
  result.xuid = StringOr(entry, "xuid");
  if (auto const start = StringOr(entry, "startTime"); !start.empty()) {
    auto parsed = Timestamp::Parse(start);
    if (!parsed.ok()) return Error(ErrorCode::kMalformedResponse, "a query result's startTime is not a timestamp");
    result.start_time = *parsed;
  }
  if (auto it = entry.find("accepted"); it != entry.end() && it->is_number_unsigned()) {
    result.accepted = it->get<std::uint32_t>();
  }
  result.status = ParseQueryStatus(StringOr(entry, "status"));
  result.visibility = ParseSessionVisibility(StringOr(entry, "visibility"));
  result.join_restriction = ParseSessionRestriction(StringOr(entry, "joinRestriction"));
  if (auto it = entry.find("myTurn"); it != entry.end() && it->is_boolean()) result.my_turn = it->get<bool>();
  if (auto it = entry.find("keywords"); it != entry.end() && it->is_array()) {
    for (auto const& keyword : *it) {
      if (keyword.is_string()) result.keywords.push_back(keyword.get<std::string>());
    }
  }
  result.document = entry;
  return result;
}

}  // namespace xbl::multiplayer
