// Conflicts: two writers race with kSynchronizedUpdate; the loser gets 412 with the current
// session and retries from it. Then the same change through UpdateSessionAsync, which does that
// loop for you. Runs against an in-process emulator.
#include "xbl/auth.h"
#include "xbl/http/cpprest_http_transport.h"
#include "xbl/multiplayer/multiplayer_service.h"
#include "xbl/testing/local_session_directory.h"
#include <iostream>

namespace mp = xbl::multiplayer;

int main() {
  xbl::testing::LocalSessionDirectory emulator;
  auto transport = xbl::MakeCpprestHttpTransport();
  xbl::ClientOptions options;
  options.endpoint = emulator.base_url();
  options.honor_environment = false;
  options.auth_token_provider = xbl::StaticAuthToken("XBL3.0 x=1001;device=dA");
  mp::MultiplayerService service(transport, options);
  mp::SessionReference const ref{xbl::testing::LocalSessionDirectory::kSeedScid, "quick", "docs-conflicts"};

  mp::MultiplayerSession draft(ref, "1001");
  if (!draft.Join()) return 1;
  auto created = service.WriteSessionAsync(draft, mp::SessionWriteMode::kCreateNew).get();
  if (!created) return 1;
  mp::MultiplayerSession first = *created->session;   // both writers start from the same ETag
  mp::MultiplayerSession second = *created->session;

  if (!first.SetCustomProperty("map", "dust")) return 1;
  if (!service.WriteSessionAsync(first, mp::SessionWriteMode::kSynchronizedUpdate).get()) return 1;

  // [conflict-412]
  if (!second.SetCustomProperty("mode", "ctf")) return 1;
  auto lost = service.WriteSessionAsync(second, mp::SessionWriteMode::kSynchronizedUpdate).get();
  if (!lost && lost.error().code == xbl::ErrorCode::kPreconditionFailed && lost.error().session) {
    mp::MultiplayerSession current = *lost.error().session;  // the service's session, with its ETag
    if (!current.SetCustomProperty("mode", "ctf")) return 1;  // re-apply the change to it
    lost = service.WriteSessionAsync(current, mp::SessionWriteMode::kSynchronizedUpdate).get();
  }
  // [conflict-412]
  if (!lost) return 1;

  // [update-session]
  auto updated = service.UpdateSessionAsync(ref, [](mp::MultiplayerSession& session) -> xbl::Result<void> {
    int const round = session.properties().custom.value("round", 0);
    return session.SetCustomProperty("round", round + 1);
  }).get();
  // [update-session]
  if (!updated) return 1;

  auto const& custom = updated->session->properties().custom;
  std::cout << custom.dump() << "\n";
  bool const ok = custom.value("map", "") == "dust" && custom.value("mode", "") == "ctf" && custom.value("round", 0) == 1;
  transport->Shutdown();
  return ok ? 0 : 1;
}
