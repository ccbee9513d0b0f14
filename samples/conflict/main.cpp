// Conflict: several players (threads) add to one counter in the session's custom properties at
// the same time through UpdateSessionAsync. Each write carries If-Match; a write that loses the
// race gets 412 with the current session and re-applies its change. No update is lost.
#include "sample_endpoint.h"
#include <atomic>
#include <iostream>
#include <thread>
#include <vector>

namespace mp = xbl::multiplayer;
using xbl_samples::Check;
using xbl_samples::Staged;

int main(int argc, char* argv[]) {
  int players = 4;
  int increments = 10;
  if (argc == 3) {
    players = std::atoi(argv[1]);
    increments = std::atoi(argv[2]);
  }
  if (argc == 2 || argc > 3 || players < 1 || players > 16 || increments < 1 || increments > 100) {
    std::cerr << "usage: " << argv[0] << " [players 1-16] [increments 1-100]\n"
              << "Endpoint: $XBL_MPSD_ENDPOINT, or an emulator started in-process when unset.\n";
    return 2;
  }
  std::string const scid = "00000000-0000-0000-0000-000000000000";
  mp::SessionReference const ref{scid, "quick", "conflict-counter"};
  xbl_samples::SampleEndpoint endpoint;

  std::cout << "1. The host creates the session with counter = 0\n";
  auto host = endpoint.ServiceFor("1001");
  mp::MultiplayerSession draft(ref, "1001");
  if (!Staged(draft.Join(), "join the draft") || !Staged(draft.SetCustomProperty("counter", 0), "counter = 0")) return 1;
  if (!Check(host->WriteSessionAsync(draft, mp::SessionWriteMode::kUpdateOrCreateNew).get(), "created")) return 1;

  std::cout << "2. " << players << " players each add 1, " << increments << " times, all at once\n";
  std::atomic<int> failures{0};
  std::atomic<int> writes{0};
  std::vector<std::thread> threads;
  for (int p = 0; p < players; ++p) {
    threads.emplace_back([&, p] {
      auto service = endpoint.ServiceFor("1001");  // the host's other devices: same identity
      mp::UpdateSessionOptions options;
      options.max_writes = 200;
      for (int i = 0; i < increments; ++i) {
        auto result = service->UpdateSessionAsync(
            ref,
            [](mp::MultiplayerSession& session) -> xbl::Result<void> {
              auto const& custom = session.properties().custom;
              int const value = custom.contains("counter") && custom["counter"].is_number_integer()
                                    ? custom["counter"].get<int>() : 0;
              return session.SetCustomProperty("counter", value + 1);
            },
            options).get();
        if (!result) {
          std::cerr << "  error: player " << p << ": " << result.error().ToString() << "\n";
          ++failures;
          return;
        }
        writes += result->attempts;
      }
    });
  }
  for (auto& t : threads) t.join();
  if (failures > 0) return 1;

  auto final_state = host->GetCurrentSessionAsync(ref).get();
  if (!Check(final_state, "read the final session")) return 1;
  int const counter = final_state->session->properties().custom.value("counter", -1);
  int const expected = players * increments;
  std::cout << "3. counter = " << counter << " (expected " << expected << ", " << writes
            << " HTTP attempts in all, reads and writes: every 412 was answered by re-applying the change to the fresh session)\n";
  if (counter != expected) {
    std::cerr << "  error: updates were lost\n";
    return 1;
  }
  std::cout << "conflict finished\n";
  return 0;
}
