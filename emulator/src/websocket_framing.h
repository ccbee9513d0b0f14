#pragma once
#include <cstdint>
#include <string>

namespace xbl::emulator {

/// WebSocket framing (RFC 6455) for the server side of `/connect`. The emulator frames its own
/// sockets, rather than using Beast's stream, because the RTA hooks need control Beast does
/// not give: a deaf socket answers no pings, and a drop ends the TCP connection mid-stream.
namespace ws {

constexpr int kText = 0x1;
constexpr int kBinary = 0x2;
constexpr int kContinuation = 0x0;
constexpr int kClose = 0x8;
constexpr int kPing = 0x9;
constexpr int kPong = 0xA;

/// The largest message (all fragments together) the emulator accepts; a larger one closes the
/// socket with 1009.
constexpr std::size_t kMaxMessageBytes = 64 * 1024;

/// One unfragmented server frame (servers never mask).
std::string EncodeFrame(int opcode, std::string const& payload);
/// A close frame with a status code and a reason (cut to fit the 125-byte control limit).
std::string EncodeClose(int code, std::string const& reason);
/// `Sec-WebSocket-Accept` for a `Sec-WebSocket-Key`.
std::string AcceptKey(std::string const& key);

/// A complete client message or control frame.
struct Message {
  int opcode = 0;  // kText, kBinary, kClose, kPing or kPong
  std::string payload;
};

/// Reassembles client messages from bytes as they arrive.
class FrameReader {
 public:
  enum class Status { kNeedMore, kMessage, kError };
  /// Appends received bytes.
  void Feed(char const* data, std::size_t size) { buffer_.append(data, size); }
  /// The next message, kNeedMore, or kError with the close code (1002 protocol, 1009 too big).
  Status Next(Message& out, int& error_code, std::string& reason);

 private:
  std::string buffer_;
  std::string partial_;  // fragments of a message in progress
  int partial_opcode_ = -1;
};

}  // namespace ws
}  // namespace xbl::emulator
