#pragma once
// Test-only UDP relay that imposes delay, jitter, loss and a rate cap on each direction,
// so QoS accuracy can be checked on loopback. Loss and jitter come from a seeded RNG per
// direction, so a given test drops the same packets on every run.
#include "xbl/qos/qos_address.h"
#include <chrono>
#include <cstdint>
#include <memory>
#include <vector>

namespace xbl::qos::testing {

struct RelayLink {
  std::chrono::microseconds delay{0};   ///< One-way propagation delay.
  std::chrono::microseconds jitter{0};  ///< Uniform +/- added to the delay (never below zero).
  double loss = 0;                      ///< Probability 0..1 that a datagram is dropped.
  double rate_kbps = 0;                 ///< Serialization rate of payload bytes; 0 = unlimited.
};

/// One XQOS datagram the relay forwarded: when the kernel received it and when the relay sent it
/// on, so tests can compare a measurement with the delay the relay really imposed.
struct RelayRecord {
  bool up = true;
  int type = 0;            ///< The XQOS packet type.
  std::uint32_t sequence = 0;
  std::size_t size = 0;
  std::chrono::steady_clock::time_point arrival;
  std::chrono::steady_clock::time_point departure;
};

struct RelayStats {
  std::uint64_t up_forwarded = 0, up_dropped = 0, down_forwarded = 0, down_dropped = 0;
};

/// Listens on 127.0.0.1 (port 0) and forwards to `upstream`; "up" is client -> upstream.
class UdpDelayRelay {
 public:
  UdpDelayRelay(QosEndpoint upstream, RelayLink up, RelayLink down, std::uint32_t seed = 1);
  ~UdpDelayRelay();
  UdpDelayRelay(UdpDelayRelay const&) = delete;
  UdpDelayRelay& operator=(UdpDelayRelay const&) = delete;

  QosEndpoint endpoint() const;
  RelayStats stats() const;
  std::vector<RelayRecord> records() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xbl::qos::testing
