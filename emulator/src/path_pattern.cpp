#include "path_pattern.h"

#include <cstring>

namespace xbl::emulator {

std::optional<PathPattern> PathPattern::Compile(std::string const& text, std::string* error) {
  PathPattern pattern;
  std::size_t i = 0;
  std::size_t end = text.size();
  if (i < end && text[i] == '^') {
    pattern.anchored_start_ = true;
    ++i;
  }
  if (end > i && text[end - 1] == '$' && (end < 2 || text[end - 2] != '\\')) {
    pattern.anchored_end_ = true;
    --end;
  }
  while (i < end) {
    char c = text[i];
    Atom atom;
    if (c == '\\') {
      if (i + 1 >= end) {
        *error = "path pattern ends with a lone '\\'";
        return std::nullopt;
      }
      atom.literal = text[i + 1];
      i += 2;
    } else if (c == '*' || c == '+' || c == '?') {
      *error = std::string("'") + c + "' in a path pattern must follow a character or '.'";
      return std::nullopt;
    } else if (std::strchr("()[]{}|^$", c) != nullptr) {
      *error = std::string("'") + c +
               "' is not supported in a path pattern (literals, '.', '*', '+', '?', '\\', leading '^' and "
               "trailing '$' are)";
      return std::nullopt;
    } else {
      atom.any = c == '.';
      atom.literal = c;
      ++i;
    }
    if (i < end && (text[i] == '*' || text[i] == '+' || text[i] == '?')) {
      atom.min = text[i] == '+' ? 1 : 0;
      atom.repeat = text[i] != '?';
      ++i;
    }
    pattern.atoms_.push_back(atom);
  }
  return pattern;
}

// A set-of-states simulation: state k means "the first k atoms have matched". Each path character
// advances every live state at once, so the work is bounded by path length times pattern length.
bool PathPattern::Matches(std::string const& path) const {
  std::size_t const n = atoms_.size();
  std::vector<char> live(n + 1, 0);
  std::vector<char> next(n + 1, 0);
  // Atoms that may match nothing let a state pass straight on.
  auto close = [&](std::vector<char>& states) {
    for (std::size_t k = 0; k < n; ++k)
      if (states[k] && atoms_[k].min == 0) states[k + 1] = 1;
  };
  live[0] = 1;
  close(live);
  for (char c : path) {
    if (live[n] && !anchored_end_) return true;
    std::fill(next.begin(), next.end(), 0);
    for (std::size_t k = 0; k < n; ++k) {
      if (!live[k]) continue;
      Atom const& a = atoms_[k];
      if (!a.any && a.literal != c) continue;
      next[k + 1] = 1;
      if (a.repeat) next[k] = 1;  // stay on a repeating atom
    }
    if (!anchored_start_) next[0] = 1;  // a search may start at any character
    close(next);
    live.swap(next);
  }
  return live[n] != 0;
}

}  // namespace xbl::emulator
