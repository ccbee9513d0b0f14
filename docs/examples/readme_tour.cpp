// The README's five-minute tour, compiled and run against an in-process emulator. The README's
// two code blocks must stay identical to the two blocks below (test docs.snippets_match_compiled_code),
// which is why the body is not indented.
#include "xbl/testing/local_session_directory.h"
#include <cstdlib>
#include <iostream>
#include <string>
#include "xbl/auth.h"
#include "xbl/http/cpprest_http_transport.h"
#include "xbl/multiplayer/multiplayer_service.h"
namespace mp = xbl::multiplayer;

namespace {

bool RunTour(std::string const& scid) {
xbl::ClientOptions options;                 // endpoint: $XBL_MPSD_ENDPOINT or the real service
options.auth_token_provider = xbl::StaticAuthToken("XBL3.0 x=1001;device=dA");
auto transport = xbl::MakeCpprestHttpTransport();
mp::MultiplayerService service(transport, options);

mp::MultiplayerSession session(mp::SessionReference{scid, "quick", "lobby-1"}, "1001");
auto joined = session.Join();                        // members.me; constants too, before the first write
auto map = session.SetCustomProperty("map", "dust");  // only this delta goes on the wire
if (!joined || !map) return false;                    // refused (e.g. a second Join()): nothing recorded
auto written = service.WriteSessionAsync(session, mp::SessionWriteMode::kCreateNew).get();
if (!written) std::cerr << written.error().ToString() << "\n";   // never throws
  transport->Shutdown();
  return written.ok() && written->status == mp::SessionResultStatus::kCreated;
}

}  // namespace

int main() {
  xbl::testing::LocalSessionDirectory emulator;
  setenv("XBL_MPSD_ENDPOINT", emulator.base_url().c_str(), 1);  // the tour's endpoint comes from here
  return RunTour(xbl::testing::LocalSessionDirectory::kSeedScid) ? 0 : 1;
}
