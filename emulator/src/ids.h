#pragma once
#include <string>

namespace xbl::emulator {

/// A random lower-case GUID ("8-4-4-4-12"), version 4. Thread-safe.
std::string NewGuid();
/// A short stable hash (lower-case hex) used for ETags and device tokens.
std::string HexHash(std::string const& text);

}  // namespace xbl::emulator
