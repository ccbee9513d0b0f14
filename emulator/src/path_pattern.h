#pragma once
#include <optional>
#include <string>
#include <vector>

namespace xbl::emulator {

/// The path pattern of a fault rule: a small regular-expression subset matched in time linear in the
/// path (times the pattern's length) with a constant stack, so no request path, however long, can
/// exhaust the stack. Syntax: literal characters, `.` (any character), `*` `+` `?` after one of those,
/// `\` to take the next character literally, `^` at the start and `$` at the end as anchors. Without
/// `^` the pattern may match anywhere in the path (a search, not a full match).
class PathPattern {
 public:
  /// The compiled pattern, or nullopt with a message for syntax outside the subset.
  static std::optional<PathPattern> Compile(std::string const& text, std::string* error);
  bool Matches(std::string const& path) const;

 private:
  struct Atom {
    bool any = false;  // `.`
    char literal = 0;
    std::size_t min = 1;   // 0 for `*` and `?`
    bool repeat = false;   // `*` and `+`
  };
  std::vector<Atom> atoms_;
  bool anchored_start_ = false;
  bool anchored_end_ = false;
};

}  // namespace xbl::emulator
