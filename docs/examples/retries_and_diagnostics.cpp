// Retry settings, a log handler and a HAR file of every HTTP exchange (and WebSocket connection). Runs against an
// in-process emulator; writes docs-example.har in the working directory.
#include "xbl/auth.h"
#include "xbl/har_writer.h"
#include "xbl/http/cpprest_http_transport.h"
#include "xbl/multiplayer/multiplayer_service.h"
#include "xbl/testing/local_session_directory.h"
#include <iostream>

namespace mp = xbl::multiplayer;

int main() {
  xbl::testing::LocalSessionDirectory emulator;

  // [retry-options]
  xbl::ClientOptions options;
  options.retry.initial_delay = std::chrono::milliseconds(500);  // first backoff (default 2 s)
  options.retry.max_delay = std::chrono::seconds(10);            // cap on one backoff (default 60 s)
  options.retry.window = std::chrono::seconds(15);               // whole call, retries included (default 20 s)
  options.attempt_timeout = std::chrono::seconds(5);             // one HTTP attempt
  // [retry-options]
  options.endpoint = emulator.base_url();
  options.honor_environment = false;
  options.auth_token_provider = xbl::StaticAuthToken("XBL3.0 x=1001;device=dA");

  // [diagnostics]
  auto har = std::make_shared<xbl::HarWriter>();
  options.diagnostics.trace_level = xbl::TraceLevel::kInfo;
  options.diagnostics.log_handler = [](xbl::TraceLevel level, std::string_view category, std::string_view message) {
    std::cerr << xbl::ToString(level) << " " << category << ": " << message << "\n";
  };
  options.diagnostics.http_exchange_handler = har->Handler();  // Authorization is redacted
  options.diagnostics.websocket_event_handler = har->WebSocketHandler();  // the RTA socket, if one opens
  // [diagnostics]

  auto transport = xbl::MakeCpprestHttpTransport();
  mp::MultiplayerService service(transport, options);
  mp::SessionReference const ref{xbl::testing::LocalSessionDirectory::kSeedScid, "quick", "docs-retries"};

  // [handle-errors]
  auto read = service.GetCurrentSessionAsync(ref).get();
  if (!read) {
    xbl::Error const& error = read.error();
    if (error.retry_after) {
      // 429/503 whose Retry-After ends past the retry window: come back then.
    }
    std::cerr << error.ToString() << " after " << error.attempts << " attempt(s)\n";
  } else if (read->status == mp::SessionResultStatus::kNotFound) {
    std::cout << "no such session (204)\n";
  }
  // [handle-errors]

  // [write-har]
  if (auto written = har->WriteFile("docs-example.har"); !written) {
    std::cerr << written.error().ToString() << "\n";
  }
  // [write-har]
  transport->Shutdown();
  return read.ok() && har->size() == 1 ? 0 : 1;
}
