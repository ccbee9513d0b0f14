#pragma once

namespace xblmp {

/// SIGINT and SIGTERM, for commands that run until interrupted (`qos respond`, `session watch`).
/// While one exists, the first of those signals is caught (by whichever thread it reaches) and
/// `Wait` returns; a second one has its default effect, so a stuck shutdown can still be ended.
/// One at a time per process; create it on the main thread.
class StopSignal {
 public:
  StopSignal();
  ~StopSignal();
  StopSignal(StopSignal const&) = delete;
  StopSignal& operator=(StopSignal const&) = delete;

  /// Blocks until SIGINT or SIGTERM arrives (at once if one already did); returns its number.
  int Wait();

 private:
  int pipe_[2] = {-1, -1};
};

}  // namespace xblmp
