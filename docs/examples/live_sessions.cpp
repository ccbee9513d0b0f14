// Live sessions: enable subscriptions, join a session that needs a connection (the write carries
// the connection id), see another member's join as a session-changed event, watch the session with
// a SessionWatcher and see a property change with its old and new value, then disable.
// Runs against an in-process emulator.
#include "subscribed_member.h"
#include "xbl/auth.h"
#include "xbl/http/cpprest_http_transport.h"
#include "xbl/multiplayer/multiplayer_service.h"
#include "xbl/multiplayer/session_watcher.h"
#include "xbl/testing/local_session_directory.h"
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <iostream>
#include <mutex>
#include <string>

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

  auto created = xbl_samples::JoinSubscribed(host, ref, "1001", true);  // the write carries properties.system.connection
  if (!created) return 1;
  if (!guest.EnableSubscriptionsAsync().get()) return 1;
  auto joined = xbl_samples::JoinSubscribed(guest, ref, "1002", false);
  if (!joined) return 1;
  auto const change = joined->session->change_number();
  {
    std::unique_lock<std::mutex> lock(mutex);
    if (!changed_cv.wait_for(lock, std::chrono::seconds(10), [&] { return latest >= change; })) return 1;
  }
  std::cout << "the host saw change " << change << "\n";

  std::string map;        // the guest's view of the map, guarded by `mutex`
  std::uint64_t seen = 0;  // the change number of the watcher's latest snapshot, guarded by `mutex`
  // [watch]
  mp::SessionWatcher watcher(guest, [&](mp::SessionWatchEvent const& event) {
    // On the callback executor, one event at a time: keep it short and guard what it shares.
    std::lock_guard<std::mutex> lock(mutex);
    if (event.kind == mp::SessionWatchEventKind::kChanged && event.changes.custom_property) {
      auto const& before = event.previous->properties().custom;
      auto const& after = event.current->properties().custom;
      std::cout << "map: " << before.value("map", "(none)") << " -> " << after.value("map", "(none)") << "\n";
      map = after.value("map", "");
    }
    if (event.current) seen = event.current->change_number();
    changed_cv.notify_all();
  });
  watcher.Watch(ref);  // reads it at once (kFirstSnapshot); then each change the guest is tapped for
  // [watch]
  {
    // Change the map only once the watcher holds a snapshot, so the change is one it reports.
    std::unique_lock<std::mutex> lock(mutex);
    if (!changed_cv.wait_for(lock, std::chrono::seconds(10), [&] { return seen > 0; })) return 1;
  }
  auto set_map = host.UpdateSessionAsync(ref, [](mp::MultiplayerSession& session) {
    return session.SetCustomProperty("map", "dust");
  }).get();
  if (!set_map) return 1;
  {
    std::unique_lock<std::mutex> lock(mutex);
    if (!changed_cv.wait_for(lock, std::chrono::seconds(10), [&] { return map == "dust"; })) return 1;
  }
  watcher.Stop();

  // [disable]
  if (!host.DisableSubscriptionsAsync().get()) return 1;  // the lost handlers have run, with kCancelled
  // [disable]
  guest.Shutdown();
  transport->Shutdown();
  return 0;
}
