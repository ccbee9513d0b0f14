#pragma once
#include "xbl/error.h"
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace xblmp {

/// Where a command's result goes: stdout, as text for people or, with `--json`, as exactly one
/// JSON document (or one JSON line per item for streams). Errors never go here.
class Output {
 public:
  explicit Output(bool json) : json_(json) {}
  bool json() const { return json_; }

  /// The command's result: `document` with --json, else `readable`.
  void Print(nlohmann::json const& document, std::string const& readable) const;
  /// One item of a stream (for commands that print as events arrive): a JSON line with --json,
  /// else `readable`; flushed so a reader sees each item when it happens.
  void PrintStreamItem(nlohmann::json const& item, std::string const& readable) const;

 private:
  bool json_;
};

/// `text` for one line of a terminal: control characters (C0, DEL, C1) and backslashes escaped
/// as `\n`, `\t`, `\xNN`, `\u00NN`, `\\`, so nothing a server sends can break a line or drive the terminal.
std::string EscapeControl(std::string_view text);
/// Prints `error: <code> <http status> <message>` on stderr, one line, message escaped.
void PrintError(xbl::Error const& error);
/// Prints `error: usage <message>` on stderr, one line.
void PrintUsageError(std::string const& message);
/// The exit status for an error: 4 for 412, 2 for input refused before sending, 3 for 404 when
/// `missing_is_not_found`, else 1.
int ExitCodeFor(xbl::Error const& error, bool missing_is_not_found);

}  // namespace xblmp
