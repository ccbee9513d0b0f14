#include "command_line.h"
#include <algorithm>

namespace xblmp {

std::optional<CommandLine> CommandLine::Parse(std::vector<std::string> const& words,
                                              std::vector<std::string> const& value_flags,
                                              std::vector<std::string> const& switches, std::string& error) {
  CommandLine line;
  auto contains = [](std::vector<std::string> const& list, std::string const& word) {
    return std::find(list.begin(), list.end(), word) != list.end();
  };
  for (std::size_t i = 0; i < words.size(); ++i) {
    auto const& word = words[i];
    if (word.size() > 2 && word.compare(0, 2, "--") == 0) {
      if (contains(value_flags, word)) {
        if (i + 1 >= words.size()) {
          error = word + " needs a value";
          return std::nullopt;
        }
        line.values_[word].push_back(words[++i]);
      } else if (contains(switches, word)) {
        line.values_[word].push_back("true");
      } else {
        error = "unknown option " + word;
        return std::nullopt;
      }
    } else {
      line.positional_.push_back(word);
    }
  }
  return line;
}

std::string CommandLine::value(std::string const& flag, std::string const& fallback) const {
  auto const it = values_.find(flag);
  return it == values_.end() || it->second.empty() ? fallback : it->second.back();
}

std::vector<std::string> CommandLine::values(std::string const& flag) const {
  auto const it = values_.find(flag);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

}  // namespace xblmp
