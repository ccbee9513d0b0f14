#pragma once
#include "clock.h"

#include <condition_variable>
#include <mutex>
#include <thread>

namespace xbl::emulator {

struct ServiceState;

/// Runs the RTA deadlines due at `now`: sockets past their maximum age are dropped, and ids whose
/// grace period ended decay (docs/rta-protocol.md ).
void FireRtaDeadlines(ServiceState& state, TimeMs now);
/// Moves the manual clock to `target`. Each RTA deadline passed on the way fires in deadline
/// order at its own instant, as if the clock had stopped there, before this returns.
void AdvanceClockTo(ServiceState& state, TimeMs target);

/// On the real clock, fires the RTA deadlines every 100 ms (so within 250 ms of their instant).
class RtaDeadlineTicker {
 public:
  explicit RtaDeadlineTicker(ServiceState& state);
  ~RtaDeadlineTicker();

 private:
  ServiceState& state_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace xbl::emulator
