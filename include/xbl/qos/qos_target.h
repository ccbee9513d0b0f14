#pragma once
#include "xbl/qos/qos_address.h"
#include <optional>
#include <string>

namespace xbl::qos {

/// What a target is to MPSD: decides which output object its result goes to.
enum class QosTargetKind {
  kUnknown = 0,
  kPeer,    ///< Another member's device: keyed by device token in `measurements`.
  kServer,  ///< A measurement server: keyed by connection string in `serverMeasurements`.
};

/// One thing to measure. Either `endpoint` is given, or `secure_device_address`
/// is resolved with the measurer's `AddressResolver`.
struct QosTarget {
  QosTargetKind kind = QosTargetKind::kPeer;
  std::string key;                      ///< Device token (peer) or connection string (server).
  std::string secure_device_address;    ///< Base64 blob from the session; used when `endpoint` is empty.
  std::optional<QosEndpoint> endpoint;  ///< A resolved address given by hand.

  static QosTarget Peer(std::string device_token, std::string secure_device_address) {
    return QosTarget{QosTargetKind::kPeer, std::move(device_token), std::move(secure_device_address), {}};
  }
  static QosTarget Server(std::string connection_string, std::string secure_device_address) {
    return QosTarget{QosTargetKind::kServer, std::move(connection_string),
                     std::move(secure_device_address), {}};
  }
  static QosTarget AtEndpoint(QosTargetKind kind, std::string key, QosEndpoint endpoint) {
    return QosTarget{kind, std::move(key), {}, std::move(endpoint)};
  }
};

}  // namespace xbl::qos
