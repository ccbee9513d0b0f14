// xblmp: inspect and change MPSD sessions and handles from a shell. Text on stdout by default,
// one JSON document with --json; errors one line on stderr; exit statuses in exit_codes.h.
#include "arguments.h"
#include "cli_context.h"
#include "command_registry.h"
#include "help.h"
#include <algorithm>
#include <iostream>

namespace {

using xblmp::kExitOk;
using xblmp::kExitUsage;

int ToolUsageError(std::string const& message) {
  xblmp::PrintUsageError(message);
  std::cerr << xblmp::ToolUsage();
  return kExitUsage;
}

bool Contains(std::vector<std::string> const& words, std::string const& word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

// The leading non-option words: the command's name and perhaps its arguments.
std::vector<std::string> LeadingWords(std::vector<std::string> const& words) {
  std::vector<std::string> leading;
  for (auto const& word : words) {
    if (word.compare(0, 2, "--") == 0) break;
    leading.push_back(word);
  }
  return leading;
}

// `xblmp help [WORDS...]`.
int Help(std::vector<std::string> const& words) {
  if (words.empty()) {
    xblmp::PrintToolHelp(std::cout);
    return kExitOk;
  }
  std::size_t used = 0;
  if (auto const* command = xblmp::FindCommand(words, used); command != nullptr && used == words.size()) {
    xblmp::PrintCommandHelp(std::cout, *command);
    return kExitOk;
  }
  if (!xblmp::GroupSummary(words).empty()) {
    xblmp::PrintGroupHelp(std::cout, words);
    return kExitOk;
  }
  std::string name;
  for (auto const& word : words) name += (name.empty() ? "" : " ") + word;
  return ToolUsageError("no command " + name);
}

// The words name no command: a group's help, or an error with the closest group's usage.
int NoCommand(std::vector<std::string> const& words) {
  auto const leading = LeadingWords(words);
  std::vector<std::string> group;
  for (auto const& word : leading) {
    auto longer = group;
    longer.push_back(word);
    if (xblmp::GroupSummary(longer).empty()) break;
    group = std::move(longer);
  }
  if (group.empty()) return ToolUsageError("unknown command " + words.front());
  if (Contains(words, "--help")) {
    xblmp::PrintGroupHelp(std::cout, group);
    return kExitOk;
  }
  std::string name;
  for (auto const& word : group) name += (name.empty() ? "" : " ") + word;
  xblmp::PrintUsageError(leading.size() > group.size() ? "unknown command " + name + " " + leading[group.size()]
                                                       : name + " needs a command");
  std::cerr << xblmp::GroupUsage(group);
  return kExitUsage;
}

int Run(std::vector<std::string> const& words) {
  // Everything the tool sends or prints is JSON or text, so bytes that are not UTF-8 are refused here.
  for (std::size_t n = 0; n < words.size(); ++n) {
    if (!xblmp::IsValidUtf8(words[n])) return ToolUsageError("argument " + std::to_string(n + 1) + " is not valid UTF-8");
  }
  // Global options come before the command word.
  std::vector<std::string> global_words, global_values, global_switches;
  for (auto const& option : xblmp::GlobalOptions()) {
    (option.value_name.empty() ? global_switches : global_values).push_back(option.flag);
  }
  std::size_t i = 0;
  for (; i < words.size() && words[i].compare(0, 2, "--") == 0; ++i) {
    global_words.push_back(words[i]);
    if (Contains(global_values, words[i]) && i + 1 < words.size()) global_words.push_back(words[++i]);
  }
  std::string error;
  auto globals = xblmp::CommandLine::Parse(global_words, global_values, global_switches, error);
  if (!globals) return ToolUsageError(error);
  std::vector<std::string> const rest(words.begin() + static_cast<std::ptrdiff_t>(i), words.end());
  if (globals->has("--help")) return Help(LeadingWords(rest));
  if (rest.empty()) return ToolUsageError("no command");
  if (rest.front() == "help") return Help({rest.begin() + 1, rest.end()});

  std::size_t used = 0;
  auto const* command = xblmp::FindCommand(rest, used);
  if (command == nullptr) return NoCommand(rest);
  auto line = xblmp::CommandLine::Parse({rest.begin() + static_cast<std::ptrdiff_t>(used), rest.end()},
                                        command->ValueFlags(), command->Switches(), error);
  xblmp::Output const out(globals->has("--json") || (line && line->has("--json")));
  xblmp::CommandLine const no_words;
  xblmp::Invocation invocation{*command, line ? *line : no_words, out, nullptr};
  if (!line) return invocation.Usage(error);
  if (line->has("--help")) {
    xblmp::PrintCommandHelp(std::cout, *command);
    return kExitOk;
  }
  auto const arguments = line->positional().size();
  if (arguments < command->min_arguments || arguments > command->max_arguments) {
    return invocation.Usage(std::string(arguments < command->min_arguments ? "missing" : "too many") +
                            " arguments: " + command->Name() + " takes " + command->arguments);
  }
  for (auto const& option : command->options) {
    if (option.required && !line->has(option.flag)) return invocation.Usage(option.flag + " is required");
  }
  if (!command->needs_service) return command->run(invocation);

  auto context = xblmp::CliContext::Create(*globals, error);
  if (!context) return ToolUsageError(error);
  invocation.context = context.get();
  int status = command->run(invocation);
  if (!context->Finish() && status == kExitOk) status = xblmp::kExitServiceError;
  return status;
}

}  // namespace

int main(int argc, char* argv[]) {
  // A last resort: nothing here is meant to throw, but if something does, it still ends as one
  // error line and a documented status rather than an abort.
  try {
    return Run({argv + 1, argv + argc});
  } catch (std::exception const& e) {
    std::cerr << "error: internal 0 " << xblmp::EscapeControl(e.what()) << std::endl;
    return xblmp::kExitServiceError;
  }
}
