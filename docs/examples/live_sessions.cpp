// Live sessions: enable subscriptions, join a session that needs a connection (the write carries
// the connection id), see another member's join as a session-changed event, then disable.
// Runs against an in-process emulator.
#include "xbl/auth.h"
#include "xbl/http/cpprest_http_transport.h"
#include "xbl/multiplayer/multiplayer_service.h"
#include "xbl/testing/local_session_directory.h"
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <iostream>
#include <mutex>

namespace mp = xbl::multiplayer;

namespace {

mp::MultiplayerService ServiceFor(xbl::testing::LocalSessionDirectory const& emulator,
                                  std::shared_ptr<xbl::HttpTransport> transport, std::string const& xuid) {
  xbl::ClientOptions options;
  options.endpoint = emulator.base_url();
  options.rta_endpoint = emulator.rta_url();
  options.honor_environment = false;
  options.user_xuid = xuid;
  options.auth_token_provider = xbl::StaticAuthToken("XBL3.0 x=" + xuid + ";device=d" + xuid);
  return mp::MultiplayerService(std::move(transport), options);
}

/// `xuid` joins `ref` as active; the first writer creates it as a session that needs a connection.
xbl::Result<mp::SessionResult> JoinActive(mp::MultiplayerService const& service, mp::SessionReference const& ref,
                                          std::string const& xuid, bool create) {
  mp::MultiplayerSession session(ref, xuid);
  if (create) {
    nlohmann::json const constants = {
        {"constants",
         {{"system", {{"maxMembersCount", 4}, {"capabilities", {{"connectionRequiredForActiveMembers", true}}}}}}}};
    if (auto merged = session.MergeRawChanges(constants); !merged) return merged.error();
  }
  if (auto joined = session.Join(); !joined) return joined.error();
  if (auto subscribed = session.SetCurrentUserSubscription("6b2d3f40-5c6e-4d7f-8a91-a2b3c4d5e6f7", {"everything"});
      !subscribed) {
    return subscribed.error();
  }
  auto const mode = create ? mp::SessionWriteMode::kCreateNew : mp::SessionWriteMode::kUpdateExisting;
  return service.WriteSessionAsync(session, mode).get();
}

}  // namespace

int main() {
  xbl::testing::LocalSessionDirectory emulator;
  auto transport = xbl::MakeCpprestHttpTransport();
  auto host = ServiceFor(emulator, transport, "1001");
  auto guest = ServiceFor(emulator, transport, "1002");
  mp::SessionReference const ref{xbl::testing::LocalSessionDirectory::kConformanceScid, "dyn", "docs-live"};
  std::mutex mutex;
  std::condition_variable changed_cv;
  std::uint64_t latest = 0;

  // [subscriptions]
  auto changed = host.AddSessionChangedHandler([&](mp::SessionChangedEvent const& event) {
    // On the context's callback executor: note the change; read the session from elsewhere.
    std::lock_guard<std::mutex> lock(mutex);
    latest = event.change_number;
    changed_cv.notify_all();
  });
  auto lost = host.AddSubscriptionLostHandler(
      [](xbl::Error const& error) { std::cout << "subscription lost: " << error.ToString() << "\n"; });
  auto id = host.EnableSubscriptionsAsync().get();  // the first ConnectionId
  if (!id) return 1;
  // [subscriptions]
  std::cout << "connection " << *id << "\n";

  auto created = JoinActive(host, ref, "1001", true);  // the write carries properties.system.connection
  if (!created) return 1;
  if (!guest.EnableSubscriptionsAsync().get()) return 1;
  auto joined = JoinActive(guest, ref, "1002", false);
  if (!joined) return 1;
  auto const change = joined->session->change_number();
  {
    std::unique_lock<std::mutex> lock(mutex);
    if (!changed_cv.wait_for(lock, std::chrono::seconds(10), [&] { return latest >= change; })) return 1;
  }
  std::cout << "the host saw change " << change << "\n";

  // [disable]
  if (!host.DisableSubscriptionsAsync().get()) return 1;  // the lost handlers have run, with kCancelled
  // [disable]
  guest.Shutdown();
  transport->Shutdown();
  return 0;
}
