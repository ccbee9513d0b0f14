#include "command_registry.h"
#include <algorithm>
#include <map>

namespace xblmp {

std::vector<Command> const& AllCommands() {
  static auto const commands = [] {
    std::vector<Command> all;
    for (auto group :
         {SessionCommands, EmulatorCommands, WatchCommands, SessionsCommands, TemplateCommands, HandleCommands, QosCommands}) {
      auto commands = group();
      all.insert(all.end(), std::make_move_iterator(commands.begin()), std::make_move_iterator(commands.end()));
    }
    return all;
  }();
  return commands;
}

namespace {

bool StartsWith(std::vector<std::string> const& words, std::vector<std::string> const& prefix) {
  return prefix.size() <= words.size() && std::equal(prefix.begin(), prefix.end(), words.begin());
}

}  // namespace

Command const* FindCommand(std::vector<std::string> const& words, std::size_t& used) {
  Command const* found = nullptr;
  used = 0;
  for (auto const& command : AllCommands()) {
    if (StartsWith(words, command.words) && command.words.size() > used) {
      found = &command;
      used = command.words.size();
    }
  }
  return found;
}

std::vector<Command const*> CommandsUnder(std::vector<std::string> const& prefix) {
  std::vector<Command const*> under;
  for (auto const& command : AllCommands()) {
    if (StartsWith(command.words, prefix)) under.push_back(&command);
  }
  return under;
}

std::string GroupSummary(std::vector<std::string> const& prefix) {
  static std::map<std::vector<std::string>, std::string> const summaries = {
      {{"session"}, "read and change one session"},
      {{"sessions"}, "find sessions"},
      {{"templates"}, "read session templates"},
      {{"handles"}, "activity, invite, transfer and search handles"},
      {{"handles", "activity"}, "the session a user is playing in"},
      {{"handles", "invite"}, "invite users to a session"},
      {{"handles", "transfer"}, "let a lobby's members join another session"},
      {{"handles", "search"}, "publish and find searchable sessions"},
      {{"qos"}, "quality-of-service probes (no service call)"},
  };
  auto const it = summaries.find(prefix);
  return it == summaries.end() ? std::string() : it->second;
}

}  // namespace xblmp
