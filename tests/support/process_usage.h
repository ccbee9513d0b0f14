#pragma once
// What this test process holds, read from /proc: soak and load tests check that it does not grow.
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <string>

namespace xbl::testing_support {

/// Open file descriptors of this process (sockets included).
inline std::size_t OpenFileDescriptors() {
  std::size_t n = 0;
  for ([[maybe_unused]] auto const& entry : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

/// Resident memory of this process in KiB; -1 when /proc does not say.
inline long ResidentKb() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

}  // namespace xbl::testing_support
