#pragma once
#include <optional>
#include <string>

namespace xbl::emulator {

/// The caller, from the test identity in the Authorization header (protocol §6.2).
struct Principal {
  std::string xuid;       // empty for a pure server principal
  std::string device_id;  // "d<xuid>" unless a device= claim is given
  std::string title_id = "1";
  std::string gamertag;
  bool server = false;
  bool multiplayer_privilege = true;

  bool has_user() const { return !xuid.empty(); }
  /// The rate-limit key (user, title) of protocol §3.16.
  std::string RateKey() const { return (has_user() ? xuid : std::string("server")) + "/" + title_id; }
};

/// Parses `XBL3.0 x=<xuid>;<k=v&k=v>`; nullopt when missing or unparseable (401).
std::optional<Principal> ParseAuthorization(std::string const& header);
/// The header with its claims hidden, for the request log: `XBL3.0 x=<xuid>;***`.
std::string RedactAuthorization(std::string const& header);

}  // namespace xbl::emulator
