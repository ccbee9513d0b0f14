#pragma once

namespace xblmp {

/// Exit statuses: part of the tool's interface (listed in `xblmp --help` and docs/xblmp.md),
/// so scripts can branch on them.
enum ExitCode {
  kExitOk = 0,
  kExitServiceError = 1,  ///< the service or the network failed the call
  kExitUsage = 2,         ///< the command line (or input it names) is wrong; nothing was sent
  kExitNotFound = 3,      ///< the session or handle named does not exist
  kExitConflict = 4,      ///< 412: the ETag or the create/update precondition did not hold
};

/// The exit-status table as the help text prints it.
inline constexpr char kExitCodesHelp[] =
    "exit status:\n"
    "  0  ok\n"
    "  1  service or network error (including HTTP 4xx/5xx not listed here)\n"
    "  2  usage error: wrong command, argument or option, or input the SDK refused before sending\n"
    "  3  not found: the session or handle does not exist\n"
    "  4  conflict: HTTP 412, the ETag or the create/update precondition did not hold\n";

}  // namespace xblmp
