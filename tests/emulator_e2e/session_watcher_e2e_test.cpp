// SessionWatcher end to end: the emulator's RTA fault hooks (docs/rta-protocol.md,
// R-32) against a watching member, over the real HTTP and WebSocket transports. A host writes
// before, during and after each fault; the watcher must end at the session's current state with
// every change delivered once, in order. The changes made during a fault tap nobody (the socket is
// gone, deaf or not yet subscribed), so only the watcher's re-read after the reconnect, or after
// the Resync, can deliver them before the writes that follow.
#include "session_watcher_e2e_fixture.h"
#include "watch_event_log.h"
#include "xbl/multiplayer/session_watcher.h"
#include <cstdio>
#include <cstdlib>
#include <future>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace xbl::multiplayer {
namespace {

constexpr char kHost[] = "1001";
constexpr char kWatcher[] = "1002";

class SessionWatcherEndToEndTest : public SessionWatcherEndToEndFixture {
 protected:
  // On the manual clock only the hooks end sockets, and no grace period runs out mid-test.
  SessionWatcherEndToEndTest() { emulator_options_.manual_clock = true; }

  void TearDown() override {
    if (watcher_) watcher_->Stop();
    if (watching_) watching_->Shutdown();
    if (host_) host_->Shutdown();
    SessionWatcherEndToEndFixture::TearDown();
  }

  /// The host creates `name` and joins; the watching member joins and watches it.
  void StartWatching(std::string const& name, RtaSettings watcher_rta = QuickReconnects(),
                     SessionWatcherOptions options = {}) {
    reference_ = {scid_, "dyn", name};
    host_ = Subscribed(kHost);
    ASSERT_NO_FATAL_FAILURE(JoinSubscribed(*host_, kHost, reference_));
    watching_ = Subscribed(kWatcher, watcher_rta);
    ASSERT_NO_FATAL_FAILURE(JoinSubscribed(*watching_, kWatcher, reference_));
    watcher_ = std::make_unique<SessionWatcher>(*watching_, log_.Handler(), options);
    watcher_->Watch(reference_);
    ASSERT_TRUE(log_.WaitForChangeNumber(reference_, 1)) << "no first snapshot";
  }

  /// The host writes `<phase>_<k> = k`, k = 1..3; the change number of the last write.
  std::uint64_t Writes(std::string const& phase) {
    std::uint64_t last = 0;
    for (int k = 1; k <= 3; ++k) last = WriteCustom(*host_, reference_, phase + "_" + std::to_string(k), k);
    return last;
  }

  struct Socket {
    std::string xuid;
    std::string connection_id;
  };
  Socket SocketOf(std::string const& xuid) { return {xuid, BoundConnection(xuid, reference_)}; }

  /// Writes the watcher learns of through taps; the watcher's socket before the fault.
  Socket WritesBeforeTheFault() {
    auto const before = Writes("before");
    EXPECT_TRUE(log_.WaitForChangeNumber(reference_, before)) << "the taps before the fault never arrived";
    auto socket = SocketOf(kWatcher);
    EXPECT_FALSE(socket.connection_id.empty()) << "the watcher is not bound";
    return socket;
  }

  /// Writes while `ended` are down, their reconnect and rebind, the watcher catching up with no
  /// further write, writes after (taps on the new socket), and the final state.
  void ExpectRecovery(std::vector<Socket> const& ended) {
    auto const during = Writes("during");
    for (auto const& socket : ended) {
      ASSERT_TRUE(WaitRebound(socket.xuid, reference_, socket.connection_id))
          << socket.xuid << " never reconnected and rebound the session";
    }
    ASSERT_TRUE(log_.WaitForChangeNumber(reference_, during))
        << "the changes made during the fault were not delivered after the reconnect (no re-read)";
    auto const after = Writes("after");
    ASSERT_TRUE(log_.WaitForChangeNumber(reference_, after)) << "the taps after the reconnect never arrived";
    ExpectFinalState();
  }

  /// The watcher's snapshot is the session as a plain GET reads it, and the log holds each change once.
  void ExpectFinalState() {
    auto const current = Read(*host_, reference_);
    ASSERT_TRUE(current);
    auto const snapshot = watcher_->Snapshot(reference_);
    ASSERT_TRUE(snapshot);
    EXPECT_EQ(snapshot->change_number(), current->change_number());
    EXPECT_EQ(snapshot->properties().custom, current->properties().custom);
    EXPECT_EQ(current->properties().custom.value("during_3", 0), 3);
    EXPECT_TRUE(log_.DeliveredEachChangeOnce(reference_, current->change_number()));
  }

  /// How many Subscribe replies the emulator sent with error `code` (the frame log, R-46).
  int SubscribeErrorsSent(int code) {
    int sent = 0;
    auto const log = AdminJson("GET", "/_emulator/rta/frames");
    for (auto const& frame : log.value("frames", nlohmann::json::array())) {
      if (frame.value("direction", "") != "out") continue;
      auto const text = nlohmann::json::parse(frame.value("text", ""), nullptr, /*allow_exceptions=*/false);
      if (text.is_array() && text.size() >= 3 && text[0] == 1 && text[2] == code) ++sent;
    }
    return sent;
  }

  std::string Hook(std::string const& socket, std::string const& action) {
    return "/_emulator/rta/connections/" + socket + "/" + action;
  }

  SessionReference reference_;
  std::unique_ptr<MultiplayerService> host_;
  std::unique_ptr<MultiplayerService> watching_;
  testing_support::WatchEventLog log_;  // declared before the watcher, which is stopped first
  std::unique_ptr<SessionWatcher> watcher_;
};

TEST_F(SessionWatcherEndToEndTest, DropWithoutCloseFrame_ReconnectReReadDeliversTheMissedChanges) {
  ASSERT_NO_FATAL_FAILURE(StartWatching("watch-drop"));
  auto const socket = WritesBeforeTheFault();
  ASSERT_EQ(Admin("POST", Hook(socket.connection_id, "drop")), 200);
  ExpectRecovery({socket});
}

TEST_F(SessionWatcherEndToEndTest, Close1000_ReconnectReReadDeliversTheMissedChanges) {
  ASSERT_NO_FATAL_FAILURE(StartWatching("watch-close"));
  auto const socket = WritesBeforeTheFault();
  ASSERT_EQ(Admin("POST", Hook(socket.connection_id, "close"), {{"code", 1000}, {"reason", "bye"}}), 200);
  ExpectRecovery({socket});
}

TEST_F(SessionWatcherEndToEndTest, DeafSocket_PongDeadlineReconnectsAndReReadDeliversTheMissedChanges) {
  // The ping and its pong deadline are the only way to notice a socket that stays open.
  auto rta = QuickReconnects();
  rta.ping_interval = std::chrono::milliseconds(200);
  rta.pong_timeout = std::chrono::milliseconds(300);
  ASSERT_NO_FATAL_FAILURE(StartWatching("watch-deaf", rta));
  auto const socket = WritesBeforeTheFault();
  ASSERT_EQ(Admin("POST", Hook(socket.connection_id, "deaf"), {{"deaf", true}}), 200);
  ExpectRecovery({socket});
}

TEST_F(SessionWatcherEndToEndTest, Resync_ReReadDeliversTheChangesADeafSpellMissedOnTheSameConnection) {
  SessionWatcherOptions options;
  options.resync_min_interval = std::chrono::milliseconds(0);
  ASSERT_NO_FATAL_FAILURE(StartWatching("watch-resync", QuickReconnects(), options));
  auto const socket = WritesBeforeTheFault();
  // Deaf for a moment (far shorter than the default ping interval): the taps of these writes are lost.
  ASSERT_EQ(Admin("POST", Hook(socket.connection_id, "deaf"), {{"deaf", true}}), 200);
  auto const during = Writes("during");
  ASSERT_EQ(Admin("POST", Hook(socket.connection_id, "deaf"), {{"deaf", false}}), 200);
  ASSERT_EQ(Admin("POST", Hook(socket.connection_id, "resync")), 200);
  ASSERT_TRUE(log_.WaitForChangeNumber(reference_, during)) << "the Resync did not re-read the session";
  EXPECT_EQ(SocketOf(kWatcher).connection_id, socket.connection_id) << "caught up by a reconnect, not the Resync";
  auto const after = Writes("after");
  ASSERT_TRUE(log_.WaitForChangeNumber(reference_, after)) << "the taps after the Resync never arrived";
  ExpectFinalState();
}

TEST_F(SessionWatcherEndToEndTest, RefusedReconnects_ReReadOnceConnectedDeliversTheMissedChanges) {
  ASSERT_NO_FATAL_FAILURE(StartWatching("watch-refused"));
  auto const socket = WritesBeforeTheFault();
  ASSERT_EQ(Admin("POST", "/_emulator/rta/refuse", {{"count", 3}, {"status", 503}}), 200);
  ASSERT_EQ(Admin("POST", Hook(socket.connection_id, "drop")), 200);
  ExpectRecovery({socket});
}

TEST_F(SessionWatcherEndToEndTest, SubscribeThrottled1001_ReReadOnceSubscribedDeliversTheMissedChanges) {
  ASSERT_NO_FATAL_FAILURE(StartWatching("watch-1001"));
  auto const socket = WritesBeforeTheFault();
  ASSERT_EQ(Admin("POST", "/_emulator/rta/subscribe-error", {{"count", 2}, {"code", 1001}}), 200);
  ASSERT_EQ(Admin("POST", Hook(socket.connection_id, "drop")), 200);
  ExpectRecovery({socket});
  EXPECT_EQ(SubscribeErrorsSent(1001), 2) << "the watcher subscribed without meeting the fault";
}

TEST_F(SessionWatcherEndToEndTest, SubscribeUnavailable1002_ReReadOnceSubscribedDeliversTheMissedChanges) {
  ASSERT_NO_FATAL_FAILURE(StartWatching("watch-1002"));
  auto const socket = WritesBeforeTheFault();
  ASSERT_EQ(Admin("POST", "/_emulator/rta/subscribe-error", {{"count", 2}, {"code", 1002}}), 200);
  ASSERT_EQ(Admin("POST", Hook(socket.connection_id, "drop")), 200);
  ExpectRecovery({socket});
  EXPECT_EQ(SubscribeErrorsSent(1002), 2) << "the watcher subscribed without meeting the fault";
}

TEST_F(SessionWatcherEndToEndTest, MaximumAge_BothSocketsDroppedAndTheReReadDeliversTheMissedChanges) {
  ASSERT_NO_FATAL_FAILURE(StartWatching("watch-max-age"));
  auto const socket = WritesBeforeTheFault();
  auto const host_socket = SocketOf(kHost);
  // Every socket was opened at the same emulator instant: one clock move ages both out.
  ASSERT_EQ(Admin("PUT", "/_emulator/rta/settings", {{"max_age_ms", 60000}}), 200);
  ASSERT_TRUE(emulator_->AdvanceClock(std::chrono::milliseconds(60000)));
  ExpectRecovery({socket, host_socket});
}

TEST_F(SessionWatcherEndToEndTest, Stop_WhileAReadIsInFlight_CancelsItAndReturns) {
  ASSERT_NO_FATAL_FAILURE(StartWatching("watch-stop"));
  // The emulator holds the answer to the watcher's next read for 10 s.
  nlohmann::json const held = {{"method", "GET"}, {"path", "watch-stop"}, {"status", 503}, {"delay_ms", 10000}, {"times", 1}};
  ASSERT_EQ(Admin("PUT", "/_emulator/faults", {{"rules", {held}}}), 200);
  auto const since = emulator_->Requests()["requests"].size();
  WriteCustom(*host_, reference_, "x", 1);  // its tap makes the watcher read
  ASSERT_TRUE(testing_support::WaitUntil([&] {
    auto const requests = emulator_->Requests()["requests"];
    for (auto i = since; i < requests.size(); ++i) {
      if (requests[i].value("method", "") == "GET" && requests[i].value("status", 0) == 503) return true;
    }
    return false;
  })) << "the watcher never read";

  // Stop on another thread, so that a Stop that never returns shows as a failure, not a hang.
  auto stopped = std::make_shared<std::promise<void>>();
  std::thread([watcher = watcher_.get(), stopped] {
    watcher->Stop();
    stopped->set_value();
  }).detach();
  if (stopped->get_future().wait_for(std::chrono::seconds(5)) != std::future_status::ready) {
    // Its thread holds the watcher's lock for good: nothing in this process can clean up after it.
    std::fprintf(stderr, "FAILED: SessionWatcher::Stop() with a read in flight has not returned in 5 s (deadlock)\n");
    std::fflush(stderr);
    std::_Exit(1);
  }
  ASSERT_EQ(Admin("DELETE", "/_emulator/faults"), 204);
}

}  // namespace
}  // namespace xbl::multiplayer
