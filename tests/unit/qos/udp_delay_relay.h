#pragma once
// Test-only UDP relay that imposes delay, jitter, loss and a rate cap on each direction,
// so QoS accuracy can be checked on loopback. Loss and jitter come from a seeded RNG per
// direction, so a given test drops the same packets on every run.
#include "xbl/qos/qos_address.h"
#include <chrono>
#include <cstdint>
#include <memory>

namespace xbl::qos::testing {

struct RelayLink {
  std::chrono::microseconds delay{0};   ///< One-way propagation delay.
  std::chrono::microseconds jitter{0};  ///< Uniform +/- added to the delay (never below zero).
  double loss = 0;                      ///< Probability 0..1 that a datagram is dropped.
  double rate_kbps = 0;                 ///< Serialization rate of payload bytes; 0 = unlimited.
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

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xbl::qos::testing
