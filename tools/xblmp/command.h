#pragma once
#include "command_line.h"
#include "exit_codes.h"
#include "output.h"
#include "xbl/error.h"
#include <cstddef>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace xblmp {

class CliContext;

/// One `--flag` a command (or the tool) accepts: a switch when `value_name` is empty.
struct OptionSpec {
  std::string flag;
  std::string value_name;
  std::string description;  ///< what it does and its default
  bool repeatable = false;
  bool required = false;  ///< checked before the handler runs
};

struct Command;

/// What a command handler gets. Runs on the main thread; SDK calls are awaited there.
struct Invocation {
  Command const& command;
  CommandLine const& line;  ///< positional words after the command's own words, and its options
  Output const& out;
  CliContext* context;  ///< null for commands that need no service

  /// Prints `error: usage <message>` and the command's usage on stderr; returns kExitUsage.
  int Usage(std::string const& message) const;
  /// Reports `error` on stderr (one line) and returns its exit status.
  int Fail(xbl::Error const& error) const;
};

/// A command: the words that name it (`{"session", "get"}`), what it takes, what it calls, and
/// its handler. Help and option parsing both read this, so they cannot disagree.
struct Command {
  std::vector<std::string> words;
  std::string arguments;  ///< synopsis of the positional arguments, e.g. "SCID TEMPLATE NAME"
  std::size_t min_arguments = 0;
  std::size_t max_arguments = 0;
  std::string summary;
  std::string details;  ///< more lines of help; may be empty
  std::string route;    ///< the MPSD request(s) it sends
  std::vector<OptionSpec> options;
  std::string example;
  bool needs_service = true;
  /// A 404 means the session or handle named does not exist (exit 3) rather than a service error.
  bool missing_is_not_found = true;
  std::function<int(Invocation const&)> run;

  std::string Name() const;  ///< the words joined by spaces
  /// Flags of `options` split as CommandLine::Parse takes them, with `--help` and `--json` added.
  std::vector<std::string> ValueFlags() const;
  std::vector<std::string> Switches() const;
};

inline constexpr std::size_t kAnyNumber = std::numeric_limits<std::size_t>::max();

/// The command groups, each defined in its own file.
std::vector<Command> SessionCommands();
std::vector<Command> SessionsCommands();
std::vector<Command> TemplateCommands();
std::vector<Command> HandleCommands();
std::vector<Command> QosCommands();
std::vector<Command> EmulatorCommands();
std::vector<Command> WatchCommands();

}  // namespace xblmp
