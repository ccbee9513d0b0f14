#include "xbl/qos/qos_result.h"

namespace xbl::qos {

char const* ToString(QosStatus status) {
  switch (status) {
    case QosStatus::kUnknown: return "unknown";
    case QosStatus::kOk: return "ok";
    case QosStatus::kTimeout: return "timeout";
    case QosStatus::kUnreachable: return "unreachable";
    case QosStatus::kCancelled: return "cancelled";
  }
  return "unknown";
}

}  // namespace xbl::qos
