// Lobby watch: two members join a lobby whose active members MPSD taps; Bob's SessionWatcher
// reports Alice's change of a custom property with its old and new value; both leave. Runs
// against XBL_MPSD_ENDPOINT or an in-process emulator.
#include "sample_endpoint.h"
#include "subscribed_member.h"
#include "xbl/multiplayer/session_watcher.h"
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <mutex>

namespace mp = xbl::multiplayer;
using xbl_samples::Check;

namespace {

// `key: old -> new` for each custom property that differs (`(none)` when absent).
std::string CustomChanges(mp::MultiplayerSession const& previous, mp::MultiplayerSession const& current) {
  auto const& before = previous.properties().custom;
  auto const& after = current.properties().custom;
  auto shown = [](nlohmann::json const& custom, std::string const& key) {
    return custom.is_object() && custom.contains(key) ? custom[key].dump() : std::string("(none)");
  };
  nlohmann::json keys = nlohmann::json::object();
  for (auto const* custom : {&before, &after}) {
    if (custom->is_object()) {
      for (auto const& item : custom->items()) keys[item.key()] = true;
    }
  }
  std::string text;
  for (auto const& item : keys.items()) {
    auto const old_value = shown(before, item.key()), new_value = shown(after, item.key());
    if (old_value != new_value) text += "\n       " + item.key() + ": " + old_value + " -> " + new_value;
  }
  return text;
}

}  // namespace

int main(int argc, char* argv[]) {
  if (argc > 2) {
    std::cerr << "usage: " << argv[0] << " [session-name]\n"
              << "Endpoint: $XBL_MPSD_ENDPOINT, or an emulator started in-process when unset.\n";
    return 2;
  }
  // The emulator's template `dyn` takes the constants a lobby that taps its members needs.
  mp::SessionReference const ref{xbl::testing::LocalSessionDirectory::kConformanceScid, "dyn",
                                 argc == 2 ? argv[1] : "lobby-watch"};
  xbl_samples::SampleEndpoint endpoint;
  auto alice = endpoint.ServiceFor("1001");
  auto bob = endpoint.ServiceFor("1002");

  std::cout << "1. Alice (1001) creates " << ref.name << ": active members need an RTA connection, so MPSD taps them\n";
  if (!Check(alice->EnableSubscriptionsAsync().get(), "Alice's subscriptions enabled")) return 1;
  if (!Check(xbl_samples::JoinSubscribed(*alice, ref, "1001", /*create=*/true), "created; Alice active and subscribed")) {
    return 1;
  }
  auto set_map = [&](char const* map) {
    return alice->UpdateSessionAsync(ref, [map](mp::MultiplayerSession& session) {
      return session.SetCustomProperty("map", map);
    }).get();
  };
  if (!Check(set_map("ashes"), "map set to \"ashes\"")) return 1;

  // The watcher's handler runs on the callback executor, one event at a time: it prints the event
  // and wakes the main thread, which waits for the change with a deadline.
  std::mutex mutex;
  std::condition_variable changed;
  bool first_seen = false, map_changed = false;
  mp::SessionWatcher watcher(*bob, [&](mp::SessionWatchEvent const& event) {
    std::lock_guard<std::mutex> lock(mutex);
    std::cout << "  watcher: " << mp::ToString(event.kind);
    if (event.current) std::cout << " #" << event.current->change_number();
    if (event.kind == mp::SessionWatchEventKind::kChanged && event.changes.custom_property) {
      std::cout << " custom_property" << CustomChanges(*event.previous, *event.current);
      map_changed = map_changed || event.current->properties().custom.value("map", "") == "dust";
    }
    std::cout << "\n";
    first_seen = true;
    changed.notify_all();
  });
  auto wait_for = [&](bool const& flag, char const* what) {
    std::unique_lock<std::mutex> lock(mutex);
    if (changed.wait_for(lock, std::chrono::seconds(10), [&] { return flag; })) return true;
    std::cerr << "  error: the watcher reported no " << what << " within 10 s\n";
    return false;
  };

  std::cout << "2. Bob (1002) joins the same way (the watcher enabled his subscriptions) and watches the lobby\n";
  if (!Check(xbl_samples::JoinSubscribed(*bob, ref, "1002", /*create=*/false), "Bob active and subscribed")) return 1;
  watcher.Watch(ref);
  if (!wait_for(first_seen, "first snapshot")) return 1;

  std::cout << "3. Alice changes the map to \"dust\"; MPSD taps Bob, whose watcher reads the lobby again\n";
  // Only a failure is printed here: the watcher's line is the news, and it may come any moment.
  if (auto written = set_map("dust"); !written) {
    std::cerr << "  error: map set to \"dust\": " << written.error().ToString() << "\n";
    return 1;
  }
  if (!wait_for(map_changed, "change of the map (is Bob active, bound and subscribed?)")) return 1;

  std::cout << "4. Bob stops watching; both leave (the empty lobby is deleted)\n";
  watcher.Stop();
  if (!Check(bob->LeaveSessionAsync(ref).get(), "Bob left")) return 1;
  auto alice_left = alice->LeaveSessionAsync(ref).get();
  if (!Check(alice_left, std::string("Alice left: ") + mp::ToString(alice_left.ok() ? alice_left->status
                                                                                    : mp::SessionResultStatus::kUnknown))) {
    return 1;
  }
  std::cout << "lobby watch finished\n";
  return 0;
}
