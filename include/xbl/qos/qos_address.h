#pragma once
#include "xbl/result.h"
#include <cstdint>
#include <functional>
#include <string>

namespace xbl::qos {

/// A UDP endpoint a QoS probe is sent to: a numeric IPv4 or IPv6 host and a port.
struct QosEndpoint {
  std::string host;         ///< "127.0.0.1", "::1", "2001:db8::5" (no brackets).
  std::uint16_t port = 0;
  /// "127.0.0.1:3074" or "[::1]:3074".
  std::string ToString() const;
};

bool operator==(QosEndpoint const& a, QosEndpoint const& b);

/// Turns MPSD's opaque `secureDeviceAddress` (base64) into a UDP endpoint.
/// Titles with their own address format plug in their own function.
using AddressResolver = std::function<Result<QosEndpoint>(std::string const& secure_device_address)>;

/// The SDK's default address format: base64 of "host:port" ("[v6]:port" for IPv6).
/// Fails with kInvalidArgument on bad base64, a missing port or a non-numeric host.
Result<QosEndpoint> DefaultAddressResolver(std::string const& secure_device_address);

/// The inverse of `DefaultAddressResolver`: what a title uploads as its own
/// `secureDeviceAddress` when its responder listens on `endpoint`.
std::string EncodeSecureDeviceAddress(QosEndpoint const& endpoint);

}  // namespace xbl::qos
