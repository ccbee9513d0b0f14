#pragma once
// The RTA wire format (docs/rta-protocol.md, "Framing"): every frame one JSON array whose first
// element is the message type.
#include <nlohmann/json.hpp>
#include <cstdint>
#include <string>

namespace xbl::internal {

/// One frame from the server, as far as the client understands it.
struct RtaFrame {
  enum class Kind {
    kSubscribeReply,    ///< `[1, SEQ, 0, SUB_ID, DATA]` or `[1, SEQ, CODE, "message"]`
    kUnsubscribeReply,  ///< `[2, SEQ, CODE]`
    kEvent,             ///< `[3, SUB_ID, DATA]`
    kResync,            ///< `[4]`
    kUnknownType,       ///< a well-formed array of another type
    kMalformed,         ///< not JSON, not an array, or a known type of the wrong shape
  };
  Kind kind = Kind::kMalformed;
  std::int64_t seq = 0;
  std::int64_t code = 0;
  std::int64_t sub_id = 0;
  nlohmann::json data;
  /// What was wrong (kMalformed), the type (kUnknownType) or the server's message (an error reply).
  std::string detail;
};

/// Never throws: anything it cannot read is kMalformed with the reason.
RtaFrame ParseRtaFrame(std::string const& text);

std::string SubscribeFrame(std::int64_t seq, std::string const& resource);
std::string UnsubscribeFrame(std::int64_t seq, std::int64_t sub_id);

/// "UnknownResource", "Throttled", ... for a status code of the protocol.
std::string RtaStatusName(std::int64_t code);

}  // namespace xbl::internal
