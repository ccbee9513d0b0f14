#include "cli_context.h"
#include "xbl/auth.h"
#include "xbl/http/cpprest_http_transport.h"
#include <cstdlib>
#include <iostream>

namespace xblmp {

std::vector<OptionSpec> const& GlobalOptions() {
  static std::vector<OptionSpec> const options = {
      {"--endpoint", "URL", "MPSD base URL, e.g. http://127.0.0.1:8080 (default: $XBL_MPSD_ENDPOINT)"},
      {"--rta-endpoint", "URL", "RTA WebSocket URL, for session watch (default: $XBL_RTA_ENDPOINT, else the endpoint's "
                                "host with ws:// or wss:// and /connect)"},
      {"--xuid", "XUID", "act as this user (the emulator's test identity `XBL3.0 x=XUID;`)"},
      {"--claims", "CLAIMS", "with --xuid: extra claims for the emulator, e.g. device=d1&title=123"},
      {"--server", "", "act as a server principal"},
      {"--token", "VALUE", "send this Authorization value as is (a real token)"},
      {"--contract-version", "N", "x-xbl-contract-version: 104, 105 or 107 (default 107)"},
      {"--timeout", "SECONDS", "deadline of each attempt and of the whole call with its retries (default 10 s per attempt)"},
      {"--har", "FILE", "write every HTTP exchange to FILE as HAR 1.2 (Authorization redacted)"},
      {"--verbose", "", "trace the SDK's work to stderr"},
      {"--json", "", "print results as one JSON document on stdout (also accepted after COMMAND)"},
      {"--help", "", "print this help on stdout and exit 0"},
  };
  return options;
}

std::unique_ptr<CliContext> CliContext::Create(CommandLine const& globals, std::string& error) {
  auto context = std::unique_ptr<CliContext>(new CliContext());
  xbl::ClientOptions options;
  options.honor_environment = false;  // resolved here so that --endpoint wins
  options.endpoint = globals.value("--endpoint");
  if (options.endpoint.empty()) {
    if (char const* env = std::getenv(xbl::kMpsdEndpointEnvironmentVariable); env != nullptr) options.endpoint = env;
  }
  if (options.endpoint.empty()) {
    error = "no endpoint: pass --endpoint URL or set XBL_MPSD_ENDPOINT";
    return nullptr;
  }
  options.rta_endpoint = globals.value("--rta-endpoint");
  if (options.rta_endpoint.empty()) {
    if (char const* env = std::getenv(xbl::kRtaEndpointEnvironmentVariable); env != nullptr) options.rta_endpoint = env;
  }
  if (options.rta_endpoint.empty()) options.rta_endpoint = xbl::RtaEndpointFor(options.endpoint);
  int principals = globals.has("--xuid") + globals.has("--server") + globals.has("--token");
  if (principals > 1) {
    error = "--xuid, --server and --token are alternatives";
    return nullptr;
  }
  if (globals.has("--claims") && !globals.has("--xuid")) {
    error = "--claims goes with --xuid";
    return nullptr;
  }
  std::string authorization;
  if (globals.has("--xuid")) {
    context->xuid_ = globals.value("--xuid");
    options.user_xuid = context->xuid_;
    authorization = "XBL3.0 x=" + context->xuid_ + ";" + globals.value("--claims");
  } else if (globals.has("--server")) {
    authorization = "XBL3.0 x=-;server=1";
  } else if (globals.has("--token")) {
    authorization = globals.value("--token");
  }
  if (!authorization.empty()) options.auth_token_provider = xbl::StaticAuthToken(authorization);

  auto const version = globals.value("--contract-version", "107");
  if (version == "104") {
    options.contract_version = xbl::ContractVersion::kV104;
  } else if (version == "105") {
    options.contract_version = xbl::ContractVersion::kV105;
  } else if (version != "107") {
    error = "--contract-version takes 104, 105 or 107";
    return nullptr;
  }
  if (globals.has("--timeout")) {
    char* end = nullptr;
    double const seconds = std::strtod(globals.value("--timeout").c_str(), &end);
    if (end == nullptr || *end != '\0' || !(seconds > 0) || seconds > 3600) {
      error = "--timeout takes seconds, more than 0";
      return nullptr;
    }
    options.attempt_timeout = std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
    // The whole call, retries included, ends within about the same time.
    options.retry.window = options.attempt_timeout;
  }
  if (globals.has("--verbose")) {
    options.diagnostics.trace_level = xbl::TraceLevel::kVerbose;
    options.diagnostics.log_handler = [](xbl::TraceLevel level, std::string_view category, std::string_view message) {
      std::cerr << "[" << xbl::ToString(level) << "] " << category << ": " << EscapeControl(message) << "\n";
    };
  }
  if (globals.has("--har")) {
    context->har_path_ = globals.value("--har");
    context->har_ = std::make_shared<xbl::HarWriter>();
    options.diagnostics.http_exchange_handler = context->har_->Handler();
    options.diagnostics.websocket_event_handler = context->har_->WebSocketHandler();  // session watch's RTA socket
  }
  context->endpoint_ = options.endpoint;
  context->transport_ = xbl::MakeCpprestHttpTransport();
  context->service_ = std::make_unique<xbl::multiplayer::MultiplayerService>(context->transport_, options);
  return context;
}

CliContext::~CliContext() {
  service_.reset();
  if (transport_) transport_->Shutdown();
}

bool CliContext::Finish() {
  if (!har_) return true;
  if (auto written = har_->WriteFile(har_path_); !written) {
    PrintError(written.error());
    return false;
  }
  return true;
}

}  // namespace xblmp
