#pragma once
#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace xblmp_test {

/// A tool running as a child process, for commands that run until interrupted: stdout is read a
/// line at a time with a deadline (never a fixed sleep), stderr goes to a file. The destructor
/// kills (SIGKILL) and reaps a child still running, so a failed test leaves nothing behind.
class ChildProcess {
 public:
  /// Starts `executable` with `args` (no shell), without XBL_MPSD_ENDPOINT and XBL_RTA_ENDPOINT.
  ChildProcess(std::string const& executable, std::vector<std::string> const& args, std::string stderr_path);
  ~ChildProcess();
  ChildProcess(ChildProcess const&) = delete;
  ChildProcess& operator=(ChildProcess const&) = delete;

  bool started() const { return pid_ > 0; }
  /// The next stdout line without its '\n'; nullopt when none is complete within `timeout` or stdout ended.
  std::optional<std::string> ReadLine(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  void Signal(int signal_number) const;
  /// The exit status, once the child exits within `timeout`; nullopt when it has not (or a signal ended it).
  std::optional<int> Wait(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  /// What the child wrote to stderr so far.
  std::string Stderr() const;

 private:
  int pid_ = -1;
  int stdout_ = -1;
  bool reaped_ = false;
  std::optional<int> exit_status_;
  std::string buffer_;
  std::string stderr_path_;
};

}  // namespace xblmp_test
