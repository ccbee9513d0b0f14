#pragma once
// Runs a blocking QoS job off the cpprestsdk pool and completes a task from the job's thread, so
// no pool thread waits for a measurement (internal).
#include "core/logger.h"
#include "xbl/qos/qos_measurer.h"
#include "xbl/result.h"

#include <pplx/pplxtasks.h>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <utility>

namespace xbl::internal {

/// Hands `job` to `executor`, or to a new detached thread when there is none. Returns an error
/// (and logs it) when the job could not be started; then `job` never runs.
std::optional<Error> StartQosJob(qos::QosExecutor const& executor, std::function<void()> job, Logger const& logger);

/// Calls `work`, turning anything it throws into a kUnknown error logged at error level.
template <typename T>
Result<T> RunLogged(std::function<Result<T>()> const& work, Logger const& logger, char const* what) {
  try {
    return work();
  } catch (std::exception const& e) {
    logger.Log(TraceLevel::kError, "qos", std::string(what) + " threw: " + e.what());
    return Error(ErrorCode::kUnknown, std::string(what) + " failed: " + e.what());
  } catch (...) {
    logger.Log(TraceLevel::kError, "qos", std::string(what) + " threw a non-standard exception");
    return Error(ErrorCode::kUnknown, std::string(what) + " failed with a non-standard exception");
  }
}

/// `work` on a QoS thread; the task completes from that thread through a task_completion_event.
/// Continuations attached with `then` are scheduled by pplx on its pool, as for every task.
template <typename T>
pplx::task<Result<T>> RunOnQosThread(qos::QosExecutor const& executor, DiagnosticsOptions const& diagnostics,
                                     char const* what, std::function<Result<T>()> work) {
  pplx::task_completion_event<Result<T>> done;
  auto logger = std::make_shared<Logger const>(diagnostics);
  auto job = [done, logger, what, work = std::move(work)]() { done.set(RunLogged(work, *logger, what)); };
  if (auto failed = StartQosJob(executor, std::move(job), *logger)) done.set(Result<T>(*failed));
  return pplx::create_task(done);
}

}  // namespace xbl::internal
