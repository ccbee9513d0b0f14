#include "byte_rules.h"

#include <cstdio>

namespace xbl::emulator {
namespace {

/// The length of the valid UTF-8 sequence starting at `i` (1-4), or 0 when the bytes there are not
/// one (stray continuation, overlong form, surrogate, above U+10FFFF, truncated).
std::size_t Utf8SequenceLength(std::string const& s, std::size_t i) {
  auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char const b = byte(i);
  if (b < 0x80) return 1;
  std::size_t length = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xBF;  // the allowed range of the second byte
  if (b >= 0xC2 && b <= 0xDF) {
    length = 2;
  } else if (b >= 0xE0 && b <= 0xEF) {
    length = 3;
    if (b == 0xE0) low = 0xA0;   // overlong
    if (b == 0xED) high = 0x9F;  // surrogates
  } else if (b >= 0xF0 && b <= 0xF4) {
    length = 4;
    if (b == 0xF0) low = 0x90;   // overlong
    if (b == 0xF4) high = 0x8F;  // above U+10FFFF
  } else {
    return 0;
  }
  if (i + length > s.size()) return 0;
  if (byte(i + 1) < low || byte(i + 1) > high) return 0;
  for (std::size_t k = 2; k < length; ++k)
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  return length;
}

std::string HexEscape(char const* prefix, unsigned char b) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "%s%02X", prefix, b);
  return buffer;
}

}  // namespace

std::size_t FindForbiddenByte(std::string const& text) {
  for (std::size_t i = 0; i < text.size();) {
    unsigned char const b = static_cast<unsigned char>(text[i]);
    if (b < 0x20 || b == 0x7F) return i;
    std::size_t const length = Utf8SequenceLength(text, i);
    if (length == 0) return i;
    i += length;
  }
  return std::string::npos;
}

std::string EscapeInvalidUtf8(std::string const& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    std::size_t const length = Utf8SequenceLength(text, i);
    if (length == 0) {
      out += HexEscape("\\x", static_cast<unsigned char>(text[i]));
      ++i;
    } else {
      out.append(text, i, length);
      i += length;
    }
  }
  return out;
}

std::string HeaderSafe(std::string const& value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    unsigned char const b = static_cast<unsigned char>(c);
    if (b < 0x20 || b >= 0x7F)
      out += HexEscape("%", b);
    else
      out.push_back(c);
  }
  return out;
}

}  // namespace xbl::emulator
