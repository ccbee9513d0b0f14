#include "qos/qos_thread.h"

#include <system_error>
#include <thread>

namespace xbl::internal {

std::optional<Error> StartQosJob(qos::QosExecutor const& executor, std::function<void()> job, Logger const& logger) {
  try {
    if (executor) {
      executor(std::move(job));
    } else {
      // Detached: the job owns everything it touches and completes its task before it returns.
      std::thread(std::move(job)).detach();
    }
    return std::nullopt;
  } catch (std::exception const& e) {
    logger.Log(TraceLevel::kError, "qos", std::string("cannot start a QoS measurement: ") + e.what());
    return Error(ErrorCode::kUnknown, std::string("cannot start a QoS measurement: ") + e.what());
  } catch (...) {
    logger.Log(TraceLevel::kError, "qos", "cannot start a QoS measurement: the executor threw a non-standard exception");
    return Error(ErrorCode::kUnknown, "cannot start a QoS measurement: the executor threw a non-standard exception");
  }
}

}  // namespace xbl::internal
