#include "help.h"
#include "cli_context.h"
#include "command_registry.h"
#include "exit_codes.h"
#include <ostream>

namespace xblmp {
namespace {

constexpr std::size_t kOptionColumn = 28;

std::string Join(std::vector<std::string> const& words) {
  std::string joined;
  for (auto const& word : words) joined += (joined.empty() ? "" : " ") + word;
  return joined;
}

std::string OptionSynopsis(OptionSpec const& option) {
  return option.value_name.empty() ? option.flag : option.flag + " " + option.value_name;
}

void PrintOptions(std::ostream& out, std::vector<OptionSpec> const& options) {
  for (auto const& option : options) {
    auto synopsis = "  " + OptionSynopsis(option);
    synopsis += synopsis.size() < kOptionColumn ? std::string(kOptionColumn - synopsis.size(), ' ') : "  ";
    out << synopsis << option.description << (option.required ? " (required)" : "")
        << (option.repeatable ? " (repeatable)" : "") << "\n";
  }
}

std::string Synopsis(Command const& command) {
  std::string synopsis = command.Name();
  if (!command.arguments.empty()) synopsis += " " + command.arguments;
  for (auto const& option : command.options) {
    auto const word = OptionSynopsis(option);
    synopsis += (option.required ? " " + word : " [" + word + "]") + (option.repeatable ? "..." : "");
  }
  return synopsis;
}

void PrintCommandList(std::ostream& out, std::vector<Command const*> const& commands) {
  for (auto const* command : commands) out << "  " << Synopsis(*command) << "\n      " << command->summary << "\n";
}

}  // namespace

void PrintToolHelp(std::ostream& out) {
  out << "usage: xblmp [global options] COMMAND [arguments] [options]\n\n"
         "Inspect and change Xbox Live Multiplayer Session Directory (MPSD) sessions and handles from a\n"
         "shell. Prints text for people; --json prints one JSON document on stdout instead. Errors are\n"
         "one line on stderr: `error: <code> <http status> <message>`.\n\n"
         "global options (before COMMAND):\n";
  PrintOptions(out, GlobalOptions());
  out << "\ncommands:\n";
  std::vector<std::string> group;
  for (auto const& command : AllCommands()) {
    if (command.words.front() != (group.empty() ? "" : group.front())) {
      group = {command.words.front()};
      out << " " << group.front() << ": " << GroupSummary(group) << "\n";
    }
    PrintCommandList(out, {&command});
  }
  out << "\nevery command also takes --json (one JSON document on stdout) and --help.\n"
         "run `xblmp help COMMAND` (e.g. `xblmp help session get`) for a command's options, route and example.\n\n"
      << kExitCodesHelp;
}

void PrintGroupHelp(std::ostream& out, std::vector<std::string> const& prefix) {
  out << "usage: xblmp [global options] " << Join(prefix) << " COMMAND [arguments] [options]\n\n"
      << GroupSummary(prefix) << "\n\ncommands:\n";
  PrintCommandList(out, CommandsUnder(prefix));
  out << "\nrun `xblmp help " << Join(prefix) << " COMMAND` for a command's options, route and example.\n";
}

void PrintCommandHelp(std::ostream& out, Command const& command) {
  out << CommandUsage(command) << "\n\n" << command.summary << "\n";
  if (!command.details.empty()) out << command.details << "\n";
  if (!command.arguments.empty()) out << "\narguments: " << command.arguments << "\n";
  out << "\noptions:\n";
  PrintOptions(out, command.options);
  PrintOptions(out, {{"--json", "", "print the result as one JSON document on stdout"}, {"--help", "", "print this help"}});
  out << "\ncalls:\n  " << (command.needs_service ? command.route : "no MPSD call: " + command.route) << "\n"
      << "\nexample:\n  " << command.example << "\n\n"
      << "exit status: 0 ok, 1 service error, 2 usage, 3 not found, 4 conflict (see `xblmp --help`)\n";
}

std::string CommandUsage(Command const& command) { return "usage: xblmp [global options] " + Synopsis(command); }

std::string ToolUsage() {
  return "usage: xblmp [global options] COMMAND [arguments] [options]\n"
         "run `xblmp --help` for the commands and options\n";
}

std::string GroupUsage(std::vector<std::string> const& prefix) {
  std::string usage;
  for (auto const* command : CommandsUnder(prefix)) usage += CommandUsage(*command) + "\n";
  return usage + "run `xblmp help " + Join(prefix) + "` for details\n";
}

}  // namespace xblmp
