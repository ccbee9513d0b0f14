#pragma once
#include "xbl/result.h"
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>

namespace xbl::testing {

/// How the embedded emulator starts (the same switches as `xbl-mpsd-emulator`, protocol §6.1).
struct LocalSessionDirectoryOptions {
  /// Loopback by default; another address only when named explicitly.
  std::string host = "127.0.0.1";
  /// 0 picks a free port.
  std::uint16_t port = 0;
  /// Time stands still until AdvanceClock/SetClock: every MPSD timer (protocol §3.9, §3.11) reads it.
  bool manual_clock = false;
  /// Fine-grained rate limiting of protocol §3.16 (MPSD defaults: 30 per 15 s, 300 per 300 s).
  bool rate_limit = true;
  /// A directory of `SCID/NAME.json` templates; empty means the built-in templates.
  std::string templates_dir;
  /// Worker threads of the HTTP server (they also run the RTA sockets).
  int threads = 2;
  /// How long members bound to an ended RTA connection stay active (`--rta-grace-ms`).
  std::chrono::milliseconds rta_grace{30000};
  /// How long an RTA socket may live before the emulator drops it (`--rta-max-age-ms`).
  std::chrono::milliseconds rta_max_age{7200000};
};

/// The local MPSD emulator running in-process on a loopback port; stops in its destructor.
/// Usable from a GoogleTest environment (construct in SetUp, destroy in TearDown).
/// Built-in templates live under `kSeedScid` (the seed-page templates) and `kConformanceScid`
/// (the fixture templates of protocol §4.1: open, priv, vis, keep, nocaps, dyn, timers, init, initx,
/// p2h, large, srch).
class LocalSessionDirectory {
 public:
  static constexpr char const* kSeedScid = "00000000-0000-0000-0000-000000000000";
  static constexpr char const* kConformanceScid = "c0f0c0f0-0000-4000-8000-000000000001";

  /// Starts serving and returns the running emulator, or, when it cannot start (the address
  /// cannot be bound, the templates directory is refused), kNetwork with the reason; never throws.
  static Result<std::unique_ptr<LocalSessionDirectory>> Create(LocalSessionDirectoryOptions options = {}) {
    try {
      return std::make_unique<LocalSessionDirectory>(std::move(options));
    } catch (std::exception const& e) {
      return Error(ErrorCode::kNetwork, e.what());
    } catch (...) {
      return Error(ErrorCode::kNetwork, "LocalSessionDirectory: the emulator could not start");
    }
  }

  /// Starts serving; throws std::runtime_error when the address cannot be bound (`Create` reports
  /// the same as a value).
  explicit LocalSessionDirectory(LocalSessionDirectoryOptions options = {});
  ~LocalSessionDirectory();
  LocalSessionDirectory(LocalSessionDirectory const&) = delete;
  LocalSessionDirectory& operator=(LocalSessionDirectory const&) = delete;

  /// "http://127.0.0.1:PORT" (no trailing slash).
  std::string base_url() const;
  std::uint16_t port() const;
  /// "ws://127.0.0.1:PORT/connect": the RTA WebSocket endpoint on the same port.
  std::string rta_url() const;

  /// Moves the manual clock forward; returns false when the clock is not manual. RTA deadlines
  /// passed on the way (grace periods, maximum socket age) fire in order before it returns.
  bool AdvanceClock(std::chrono::milliseconds delta);
  /// The emulator's current time, ISO-8601 UTC.
  std::string Now() const;
  /// Drops sessions, handles, counters, request log, faults, the follow graph and every RTA socket
  /// (restoring the RTA settings); keeps templates.
  void Reset();
  /// Installs or replaces a template (protocol §6.1 document shape); false on an invalid document.
  bool InstallTemplate(std::string const& scid, std::string const& name, nlohmann::json const& document);
  /// Turns rate limiting on or off at run time.
  void SetRateLimiting(bool enabled);
  /// The request log of protocol §6.3 (`{"requests":[...]}`), entries with seq >= since.
  nlohmann::json Requests(std::int64_t since = 0) const;
  /// Stops serving now (the destructor does it too); in-flight requests end cleanly.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xbl::testing
