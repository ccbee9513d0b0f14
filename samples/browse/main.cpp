// Browse: several users publish sessions with keywords; find them by keyword, by one xuid and by
// several xuids (a batch query), with the query's client-side validation shown on a bad request.
#include "sample_endpoint.h"
#include <iostream>

namespace mp = xbl::multiplayer;
using xbl_samples::Check;
using xbl_samples::Staged;

namespace {

void Print(std::vector<mp::SessionQueryResult> const& results) {
  for (auto const& entry : results) {
    std::cout << "     " << entry.reference.name << ": " << entry.accepted << " accepted, visibility "
              << mp::ToString(entry.visibility);
    if (!entry.xuid.empty()) std::cout << ", xuid " << entry.xuid << " is " << mp::ToString(entry.status);
    std::cout << "\n";
  }
}

}  // namespace

int main(int argc, char* argv[]) {
  if (argc != 1) {
    std::cerr << "usage: " << argv[0] << "\nEndpoint: $XBL_MPSD_ENDPOINT, or an emulator started in-process when unset.\n";
    return 2;
  }
  std::string const scid = "00000000-0000-0000-0000-000000000000";
  xbl_samples::SampleEndpoint endpoint;

  std::cout << "1. Three players each host a session with keywords\n";
  struct Host { char const* xuid; char const* name; std::vector<std::string> keywords; };
  for (auto const& h : {Host{"2001", "browse-ctf-1", {"ctf", "casual"}}, Host{"2002", "browse-ctf-2", {"ctf", "ranked"}},
                        Host{"2003", "browse-dm-1", {"deathmatch"}}}) {
    mp::MultiplayerSession draft(mp::SessionReference{scid, "quick", h.name}, h.xuid);
    if (!Staged(draft.Join(), "join") || !Staged(draft.SetKeywords(h.keywords), "keywords")) return 1;
    if (!Check(endpoint.ServiceFor(h.xuid)->WriteSessionAsync(draft, mp::SessionWriteMode::kCreateNew).get(),
               std::string(h.name) + " created by " + h.xuid)) {
      return 1;
    }
  }
  auto browser = endpoint.ServiceFor("2009");

  std::cout << "2. Keyword \"ctf\"\n";
  auto ctf = browser->GetSessionsAsync(mp::GetSessionsRequest(scid).set_keyword("ctf")).get();
  if (!Check(ctf, "query answered")) return 1;
  Print(*ctf);

  std::cout << "3. Sessions of xuid 2003\n";
  auto one = browser->GetSessionsAsync(mp::GetSessionsRequest(scid).set_xuid("2003")).get();
  if (!Check(one, "query answered")) return 1;
  Print(*one);

  std::cout << "4. Sessions of xuids 2001 and 2002 (one batch request, in request order)\n";
  auto batch = browser->GetSessionsAsync(mp::GetSessionsRequest(scid).set_xuids({"2001", "2002"})).get();
  if (!Check(batch, "batch answered")) return 1;
  Print(*batch);

  std::cout << "5. A request with neither keyword nor xuid is refused before anything is sent\n";
  auto invalid = browser->GetSessionsAsync(mp::GetSessionsRequest(scid)).get();
  if (invalid.ok()) {
    std::cerr << "  error: an invalid query was accepted\n";
    return 1;
  }
  std::cout << "  refused: " << invalid.error().ToString() << "\n";

  if (ctf->size() != 2 || one->size() != 1 || batch->size() != 2) {
    std::cerr << "  error: unexpected result counts\n";
    return 1;
  }
  std::cout << "browse finished\n";
  return 0;
}
