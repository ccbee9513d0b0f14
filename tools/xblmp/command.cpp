#include "command.h"
#include "help.h"
#include <iostream>

namespace xblmp {

std::string Command::Name() const {
  std::string name;
  for (auto const& word : words) name += (name.empty() ? "" : " ") + word;
  return name;
}

std::vector<std::string> Command::ValueFlags() const {
  std::vector<std::string> flags;
  for (auto const& option : options) {
    if (!option.value_name.empty()) flags.push_back(option.flag);
  }
  return flags;
}

std::vector<std::string> Command::Switches() const {
  std::vector<std::string> flags = {"--help", "--json"};
  for (auto const& option : options) {
    if (option.value_name.empty()) flags.push_back(option.flag);
  }
  return flags;
}

int Invocation::Usage(std::string const& message) const {
  PrintUsageError(message);
  std::cerr << CommandUsage(command) << "\nrun `xblmp help " << command.Name() << "` for details\n";
  return kExitUsage;
}

int Invocation::Fail(xbl::Error const& error) const {
  PrintError(error);
  return ExitCodeFor(error, command.missing_is_not_found);
}

}  // namespace xblmp
