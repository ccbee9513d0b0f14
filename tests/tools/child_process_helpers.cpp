#include "child_process_helpers.h"
#include "wait_for.h"
#include "xblmp_helpers.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cstring>

extern char** environ;

namespace xblmp_test {
namespace {

using Clock = std::chrono::steady_clock;
using xbl::testing_support::WaitUntil;

// The test's environment without the endpoint variables, so only the arguments say where to go.
std::vector<std::string> ChildEnvironment() {
  std::vector<std::string> environment;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    std::string const text = *entry;
    if (text.rfind("XBL_MPSD_ENDPOINT=", 0) != 0 && text.rfind("XBL_RTA_ENDPOINT=", 0) != 0) environment.push_back(text);
  }
  return environment;
}

std::vector<char*> Pointers(std::vector<std::string>& words) {
  std::vector<char*> pointers;
  for (auto& word : words) pointers.push_back(word.data());
  pointers.push_back(nullptr);
  return pointers;
}

}  // namespace

ChildProcess::ChildProcess(std::string const& executable, std::vector<std::string> const& args, std::string stderr_path)
    : stderr_path_(std::move(stderr_path)) {
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> argv = {executable};
  argv.insert(argv.end(), args.begin(), args.end());
  auto environment = ChildEnvironment();
  auto argv_pointers = Pointers(argv);
  auto environment_pointers = Pointers(environment);
  pid_t pid = 0;
  if (::posix_spawn(&pid, executable.c_str(), &actions, nullptr, argv_pointers.data(), environment_pointers.data()) == 0) {
    pid_ = pid;
  }
  posix_spawn_file_actions_destroy(&actions);
  ::close(out[1]);
  stdout_ = out[0];
}

ChildProcess::~ChildProcess() {
  if (started() && !reaped_) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  if (stdout_ >= 0) ::close(stdout_);
}

std::optional<std::string> ChildProcess::ReadLine(std::chrono::milliseconds timeout) {
  auto const deadline = Clock::now() + timeout;
  for (;;) {
    if (auto const end = buffer_.find('\n'); end != std::string::npos) {
      auto line = buffer_.substr(0, end);
      buffer_.erase(0, end + 1);
      return line;
    }
    auto const left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0 || stdout_ < 0) return std::nullopt;
    pollfd ready = {stdout_, POLLIN, 0};
    if (::poll(&ready, 1, static_cast<int>(left)) <= 0) continue;  // timed out (or EINTR): the deadline decides
    char chunk[4096];
    auto const n = ::read(stdout_, chunk, sizeof chunk);
    if (n <= 0) return std::nullopt;  // stdout ended: the child exited
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

void ChildProcess::Signal(int signal_number) const {
  if (started() && !reaped_) ::kill(pid_, signal_number);
}

std::optional<int> ChildProcess::Wait(std::chrono::milliseconds timeout) {
  if (!started()) return std::nullopt;
  if (reaped_) return exit_status_;
  int status = 0;
  reaped_ = WaitUntil([&] { return ::waitpid(pid_, &status, WNOHANG) == pid_; }, timeout);
  if (reaped_ && WIFEXITED(status)) exit_status_ = WEXITSTATUS(status);
  return exit_status_;
}

std::string ChildProcess::Stderr() const { return ReadFile(stderr_path_); }

}  // namespace xblmp_test
