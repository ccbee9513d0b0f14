#include "rta/rta_frames.h"

namespace xbl::internal {
namespace {

RtaFrame Malformed(std::string why) {
  RtaFrame frame;
  frame.detail = std::move(why);
  return frame;
}

bool IsInteger(nlohmann::json const& value) { return value.is_number_integer() || value.is_number_unsigned(); }

}  // namespace

RtaFrame ParseRtaFrame(std::string const& text) {
  auto const json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return Malformed("not JSON");
  if (!json.is_array()) return Malformed("not a JSON array");
  if (json.empty() || !IsInteger(json[0])) return Malformed("no integer message type");
  RtaFrame frame;
  auto const type = json[0].get<std::int64_t>();
  switch (type) {
    case 1:
      if (json.size() < 3 || !IsInteger(json[1]) || !IsInteger(json[2]))
        return Malformed("a Subscribe reply without SEQ and status");
      frame.kind = RtaFrame::Kind::kSubscribeReply;
      frame.seq = json[1].get<std::int64_t>();
      frame.code = json[2].get<std::int64_t>();
      if (frame.code == 0) {
        if (json.size() < 5 || !IsInteger(json[3]))
          return Malformed("a Subscribe acknowledgement without SUB_ID and DATA");
        frame.sub_id = json[3].get<std::int64_t>();
        frame.data = json[4];
      } else if (json.size() > 3 && json[3].is_string()) {
        frame.detail = json[3].get<std::string>();
      }
      return frame;
    case 2:
      if (json.size() < 3 || !IsInteger(json[1]) || !IsInteger(json[2]))
        return Malformed("an Unsubscribe reply without SEQ and status");
      frame.kind = RtaFrame::Kind::kUnsubscribeReply;
      frame.seq = json[1].get<std::int64_t>();
      frame.code = json[2].get<std::int64_t>();
      return frame;
    case 3:
      if (json.size() < 3 || !IsInteger(json[1])) return Malformed("an Event without SUB_ID and DATA");
      frame.kind = RtaFrame::Kind::kEvent;
      frame.sub_id = json[1].get<std::int64_t>();
      frame.data = json[2];
      return frame;
    case 4:
      frame.kind = RtaFrame::Kind::kResync;
      return frame;
    default:
      frame.kind = RtaFrame::Kind::kUnknownType;
      frame.detail = std::to_string(type);
      return frame;
  }
}

std::string SubscribeFrame(std::int64_t seq, std::string const& resource) {
  return nlohmann::json::array({1, seq, resource}).dump();
}

std::string UnsubscribeFrame(std::int64_t seq, std::int64_t sub_id) {
  return nlohmann::json::array({2, seq, sub_id}).dump();
}

std::string RtaStatusName(std::int64_t code) {
  switch (code) {
    case 0:
      return "Success";
    case 1:
      return "UnknownResource";
    case 2:
      return "SubscriptionLimitReached";
    case 3:
      return "NoResourceData";
    case 1001:
      return "Throttled";
    case 1002:
      return "ServiceUnavailable";
    default:
      return "status " + std::to_string(code);
  }
}

}  // namespace xbl::internal
