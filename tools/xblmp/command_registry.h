#pragma once
#include "command.h"
#include <string>
#include <vector>

namespace xblmp {

/// Every command, in the order help lists them.
std::vector<Command> const& AllCommands();

/// The command whose words are the longest prefix of `words` (null if none); `used` is how
/// many words named it.
Command const* FindCommand(std::vector<std::string> const& words, std::size_t& used);

/// The commands whose words start with `prefix` (a group such as {"handles", "activity"}).
std::vector<Command const*> CommandsUnder(std::vector<std::string> const& prefix);

/// What a group of commands is about ("" for a prefix that is no group).
std::string GroupSummary(std::vector<std::string> const& prefix);

}  // namespace xblmp
