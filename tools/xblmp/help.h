#pragma once
#include "command.h"
#include <iosfwd>
#include <string>
#include <vector>

namespace xblmp {

/// `xblmp --help`: global options, every command, exit statuses.
void PrintToolHelp(std::ostream& out);
/// `xblmp help session`, `xblmp handles activity --help`: the commands of a group.
void PrintGroupHelp(std::ostream& out, std::vector<std::string> const& prefix);
/// `xblmp help session get`, `xblmp session get --help`: arguments, options, route, example.
void PrintCommandHelp(std::ostream& out, Command const& command);

/// One line: `usage: xblmp [global options] <words> <arguments> [options...]`.
std::string CommandUsage(Command const& command);
/// The usage lines printed after a usage error that names no command.
std::string ToolUsage();
/// The usage lines printed after a usage error inside a group (e.g. `xblmp session frobnicate`).
std::string GroupUsage(std::vector<std::string> const& prefix);

}  // namespace xblmp
