#include "qos/qos_protocol.h"

namespace xbl::internal {
namespace {

void Put(unsigned char* out, std::uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) {
    out[i] = static_cast<unsigned char>(value & 0xFF);
    value >>= 8;
  }
}

std::uint64_t Get(unsigned char const* in, int bytes) {
  std::uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) value = (value << 8) | in[i];
  return value;
}

}  // namespace

void WriteQosHeader(QosPacketHeader const& header, unsigned char* out) {
  out[0] = 'X';
  out[1] = 'Q';
  out[2] = 'O';
  out[3] = 'S';
  out[4] = kQosVersion;
  out[5] = static_cast<unsigned char>(header.type);
  Put(out + 6, 0, 2);
  Put(out + 8, header.nonce, 8);
  Put(out + 16, header.target_id, 4);
  Put(out + 20, header.sequence, 4);
  Put(out + 24, header.timestamp_us, 8);
  Put(out + 32, header.train_count, 2);
  Put(out + 34, header.train_size, 2);
  Put(out + 36, header.hold_us, 4);
}

std::optional<QosPacketHeader> ReadQosHeader(unsigned char const* data, std::size_t size) {
  if (data == nullptr || size < kQosHeaderSize || size > kQosMaxDatagram) return std::nullopt;
  if (data[0] != 'X' || data[1] != 'Q' || data[2] != 'O' || data[3] != 'S') return std::nullopt;
  if (data[4] != kQosVersion) return std::nullopt;
  auto type = data[5];
  if (type < static_cast<unsigned char>(QosPacketType::kLatencyRequest) ||
      type > static_cast<unsigned char>(QosPacketType::kUpTrainAck)) {
    return std::nullopt;
  }
  QosPacketHeader header;
  header.type = static_cast<QosPacketType>(type);
  header.nonce = Get(data + 8, 8);
  header.target_id = static_cast<std::uint32_t>(Get(data + 16, 4));
  header.sequence = static_cast<std::uint32_t>(Get(data + 20, 4));
  header.timestamp_us = Get(data + 24, 8);
  header.train_count = static_cast<std::uint16_t>(Get(data + 32, 2));
  header.train_size = static_cast<std::uint16_t>(Get(data + 34, 2));
  header.hold_us = static_cast<std::uint32_t>(Get(data + 36, 4));
  return header;
}

std::uint64_t QosNowMicros() {
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                        std::chrono::steady_clock::now().time_since_epoch())
                                        .count());
}

}  // namespace xbl::internal
