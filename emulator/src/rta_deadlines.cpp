#include "rta_deadlines.h"

#include "rta_decay.h"
#include "service_state.h"

#include <chrono>
#include <optional>

namespace xbl::emulator {

void FireRtaDeadlines(ServiceState& state, TimeMs now) {
  for (auto const& id : state.rta.TakeDue(now))
    DecayConnection(state, id, true, ActionCause("rta-decay", "grace period of connection " + id + " ended"));
}

void AdvanceClockTo(ServiceState& state, TimeMs target) {
  std::optional<TimeMs> fired;
  for (;;) {
    auto next = state.rta.NextDeadline();
    // Firing clears every deadline due at its instant; one still pending there would loop forever.
    if (!next || *next > target || next == fired) break;
    if (*next > state.clock.Now()) state.clock.Set(*next);
    FireRtaDeadlines(state, state.clock.Now());
    fired = next;
  }
  state.clock.Set(target);
}

RtaDeadlineTicker::RtaDeadlineTicker(ServiceState& state) : state_(state) {
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stop_) {
      wake_.wait_for(lock, std::chrono::milliseconds(100));
      if (stop_) break;
      lock.unlock();
      FireRtaDeadlines(state_, state_.clock.Now());
      lock.lock();
    }
  });
}

RtaDeadlineTicker::~RtaDeadlineTicker() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

}  // namespace xbl::emulator
