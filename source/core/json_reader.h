#pragma once
#include "xbl/error.h"
#include "xbl/timestamp.h"
#include <nlohmann/json.hpp>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xbl::internal {

/// Collects the first problem found while reading a document, with its JSON path.
class JsonErrors {
 public:
  void Fail(std::string const& path, std::string const& what);
  bool ok() const { return !error_.has_value(); }
  Error const& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

/// Reads typed fields out of one JSON object, naming the path of whatever is wrong.
/// Absent fields (and, where the type allows, `null`) leave the output untouched.
/// A reader over a missing or non-object value reads nothing.
/// Paths are built only when something is wrong: a child reader points at its parent, so
/// it must not outlive it (keep each `Child(...)` in a named local or a call argument).
class ObjectReader {
 public:
  ObjectReader(nlohmann::json const* object, std::string path, JsonErrors& errors);

  bool exists() const { return object_ != nullptr; }
  nlohmann::json const* Find(char const* key) const;
  std::string Path() const;
  std::string PathOf(char const* key) const { return Path() + "/" + key; }
  JsonErrors& errors() const { return errors_; }

  /// A nested object; fails if the field is present and neither an object nor null.
  ObjectReader Child(char const* key) const;
  /// A reader over `value`, found under `key` while iterating this object: no second lookup.
  /// `key` (usually the document's own key string) must outlive the reader.
  ObjectReader Entry(char const* key, nlohmann::json const& value) const {
    return ObjectReader(&value, this, key, errors_);
  }

  void String(char const* key, std::string& out) const;
  void Bool(char const* key, bool& out) const;
  void OptBool(char const* key, std::optional<bool>& out) const;
  void UInt32(char const* key, std::uint32_t& out) const;
  void OptUInt32(char const* key, std::optional<std::uint32_t>& out) const;
  void UInt64(char const* key, std::uint64_t& out) const;
  void OptUInt64(char const* key, std::optional<std::uint64_t>& out) const;
  /// Absent leaves `out` as it is (a default); `null` gives nullopt (no requirement).
  void NullableUInt32(char const* key, std::optional<std::uint32_t>& out) const;
  void NullableUInt64(char const* key, std::optional<std::uint64_t>& out) const;
  /// Milliseconds; `null` gives nullopt (infinite). Absent leaves `out` as it is.
  void Timeout(char const* key, std::optional<std::chrono::milliseconds>& out) const;
  void Millis(char const* key, std::chrono::milliseconds& out) const;
  void Time(char const* key, std::optional<Timestamp>& out) const;
  /// A xuid: a decimal string, or a non-negative integer converted to one.
  void Xuid(char const* key, std::string& out) const;
  void StringArray(char const* key, std::vector<std::string>& out) const;
  void XuidArray(char const* key, std::vector<std::string>& out) const;
  void UInt32Array(char const* key, std::vector<std::uint32_t>& out) const;
  /// Any JSON value, copied as is (custom data).
  void Any(char const* key, nlohmann::json& out) const;
  /// An object, copied as is; fails on any other non-null type.
  void AnyObject(char const* key, nlohmann::json& out) const;
  template <typename E>
  void Enum(char const* key, E& out, E (*parse)(std::string_view)) const {
    std::string text;
    String(key, text);
    if (!text.empty()) out = parse(text);
  }

 private:
  ObjectReader(nlohmann::json const* object, ObjectReader const* parent, char const* key, JsonErrors& errors);

  nlohmann::json const* object_;
  ObjectReader const* parent_ = nullptr;
  char const* key_ = "";  ///< the segment below `parent_`
  std::string root_path_;  ///< the whole path of a reader without a parent
  JsonErrors& errors_;
};

/// Reads an unsigned integer within [0, max] from `value`; false if it is not one.
/// A float is range-checked before it is converted, so 1e300 or infinity is just "not one".
bool ReadUnsigned(nlohmann::json const& value, std::uint64_t max, std::uint64_t& out);
/// Describes a JSON value's type for messages ("string", "number", ...).
char const* TypeName(nlohmann::json const& value);
/// Why `ParseBounded` refused a text.
struct ParseRefusal {
  enum class Kind {
    kTooDeep,         ///< an array or object nested deeper than the limit
    kNotJson,         ///< a syntax error, at `byte`
    kUnreadableValue  ///< well-formed, but a value cannot be held (such as the number 1e400)
  };
  Kind kind = Kind::kNotJson;
  std::size_t byte = 0;
  std::string what;
};
/// Parses `text` into `out` in one pass, refusing arrays and objects nested deeper than
/// `max_depth` (the root is depth 1) as they open, before any of them is built, so that absurd
/// nesting never reaches a recursive walk that could exhaust the stack. Nullopt on success.
std::optional<ParseRefusal> ParseBounded(std::string_view text, int max_depth, nlohmann::json& out);
/// True if `text` is well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool IsValidUtf8(std::string_view text);
/// What would stop `value` from being serialized and read back: the path of the first string or
/// key that is not valid UTF-8, or of the first array/object nested deeper than `max_depth`
/// (`value` itself is depth 1). Nullopt when there is none. Walks with its own stack, so any
/// nesting is safe to check.
std::optional<std::string> FindUnsendable(nlohmann::json const& value, int max_depth);

}  // namespace xbl::internal
