// Quickstart: create a session, a second user joins, set properties, find the session by
// keyword, and both users leave. Runs against XBL_MPSD_ENDPOINT or an in-process emulator.
#include "sample_endpoint.h"
#include <iostream>

namespace mp = xbl::multiplayer;
using xbl_samples::Check;
using xbl_samples::Staged;

int main(int argc, char* argv[]) {
  if (argc > 2) {
    std::cerr << "usage: " << argv[0] << " [session-name]\n"
              << "Endpoint: $XBL_MPSD_ENDPOINT, or an emulator started in-process when unset.\n";
    return 2;
  }
  std::string const scid = "00000000-0000-0000-0000-000000000000";
  mp::SessionReference const ref{scid, "quick", argc == 2 ? argv[1] : "quickstart-lobby"};
  xbl_samples::SampleEndpoint endpoint;
  auto alice = endpoint.ServiceFor("1001");
  auto bob = endpoint.ServiceFor("1002");

  std::cout << "1. Alice (1001) creates " << ref.name << " and joins it\n";
  mp::MultiplayerSession draft(ref, "1001");
  if (!Staged(draft.Join(), "join the draft")) return 1;
  auto created = alice->WriteSessionAsync(draft, mp::SessionWriteMode::kCreateNew).get();
  if (!Check(created, "created (HTTP " + std::to_string(created.ok() ? created->http_status : 0) + ")")) return 1;
  std::cout << "     members: " << created->session->members().size()
            << ", max: " << created->session->constants().max_members_count << "\n";

  std::cout << "2. Bob (1002) joins\n";
  mp::MultiplayerSession bob_view(ref, "1002");
  if (!Staged(bob_view.Join(), "join as Bob")) return 1;
  auto joined = bob->WriteSessionAsync(bob_view, mp::SessionWriteMode::kUpdateExisting).get();
  if (!Check(joined, "joined")) return 1;
  for (auto const& member : joined->session->members()) {
    std::cout << "     member " << *member.index << ": xuid " << member.xuid << " (" << mp::ToString(member.status())
              << ")\n";
  }

  std::cout << "3. Alice sets the map and a keyword (read-modify-write with If-Match)\n";
  auto updated = alice->UpdateSessionAsync(ref, [](mp::MultiplayerSession& session) -> xbl::Result<void> {
                                             if (auto r = session.SetCustomProperty("map", "dust"); !r) return r;
                                             return session.SetKeywords({"quickstart"});
                                           }).get();
  if (!Check(updated, "properties written")) return 1;
  std::cout << "     custom properties: " << updated->session->properties().custom.dump() << "\n";

  std::cout << "4. Bob looks for sessions with the keyword \"quickstart\"\n";
  auto found = bob->GetSessionsAsync(mp::GetSessionsRequest(scid).set_keyword("quickstart")).get();
  if (!Check(found, "query answered")) return 1;
  bool seen = false;
  for (auto const& entry : *found) {
    std::cout << "     found " << entry.reference.name << " (" << entry.accepted << " accepted)\n";
    seen = seen || entry.reference == ref;
  }
  if (!seen) {
    std::cerr << "  error: the session was not found by keyword\n";
    return 1;
  }

  std::cout << "5. Bob leaves, then Alice leaves (the empty session is deleted)\n";
  auto bob_left = bob->LeaveSessionAsync(ref).get();
  if (!Check(bob_left, "Bob left")) return 1;
  auto alice_left = alice->LeaveSessionAsync(ref).get();
  if (!Check(alice_left, std::string("Alice left: ") + mp::ToString(alice_left.ok() ? alice_left->status
                                                                                    : mp::SessionResultStatus::kUnknown))) {
    return 1;
  }
  auto gone = alice->GetCurrentSessionAsync(ref).get();
  if (!Check(gone, std::string("session read back: ") +
                       mp::ToString(gone.ok() ? gone->status : mp::SessionResultStatus::kUnknown))) {
    return 1;
  }
  if (gone->status != mp::SessionResultStatus::kNotFound) {
    std::cerr << "  error: the session still exists\n";
    return 1;
  }
  std::cout << "quickstart finished\n";
  return 0;
}
