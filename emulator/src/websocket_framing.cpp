#include "websocket_framing.h"

// Beast's handshake helper computes the accept key (SHA-1 + base64 of the key and the RFC GUID).
#include <boost/beast/websocket/detail/hybi13.hpp>

namespace xbl::emulator::ws {

std::string EncodeFrame(int opcode, std::string const& payload) {
  std::string out;
  out.reserve(payload.size() + 10);
  out.push_back(static_cast<char>(0x80 | opcode));
  std::size_t n = payload.size();
  if (n < 126) {
    out.push_back(static_cast<char>(n));
  } else if (n <= 0xFFFF) {
    out.push_back(static_cast<char>(126));
    out.push_back(static_cast<char>((n >> 8) & 0xFF));
    out.push_back(static_cast<char>(n & 0xFF));
  } else {
    out.push_back(static_cast<char>(127));
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((n >> shift) & 0xFF));
  }
  out += payload;
  return out;
}

std::string EncodeClose(int code, std::string const& reason) {
  std::string payload;
  payload.push_back(static_cast<char>((code >> 8) & 0xFF));
  payload.push_back(static_cast<char>(code & 0xFF));
  payload += reason.substr(0, 123);
  return EncodeFrame(kClose, payload);
}

std::string AcceptKey(std::string const& key) {
  boost::beast::websocket::detail::sec_ws_accept_type accept;
  boost::beast::websocket::detail::make_sec_ws_accept(accept, key);
  return std::string(accept.data(), accept.size());
}

FrameReader::Status FrameReader::Next(Message& out, int& error_code, std::string& reason) {
  for (;;) {
    if (buffer_.size() < 2) return Status::kNeedMore;
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(buffer_[i]); };
    bool const fin = byte(0) & 0x80;
    int const opcode = byte(0) & 0x0F;
    bool const masked = byte(1) & 0x80;
    std::uint64_t length = byte(1) & 0x7F;
    std::size_t header = 2;
    auto fail = [&](int code, char const* why) {
      error_code = code;
      reason = why;
      return Status::kError;
    };
    if (byte(0) & 0x70) return fail(1002, "reserved bits set");
    if (!masked) return fail(1002, "client frames must be masked");
    bool const control = opcode >= 0x8;
    if (control && (opcode > kPong)) return fail(1002, "unknown opcode");
    if (!control && opcode != kText && opcode != kBinary && opcode != kContinuation)
      return fail(1002, "unknown opcode");
    if (length == 126) {
      if (buffer_.size() < 4) return Status::kNeedMore;
      length = (std::uint64_t{byte(2)} << 8) | byte(3);
      header = 4;
    } else if (length == 127) {
      if (buffer_.size() < 10) return Status::kNeedMore;
      length = 0;
      for (std::size_t i = 2; i < 10; ++i) length = (length << 8) | byte(i);
      header = 10;
    }
    if (control && (!fin || length > 125)) return fail(1002, "bad control frame");
    // Refuse an oversized message from its header, before buffering its payload.
    if (!control && partial_.size() + length > kMaxMessageBytes)
      return fail(1009, "message larger than 65536 bytes");
    if (buffer_.size() < header + 4 + length) return Status::kNeedMore;
    char const* mask = buffer_.data() + header;
    std::string payload = buffer_.substr(header + 4, static_cast<std::size_t>(length));
    for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(payload[i] ^ mask[i % 4]);
    buffer_.erase(0, header + 4 + static_cast<std::size_t>(length));
    if (control) {
      out.opcode = opcode;
      out.payload = std::move(payload);
      return Status::kMessage;
    }
    if (opcode == kContinuation) {
      if (partial_opcode_ < 0) return fail(1002, "continuation without a message");
    } else {
      if (partial_opcode_ >= 0) return fail(1002, "new message inside a fragmented one");
      partial_opcode_ = opcode;
    }
    partial_ += payload;
    if (!fin) continue;
    out.opcode = partial_opcode_;
    out.payload = std::move(partial_);
    partial_.clear();
    partial_opcode_ = -1;
    return Status::kMessage;
  }
}

}  // namespace xbl::emulator::ws
