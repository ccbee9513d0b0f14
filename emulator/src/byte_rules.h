#pragma once
#include <cstddef>
#include <string>

namespace xbl::emulator {

/// The offset of the first byte that may not cross the edge in a path, name, SCID, query string,
/// header value or claim: a byte that is not part of valid UTF-8, a C0 control (CR, LF, NUL and the
/// rest) or DEL. std::string::npos when the text is clean.
std::size_t FindForbiddenByte(std::string const& text);

/// The text with every byte that is not part of valid UTF-8 written as `\xNN`, so a logged request
/// with any bytes in it can still be rendered as JSON.
std::string EscapeInvalidUtf8(std::string const& text);

/// A response header value with controls and non-ASCII bytes percent-encoded, so no value (a
/// Content-Location built from a session name, say) can split the response or carry raw bytes.
std::string HeaderSafe(std::string const& value);

}  // namespace xbl::emulator
