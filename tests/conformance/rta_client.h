#pragma once
// A WebSocket client for the RTA conformance tests (Boost.Beast, not the SDK): every wait is
// bounded, and a wait that runs out is reported as kTimeout, never hangs.
#include "conformance_fixture.h"

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace xbl::conformance {

constexpr char kRtaSubprotocol[] = "rta.xboxlive.com.V2";
constexpr char kMpsdResource[] = "https://sessiondirectory.xboxlive.com/connections/";

/// What a read got.
struct RtaFrame {
  enum class Kind { kText, kClosed, kLost, kTimeout } kind = Kind::kTimeout;
  std::string text;
  int close_code = 0;  // kClosed: the server's close code
  std::string close_reason;
  Json json() const;  // the text as JSON (null when it is not JSON)
};

class RtaClient {
 public:
  explicit RtaClient(std::uint16_t port);
  ~RtaClient();
  RtaClient(RtaClient const&) = delete;
  RtaClient& operator=(RtaClient const&) = delete;

  /// Upgrades; returns the HTTP status (101 on success). `subprotocols` empty: no header.
  int Connect(char const* authorization, std::string const& subprotocols = kRtaSubprotocol,
              std::string const& target = "/connect");
  /// The upgrade response's headers (lower-case names) and body.
  std::map<std::string, std::string> const& response_headers() const;
  std::string const& response_body() const;

  void SendText(std::string const& text);
  void SendJson(Json const& message) { SendText(message.dump()); }
  void SendBinary(std::string const& bytes);
  void Ping();
  /// Pongs received so far.
  int pongs() const;
  /// Starts a clean close with `code` and waits (bounded) for the server's answer.
  void Close(int code = 1000);
  /// Ends the TCP connection without a close frame.
  void Abort();

  RtaFrame Read(std::chrono::milliseconds timeout = std::chrono::seconds(5));
  /// Subscribes to the MPSD resource with `seq` and returns the ConnectionId ("" on failure).
  std::string Subscribe(std::int64_t seq = 1);
  /// The SUB_ID of the last successful Subscribe.
  std::int64_t sub_id() const { return sub_id_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::int64_t sub_id_ = 0;
};

/// Fixture helpers for RTA tests on the manual-clock emulator.
class RtaTest : public ConformanceTest {
 protected:
  /// A connected, subscribed client of `who`; `id` gets its ConnectionId.
  std::unique_ptr<RtaClient> Open(char const* who, std::string* id);
  /// Creates an RTA session (connectionRequiredForActiveMembers) `dyn/name` with `xuid` active,
  /// bound to `connection` and subscribed to `change_types`; returns the response.
  Response CreateRtaSession(char const* who, std::string const& xuid, std::string const& name,
                            std::string const& connection, Json change_types = Json::array({"everything"}));
  /// Joins `who` active, bound and subscribed.
  Response JoinRta(char const* who, std::string const& xuid, std::string const& name, std::string const& connection,
                   Json change_types = Json::array({"everything"}));
  /// The member body of an active, bound, subscribed `me`.
  static Json BoundMe(std::string const& xuid, std::string const& connection, Json change_types);
  /// Reads frames until one that is not an Event is the resync marker [4], collecting the Events
  /// before it: sends the resync hook to socket `socket` first, so the marker follows whatever
  /// was queued already. Deterministic proof that no (further) tap was queued.
  std::vector<Json> DrainUntilMarker(RtaClient& client, int socket);
  /// The socket number of a live ConnectionId (from the connections list), or 0.
  int SocketOf(std::string const& connection_id);
  /// Polls the frame log (bounded) until an inbound frame with exactly `text` is logged.
  bool WaitForInboundFrame(std::string const& text);
};

/// The GUID form of a ConnectionId: lowercase 8-4-4-4-12 hex.
bool IsLowercaseGuid(std::string const& text);

}  // namespace xbl::conformance
