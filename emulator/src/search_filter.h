#pragma once
#include "json.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace xbl::emulator {

/// The OData subset of search-handle queries (protocol §3.13): `eq ne gt ge lt le`, `and`, at most one
/// `or` and only at the root, `<collection>/any(d: ...)` lambdas and `tolower`. Anything else is
/// rejected, so a filter the service would refuse never silently matches here.
class SearchFilter {
 public:
  /// Resolves a path (e.g. "numbers/rank", "session/memberXuids") to its value; nullopt when the
  /// path is not one the service supports. A supported path with no value resolves to null.
  using Resolver = std::function<std::optional<Json>(std::string const& path)>;

  /// Parses; on failure returns nullptr and sets `error`.
  static std::shared_ptr<SearchFilter> Parse(std::string const& text, std::string* error);
  /// Checks every path against the resolver's vocabulary; false with a message on an unknown one.
  bool Validate(Resolver const& resolver, std::string* error) const;
  bool Matches(Resolver const& resolver) const;

  struct Node;
  ~SearchFilter();

 private:
  std::unique_ptr<Node> root_;
};

}  // namespace xbl::emulator
