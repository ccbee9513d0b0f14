#include "stop_signal.h"
#include <fcntl.h>
#include <unistd.h>
#include <cerrno>
#include <csignal>

namespace xblmp {
namespace {

// The handler may only do async-signal-safe things: it writes the signal number to a pipe that
// Wait reads. A handler (rather than sigwait) works whichever thread the signal reaches, so the
// threads the SDK started before the command ran need no signal mask.
int g_write_end = -1;

extern "C" void OnStopSignal(int signal_number) {
  int const saved_errno = errno;
  unsigned char const byte = static_cast<unsigned char>(signal_number);
  if (g_write_end >= 0) (void)!::write(g_write_end, &byte, 1);
  errno = saved_errno;
}

void Install(void (*handler)(int), int flags) {
  struct sigaction action = {};
  action.sa_handler = handler;
  action.sa_flags = flags;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGINT, &action, nullptr);
  ::sigaction(SIGTERM, &action, nullptr);
}

}  // namespace

StopSignal::StopSignal() {
  if (::pipe(pipe_) == 0) {
    ::fcntl(pipe_[1], F_SETFL, O_NONBLOCK);  // a burst of signals never blocks the handler
    g_write_end = pipe_[1];
  }
  Install(OnStopSignal, SA_RESETHAND);  // the second signal takes the default action
}

StopSignal::~StopSignal() {
  Install(SIG_DFL, 0);
  g_write_end = -1;
  for (int fd : pipe_) {
    if (fd >= 0) ::close(fd);
  }
}

int StopSignal::Wait() {
  unsigned char byte = 0;
  for (;;) {
    auto const n = ::read(pipe_[0], &byte, 1);
    if (n == 1) return byte;
    if (n < 0 && errno == EINTR) continue;
    return SIGTERM;  // no pipe: nothing can wake us, so do not block for ever
  }
}

}  // namespace xblmp
