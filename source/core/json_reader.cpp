#include "core/json_reader.h"
#include <cmath>
#include <limits>
#include <type_traits>
#include <utility>
#include <vector>

namespace xbl::internal {

void JsonErrors::Fail(std::string const& path, std::string const& what) {
  if (error_) return;  // the first problem is the useful one
  error_ = Error(ErrorCode::kMalformedJson, "at " + (path.empty() ? std::string("/") : path) + ": " + what);
}

char const* TypeName(nlohmann::json const& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::object: return "object";
    case nlohmann::json::value_t::array: return "array";
    case nlohmann::json::value_t::string: return "string";
    case nlohmann::json::value_t::boolean: return "boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned: return "integer";
    case nlohmann::json::value_t::number_float: return "number";
    default: return "value";
  }
}

bool ReadUnsigned(nlohmann::json const& value, std::uint64_t max, std::uint64_t& out) {
  if (value.is_number_unsigned()) {
    out = value.get<std::uint64_t>();
  } else if (value.is_number_integer()) {
    auto const v = value.get<std::int64_t>();
    if (v < 0) return false;
    out = static_cast<std::uint64_t>(v);
  } else if (value.is_number_float()) {
    // MPSD writes integers; accept an integral float such as 5000.0 but nothing fractional.
    // The range comes first: converting a double at or past 2^64 (or NaN) is undefined.
    auto const v = value.get<double>();
    if (!(v >= 0.0 && v < 18446744073709551616.0) || v != std::floor(v)) return false;
    out = static_cast<std::uint64_t>(v);
  } else {
    return false;
  }
  return out <= max;
}

namespace {

// nlohmann's own DOM builder behind a depth count: the same tree `nlohmann::json::parse` builds,
// with the nesting limit enforced in the same pass instead of a scan of the text beforehand.
class BoundedDomBuilder {
 public:
  using Json = nlohmann::json;
  BoundedDomBuilder(Json& out, int max_depth) : dom_(out, /*allow_exceptions=*/false), max_depth_(max_depth) {}

  bool null() { return dom_.null(); }
  bool boolean(bool value) { return dom_.boolean(value); }
  bool number_integer(Json::number_integer_t value) { return dom_.number_integer(value); }
  bool number_unsigned(Json::number_unsigned_t value) { return dom_.number_unsigned(value); }
  bool number_float(Json::number_float_t value, Json::string_t const& text) { return dom_.number_float(value, text); }
  bool string(Json::string_t& value) { return dom_.string(value); }
  bool binary(Json::binary_t& value) { return dom_.binary(value); }
  bool key(Json::string_t& value) { return dom_.key(value); }
  bool start_object(std::size_t size) { return Open() && dom_.start_object(size); }
  bool end_object() {
    --depth_;
    return dom_.end_object();
  }
  bool start_array(std::size_t size) { return Open() && dom_.start_array(size); }
  bool end_array() {
    --depth_;
    return dom_.end_array();
  }
  template <typename Exception>
  bool parse_error(std::size_t byte, std::string const& /*token*/, Exception const& error) {
    bool const syntax = std::is_same<Exception, nlohmann::json::parse_error>::value;
    refusal_ =
        ParseRefusal{syntax ? ParseRefusal::Kind::kNotJson : ParseRefusal::Kind::kUnreadableValue, byte, error.what()};
    return false;
  }

  std::optional<ParseRefusal> const& refusal() const { return refusal_; }

 private:
  bool Open() {
    if (++depth_ <= max_depth_) return true;
    refusal_ = ParseRefusal{ParseRefusal::Kind::kTooDeep, 0, "nested deeper than " + std::to_string(max_depth_)};
    return false;
  }

  nlohmann::detail::json_sax_dom_parser<Json> dom_;
  int const max_depth_;
  int depth_ = 0;
  std::optional<ParseRefusal> refusal_;
};

}  // namespace

std::optional<ParseRefusal> ParseBounded(std::string_view text, int max_depth, nlohmann::json& out) {
  BoundedDomBuilder builder(out, max_depth);
  if (nlohmann::json::sax_parse(text, &builder)) return std::nullopt;
  out = nullptr;  // a refused text leaves nothing half-built
  if (builder.refusal()) return builder.refusal();
  return ParseRefusal{ParseRefusal::Kind::kNotJson, 0, "the parse stopped"};
}

bool IsValidUtf8(std::string_view text) {
  std::size_t i = 0;
  auto const byte = [&](std::size_t at) { return static_cast<unsigned char>(text[at]); };
  while (i < text.size()) {
    unsigned char const lead = byte(i);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned char low = 0x80;  // the range of the second byte excludes overlong forms and surrogates
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return false;
    }
    if (text.size() - i < length) return false;
    if (byte(i + 1) < low || byte(i + 1) > high) return false;
    for (std::size_t k = 2; k < length; ++k) {
      if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return false;
    }
    i += length;
  }
  return true;
}

namespace {

std::string At(std::string const& path) { return "at " + (path.empty() ? std::string("/") : path) + ": "; }

// One walk with an explicit stack; paths are built only when asked, so the common case (nothing
// wrong) builds no strings and a failure is walked again to name where it is.
std::optional<std::string> WalkUnsendable(nlohmann::json const& value, int max_depth, bool with_paths) {
  struct Frame {
    nlohmann::json const* value;
    int depth;
    std::string path;
  };
  std::vector<Frame> stack{{&value, 1, std::string()}};
  while (!stack.empty()) {
    Frame frame = std::move(stack.back());
    stack.pop_back();
    auto const& node = *frame.value;
    if (node.is_string()) {
      if (!IsValidUtf8(node.get_ref<std::string const&>())) return At(frame.path) + "a string that is not valid UTF-8";
      continue;
    }
    if (!node.is_structured()) continue;
    if (frame.depth > max_depth) return At(frame.path) + "nested deeper than " + std::to_string(max_depth) + " levels";
    std::size_t index = 0;
    for (auto it = node.begin(); it != node.end(); ++it, ++index) {
      std::string path;
      if (node.is_object()) {
        // A bad key is named by its parent's path: the key itself cannot be shown as text.
        if (!IsValidUtf8(it.key())) return At(frame.path) + "a key that is not valid UTF-8";
        if (with_paths) path = frame.path + "/" + it.key();
      } else if (with_paths) {
        path = frame.path + "/" + std::to_string(index);
      }
      stack.push_back({&it.value(), frame.depth + 1, std::move(path)});
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> FindUnsendable(nlohmann::json const& value, int max_depth) {
  if (!WalkUnsendable(value, max_depth, false)) return std::nullopt;
  return WalkUnsendable(value, max_depth, true);
}

ObjectReader::ObjectReader(nlohmann::json const* object, std::string path, JsonErrors& errors)
    : object_(object != nullptr && object->is_object() ? object : nullptr), root_path_(std::move(path)), errors_(errors) {}

ObjectReader::ObjectReader(nlohmann::json const* object, ObjectReader const* parent, char const* key,
                           JsonErrors& errors)
    : object_(object != nullptr && object->is_object() ? object : nullptr), parent_(parent), key_(key), errors_(errors) {}

std::string ObjectReader::Path() const {
  return parent_ == nullptr ? root_path_ : parent_->Path() + "/" + key_;
}

nlohmann::json const* ObjectReader::Find(char const* key) const {
  if (object_ == nullptr) return nullptr;
  auto const it = object_->find(std::string_view(key));  // transparent lookup: no std::string built
  return it == object_->end() ? nullptr : &*it;
}

ObjectReader ObjectReader::Child(char const* key) const {
  auto const* value = Find(key);
  if (value != nullptr && !value->is_object() && !value->is_null()) {
    errors_.Fail(PathOf(key), std::string("expected an object, got ") + TypeName(*value));
    return ObjectReader(nullptr, this, key, errors_);
  }
  return ObjectReader(value, this, key, errors_);
}

void ObjectReader::String(char const* key, std::string& out) const {
  auto const* value = Find(key);
  if (value == nullptr || value->is_null()) return;
  if (!value->is_string()) {
    errors_.Fail(PathOf(key), std::string("expected a string, got ") + TypeName(*value));
    return;
  }
  out = value->get_ref<std::string const&>();
}

void ObjectReader::Bool(char const* key, bool& out) const {
  std::optional<bool> value;
  OptBool(key, value);
  if (value) out = *value;
}

void ObjectReader::OptBool(char const* key, std::optional<bool>& out) const {
  auto const* value = Find(key);
  if (value == nullptr || value->is_null()) return;
  if (value->is_boolean()) {
    out = value->get<bool>();
  } else if (value->is_string() && (*value == "true" || *value == "false")) {
    out = *value == "true";  // the whitepaper shows "initialize": "false"
  } else {
    errors_.Fail(PathOf(key), std::string("expected a boolean, got ") + TypeName(*value));
  }
}

void ObjectReader::UInt32(char const* key, std::uint32_t& out) const {
  std::optional<std::uint32_t> value;
  OptUInt32(key, value);
  if (value) out = *value;
}

void ObjectReader::OptUInt32(char const* key, std::optional<std::uint32_t>& out) const {
  auto const* value = Find(key);
  if (value == nullptr || value->is_null()) return;
  std::uint64_t v = 0;
  if (!ReadUnsigned(*value, std::numeric_limits<std::uint32_t>::max(), v)) {
    errors_.Fail(PathOf(key), value->is_number() ? "number out of range for an unsigned 32-bit integer"
                                                 : std::string("expected an unsigned integer, got ") + TypeName(*value));
    return;
  }
  out = static_cast<std::uint32_t>(v);
}

void ObjectReader::UInt64(char const* key, std::uint64_t& out) const {
  std::optional<std::uint64_t> value;
  OptUInt64(key, value);
  if (value) out = *value;
}

void ObjectReader::OptUInt64(char const* key, std::optional<std::uint64_t>& out) const {
  auto const* value = Find(key);
  if (value == nullptr || value->is_null()) return;
  std::uint64_t v = 0;
  if (!ReadUnsigned(*value, std::numeric_limits<std::uint64_t>::max(), v)) {
    errors_.Fail(PathOf(key), value->is_number() ? "number out of range for an unsigned 64-bit integer"
                                                 : std::string("expected an unsigned integer, got ") + TypeName(*value));
    return;
  }
  out = v;
}

void ObjectReader::NullableUInt32(char const* key, std::optional<std::uint32_t>& out) const {
  auto const* value = Find(key);
  if (value != nullptr && value->is_null()) return out.reset();
  OptUInt32(key, out);
}

void ObjectReader::NullableUInt64(char const* key, std::optional<std::uint64_t>& out) const {
  auto const* value = Find(key);
  if (value != nullptr && value->is_null()) return out.reset();
  OptUInt64(key, out);
}

void ObjectReader::Timeout(char const* key, std::optional<std::chrono::milliseconds>& out) const {
  auto const* value = Find(key);
  if (value == nullptr) return;
  if (value->is_null()) {
    out.reset();
    return;
  }
  std::uint64_t v = 0;
  // 2^52: MPSD durations are JSON-safe integers.
  if (!ReadUnsigned(*value, (std::uint64_t{1} << 52), v)) {
    errors_.Fail(PathOf(key), value->is_number() ? "timeout out of range (milliseconds, 0 to 2^52)"
                                                 : std::string("expected milliseconds or null, got ") + TypeName(*value));
    return;
  }
  out = std::chrono::milliseconds(static_cast<std::int64_t>(v));
}

void ObjectReader::Millis(char const* key, std::chrono::milliseconds& out) const {
  std::optional<std::chrono::milliseconds> value = out;
  auto const* raw = Find(key);
  if (raw == nullptr || raw->is_null()) return;
  Timeout(key, value);
  if (value) out = *value;
}

void ObjectReader::Time(char const* key, std::optional<Timestamp>& out) const {
  std::string text;
  auto const* value = Find(key);
  if (value == nullptr || value->is_null()) return;
  String(key, text);
  if (!value->is_string()) return;
  auto parsed = Timestamp::Parse(text);
  if (!parsed) {
    errors_.Fail(PathOf(key), parsed.error().message);
    return;
  }
  out = *parsed;
}

void ObjectReader::Xuid(char const* key, std::string& out) const {
  auto const* value = Find(key);
  if (value == nullptr || value->is_null()) return;
  std::uint64_t v = 0;
  if (value->is_string()) {
    out = value->get_ref<std::string const&>();
  } else if (ReadUnsigned(*value, std::numeric_limits<std::uint64_t>::max(), v)) {
    out = std::to_string(v);  // a legacy sample sends xuids as numbers
  } else {
    errors_.Fail(PathOf(key), std::string("expected a xuid string, got ") + TypeName(*value));
  }
}

void ObjectReader::StringArray(char const* key, std::vector<std::string>& out) const {
  auto const* value = Find(key);
  if (value == nullptr || value->is_null()) return;
  if (!value->is_array()) {
    errors_.Fail(PathOf(key), std::string("expected an array of strings, got ") + TypeName(*value));
    return;
  }
  std::vector<std::string> result;
  result.reserve(value->size());
  for (std::size_t i = 0; i < value->size(); ++i) {
    auto const& item = (*value)[i];
    if (!item.is_string()) {
      errors_.Fail(PathOf(key) + "/" + std::to_string(i), std::string("expected a string, got ") + TypeName(item));
      return;
    }
    result.push_back(item.get<std::string>());
  }
  out = std::move(result);
}

void ObjectReader::XuidArray(char const* key, std::vector<std::string>& out) const {
  auto const* value = Find(key);
  if (value == nullptr || value->is_null()) return;
  if (!value->is_array()) {
    errors_.Fail(PathOf(key), std::string("expected an array of xuids, got ") + TypeName(*value));
    return;
  }
  std::vector<std::string> result;
  for (std::size_t i = 0; i < value->size(); ++i) {
    nlohmann::json holder = {{"x", (*value)[i]}};
    std::string xuid;
    ObjectReader(&holder, PathOf(key) + "/" + std::to_string(i), errors_).Xuid("x", xuid);
    if (!errors_.ok()) return;
    result.push_back(std::move(xuid));
  }
  out = std::move(result);
}

void ObjectReader::UInt32Array(char const* key, std::vector<std::uint32_t>& out) const {
  auto const* value = Find(key);
  if (value == nullptr || value->is_null()) return;
  if (!value->is_array()) {
    errors_.Fail(PathOf(key), std::string("expected an array of integers, got ") + TypeName(*value));
    return;
  }
  std::vector<std::uint32_t> result;
  result.reserve(value->size());
  for (std::size_t i = 0; i < value->size(); ++i) {
    std::uint64_t v = 0;
    if (!ReadUnsigned((*value)[i], std::numeric_limits<std::uint32_t>::max(), v)) {
      errors_.Fail(PathOf(key) + "/" + std::to_string(i), "expected an unsigned 32-bit integer");
      return;
    }
    result.push_back(static_cast<std::uint32_t>(v));
  }
  out = std::move(result);
}

void ObjectReader::Any(char const* key, nlohmann::json& out) const {
  if (auto const* value = Find(key)) out = *value;
}

void ObjectReader::AnyObject(char const* key, nlohmann::json& out) const {
  auto const* value = Find(key);
  if (value == nullptr || value->is_null()) return;
  if (!value->is_object()) {
    errors_.Fail(PathOf(key), std::string("expected an object, got ") + TypeName(*value));
    return;
  }
  out = *value;
}

}  // namespace xbl::internal
