#pragma once
#include "xbl/auth.h"
#include "xbl/clock.h"
#include "xbl/diagnostics.h"
#include "xbl/executor.h"
#include "xbl/retry_policy.h"
#include "xbl/rta_settings.h"
#include <chrono>
#include <memory>
#include <string>

namespace xbl {

/// The MPSD contract versions this SDK speaks (`x-xbl-contract-version`).
enum class ContractVersion { kV104 = 104, kV105 = 105, kV107 = 107 };

/// The production session directory.
inline constexpr char kDefaultMpsdEndpoint[] = "https://sessiondirectory.xboxlive.com";
/// Environment variable that overrides the endpoint (e.g. `http://127.0.0.1:8080` for the emulator).
inline constexpr char kMpsdEndpointEnvironmentVariable[] = "XBL_MPSD_ENDPOINT";
/// The production real-time activity (RTA) WebSocket endpoint.
inline constexpr char kDefaultRtaEndpoint[] = "wss://rta.xboxlive.com/connect";
/// Environment variable that overrides the RTA endpoint (when `honor_environment`).
inline constexpr char kRtaEndpointEnvironmentVariable[] = "XBL_RTA_ENDPOINT";

/// Everything a service client is configured with. Plain value; copy freely.
struct ClientOptions {
  /// Base URL of MPSD, without a trailing path.
  std::string endpoint = kDefaultMpsdEndpoint;
  /// When true (the default) a non-empty `XBL_MPSD_ENDPOINT` replaces `endpoint`.
  bool honor_environment = true;
  ContractVersion contract_version = ContractVersion::kV107;
  /// Supplies `Authorization`; absent means no header is sent (emulator without auth).
  AuthTokenProvider auth_token_provider;
  /// Empty: no `Signature` header (the emulator and most server principals need none).
  RequestSigner request_signer;
  std::string user_agent = "xbl-cpp/0.1";
  /// The signed-in user's xuid, for calls about "my" data (`ClearActivityAsync`) and the current
  /// user of the sessions this service returns (`members.me`); may be empty.
  std::string user_xuid;
  /// Deadline of one HTTP attempt, enforced by the transport; clamped to what is left of the
  /// call's retry window.
  std::chrono::milliseconds attempt_timeout = std::chrono::seconds(10);
  RetrySettings retry;
  /// Session writes without a precondition (`kUpdateOrCreateNew`, property updates without
  /// an ETag) are retried only on 429/503 unless this is true (MPSD applies a PUT at most once
  /// per content, but a lost response may hide a write that another client then changed).
  bool retry_unconditional_writes = false;
  /// Overrides the exponential policy built from `retry`; cloned per call.
  std::shared_ptr<RetryPolicy const> retry_policy;
  /// Jitter for the default policy; absent means `DefaultJitter()`.
  JitterSource jitter;
  /// While a Retry-After from the endpoint is pending, later calls wait for it (or
  /// fail at once when it ends past their window). The gate belongs to the `ServiceContext`
  /// and is shared by every service built on it; a 429 holds back only the same `user_xuid`
  /// (or this context when it is empty). Turn off only in tests.
  bool retry_after_gate = true;
  DiagnosticsOptions diagnostics;
  /// Time and waiting; absent means the real clock and `MakeDefaultSleeper()`.
  std::shared_ptr<Clock> clock;
  std::shared_ptr<Sleeper> sleeper;
  /// Runs title callbacks (docs/threading.md says which); absent means a serial executor with
  /// a thread of the context's own.
  std::shared_ptr<Executor> callback_executor;
  /// The RTA WebSocket endpoint (docs/rta-protocol.md R-47).
  std::string rta_endpoint = kDefaultRtaEndpoint;
  /// The RTA client's timings.
  RtaSettings rta;

  /// The endpoint calls go to: `XBL_MPSD_ENDPOINT` when set and honoured, else `endpoint`,
  /// without a trailing '/'.
  std::string EffectiveEndpoint() const;
  /// The RTA endpoint: a non-empty `XBL_RTA_ENDPOINT` when honoured; else, when
  /// `XBL_MPSD_ENDPOINT` is honoured and set, its host and port with `ws`/`wss` and `/connect`;
  /// else `rta_endpoint`.
  std::string EffectiveRtaEndpoint() const;
  /// "107", "105" or "104".
  std::string ContractVersionHeader() const;
};

/// The RTA endpoint on the same host and port as an MPSD base URL: `ws://` for `http://`,
/// `wss://` for `https://`, path `/connect`; empty for a URL with another scheme.
std::string RtaEndpointFor(std::string const& mpsd_endpoint);

}  // namespace xbl
