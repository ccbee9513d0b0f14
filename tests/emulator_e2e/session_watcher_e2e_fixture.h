#pragma once
// Members of one RTA session (connectionRequiredForActiveMembers), each bound to the socket of its
// own service and subscribed to custom-property changes: what makes the emulator tap them.
#include "emulator_e2e_fixture.h"
#include "wait_for.h"
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace xbl::multiplayer {

class SessionWatcherEndToEndFixture : public EmulatorEndToEndTest {
 protected:
  /// Reconnects that come soon (a few hundred ms), and late enough that writes made right after a
  /// fault land while the socket is still down.
  static RtaSettings QuickReconnects() {
    RtaSettings rta;
    rta.reconnect_base = std::chrono::milliseconds(200);
    rta.reconnect_cap = std::chrono::milliseconds(400);
    return rta;
  }

  /// A service as `xuid` whose subscriptions are enabled (its first ConnectionId is live).
  std::unique_ptr<MultiplayerService> Subscribed(std::string const& xuid, RtaSettings rta = QuickReconnects()) {
    auto options = OptionsFor(xuid);
    options.rta = rta;
    return Subscribed(options);
  }
  std::unique_ptr<MultiplayerService> Subscribed(ClientOptions const& options) {
    auto service = std::make_unique<MultiplayerService>(transport_, options);
    auto const id = service->EnableSubscriptionsAsync().get();
    EXPECT_TRUE(id.ok()) << options.user_xuid << ": " << (id.ok() ? "" : id.error().ToString());
    return service;
  }

  /// `service` (as `xuid`) joins `reference` active, bound and subscribed to `customProperty`,
  /// creating it as an RTA session of `max_members` when it does not exist. Only custom-property
  /// changes tap, so a member's rebind after a reconnect taps nobody: the changes a socket missed
  /// reach a watcher only through its re-reads.
  void JoinSubscribed(MultiplayerService const& service, std::string const& xuid, SessionReference const& reference,
                      int max_members = 4) {
    MultiplayerSession session(reference, xuid);
    ASSERT_TRUE(session
                    .MergeRawChanges({{"constants",
                                       {{"system",
                                         {{"maxMembersCount", max_members},
                                          {"capabilities", {{"connectionRequiredForActiveMembers", true}}}}}}}})
                    .ok());
    ASSERT_TRUE(session.Join().ok());
    ASSERT_TRUE(session.SetCurrentUserSubscription("7d1e2f30-4a5b-4c6d-8e7f-8091a2b3c4d5", {"customProperty"}).ok());
    auto const written = service.WriteSessionAsync(session, SessionWriteMode::kUpdateOrCreateNew).get();
    ASSERT_TRUE(written.ok()) << xuid << ": " << written.error().ToString();
  }

  /// Merges `{"custom": {key: value}}` into the session's properties; the change number it committed.
  std::uint64_t WriteCustom(MultiplayerService const& service, SessionReference const& reference,
                            std::string const& key, nlohmann::json const& value) {
    auto const written = service.UpdateSessionPropertiesAsync(reference, {{"custom", {{key, value}}}}).get();
    EXPECT_TRUE(written.ok() && written->session) << key << ": " << (written.ok() ? "" : written.error().ToString());
    return written.ok() && written->session ? written->session->change_number() : 0;
  }

  /// The session as a plain GET finds it now.
  std::shared_ptr<MultiplayerSession const> Read(MultiplayerService const& service, SessionReference const& reference) {
    auto const read = service.GetCurrentSessionAsync(reference).get();
    EXPECT_TRUE(read.ok() && read->session) << (read.ok() ? "no session" : read.error().ToString());
    return read.ok() ? read->session : nullptr;
  }

  /// The live ConnectionId of `xuid`'s socket that `reference` is bound to; empty when none is.
  std::string BoundConnection(std::string const& xuid, SessionReference const& reference) {
    auto const resource = reference.scid + "~" + reference.template_name + "~" + reference.name;  // lowercase here
    auto const listed = AdminJson("GET", "/_emulator/rta/connections");
    if (!listed.is_object()) return {};
    for (auto const& socket : listed.value("connections", nlohmann::json::array())) {
      if (socket.value("xuid", "") != xuid || !socket["connectionId"].is_string()) continue;
      for (auto const& session : socket.value("sessions", nlohmann::json::array())) {
        if (session == resource) return socket["connectionId"].get<std::string>();
      }
    }
    return {};
  }

  /// Waits (bounded) until `xuid` has reconnected and rebound `reference`: a live id other than `old_id`.
  bool WaitRebound(std::string const& xuid, SessionReference const& reference, std::string const& old_id,
                   std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    return testing_support::WaitUntil(
        [&] {
          auto const id = BoundConnection(xuid, reference);
          return !id.empty() && id != old_id;
        },
        timeout);
  }
};

}  // namespace xbl::multiplayer
