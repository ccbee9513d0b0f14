#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace xblmp {

/// The words of a command line after the global options: positional words and `--flag [value]`
/// options (a flag given several times keeps every value, in order).
class CommandLine {
 public:
  /// `value_flags` take a value; any other `--flag` is a switch. Unknown flags are an error.
  static std::optional<CommandLine> Parse(std::vector<std::string> const& words,
                                          std::vector<std::string> const& value_flags,
                                          std::vector<std::string> const& switches, std::string& error);

  std::vector<std::string> const& positional() const { return positional_; }
  bool has(std::string const& flag) const { return values_.count(flag) > 0; }
  std::string value(std::string const& flag, std::string const& fallback = {}) const;
  std::vector<std::string> values(std::string const& flag) const;

 private:
  std::vector<std::string> positional_;
  std::map<std::string, std::vector<std::string>> values_;
};

}  // namespace xblmp
