#pragma once
// The QoS probe wire format shared by QosResponder and QosMeasurer (internal).
// Every datagram starts with a fixed 40-byte header, big-endian:
//   0 magic "XQOS" | 4 version | 5 type | 6 reserved(2) | 8 nonce(8) | 16 target id(4)
//   20 sequence(4) | 24 timestamp us(8) | 32 train count(2) | 34 train packet size(2) | 36 hold us(4)
// followed by padding up to the datagram's size (train packets).
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace xbl::internal {

inline constexpr std::size_t kQosHeaderSize = 40;
inline constexpr std::size_t kQosMaxDatagram = 1400;
inline constexpr std::uint8_t kQosVersion = 1;

enum class QosPacketType : std::uint8_t {
  kLatencyRequest = 1,   ///< measurer -> responder; echoed as kLatencyReply
  kLatencyReply = 2,
  kDownTrainRequest = 3, ///< measurer -> responder: send `train_count` packets of `train_size` bytes
  kDownTrainPacket = 4,
  kUpTrainPacket = 5,    ///< measurer -> responder; stamped and acknowledged as kUpTrainAck
  kUpTrainAck = 6,
};

struct QosPacketHeader {
  QosPacketType type = QosPacketType::kLatencyRequest;
  std::uint64_t nonce = 0;         ///< Chosen by the measurer per run; echoed.
  std::uint32_t target_id = 0;     ///< Index of the target in the run; echoed.
  std::uint32_t sequence = 0;
  std::uint64_t timestamp_us = 0;  ///< Sender's clock (measurer on requests, responder on acks).
  std::uint16_t train_count = 0;
  std::uint16_t train_size = 0;
  /// On a latency reply: microseconds the responder held the probe (kernel arrival to reply),
  /// which the measurer subtracts so a busy responder does not look like a slow network.
  std::uint32_t hold_us = 0;
};

/// Writes the header into `out` (at least kQosHeaderSize bytes).
void WriteQosHeader(QosPacketHeader const& header, unsigned char* out);
/// Parses a datagram; empty if it is too short, foreign, of another version or an unknown type.
std::optional<QosPacketHeader> ReadQosHeader(unsigned char const* data, std::size_t size);

/// Microseconds on the steady clock; only differences are meaningful.
std::uint64_t QosNowMicros();

}  // namespace xbl::internal
