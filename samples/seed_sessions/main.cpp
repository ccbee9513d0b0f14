// Parses every session document in a folder with the typed model and prints a readable
// summary of each: members, visibility, capabilities, timeouts.
#include "xbl/multiplayer/multiplayer_session.h"
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <vector>

namespace mp = xbl::multiplayer;

namespace {

std::string Timeout(mp::RemovalTimeout const& timeout) {
  return timeout ? std::to_string(timeout->count()) + " ms" : "infinite";
}

/// A QoS threshold: its value and unit, or "any" when the template sets none (`null`).
template <typename T>
std::string Threshold(std::optional<T> const& value, char const* unit) {
  return value ? std::to_string(*value) + " " + unit : std::string("any");
}

std::string Capabilities(mp::SessionCapabilities const& c) {
  std::vector<std::string> on;
  auto add = [&](bool value, char const* name) {
    if (value) on.emplace_back(name);
  };
  add(c.connectivity, "connectivity");
  add(c.suppress_presence_activity_check, "suppressPresenceActivityCheck");
  add(c.gameplay, "gameplay");
  add(c.large, "large");
  add(c.connection_required_for_active_members, "connectionRequiredForActiveMembers");
  add(c.client_matchmaking, "clientMatchmaking");
  add(c.auto_populate_server_candidates, "autoPopulateServerCandidates");
  add(c.user_authorization_style, "userAuthorizationStyle");
  add(c.crossplay, "crossPlay");
  add(c.broadcast, "broadcast");
  add(c.has_owners, "hasOwners");
  add(c.searchable, "searchable");
  std::string text;
  for (auto const& name : on) text += (text.empty() ? "" : ", ") + name;
  return text.empty() ? "none" : text;
}

void PrintSummary(mp::MultiplayerSession const& s) {
  auto const& c = s.constants();
  std::cout << "  contract version: "
            << (s.contract_version() ? std::to_string(*s.contract_version()) : std::string("(template)")) << "\n"
            << "  visibility: " << mp::ToString(c.visibility) << ", max members: " << c.max_members_count << "\n"
            << "  capabilities: " << Capabilities(c.capabilities) << "\n"
            << "  timeouts: reserved " << Timeout(c.reserved_removal_timeout) << ", inactive "
            << Timeout(c.inactive_removal_timeout) << ", ready " << Timeout(c.ready_removal_timeout)
            << ", session empty " << Timeout(c.session_empty_timeout) << "\n";
  if (auto const& init = c.member_initialization) {
    std::cout << "  member initialization: join " << init->join_timeout.count() << " ms, measure "
              << init->measurement_timeout.count() << " ms, " << init->members_needed_to_start
              << " needed to start, " << (init->external_evaluation ? "title evaluates" : "MPSD evaluates") << "\n";
  }
  if (auto const& p2p = c.peer_to_peer_requirements) {
    std::cout << "  peer-to-peer: latency <= " << Threshold(p2p->latency_maximum_ms, "ms") << ", bandwidth >= "
              << Threshold(p2p->bandwidth_minimum_kbps, "kbps") << "\n";
  }
  if (auto const& p2h = c.peer_to_host_requirements) {
    std::cout << "  peer-to-host: latency <= " << Threshold(p2h->latency_maximum_ms, "ms") << ", host chosen by "
              << mp::ToString(p2h->host_selection_metric) << "\n";
  }
  if (auto const& init = s.initializing()) {
    std::cout << "  initializing: episode " << init->episode << ", stage " << mp::ToString(init->stage) << "\n";
  }
  if (!s.properties().keywords.empty() || !s.properties().custom.empty()) {
    std::cout << "  properties: " << s.properties().keywords.size() << " keyword(s), custom "
              << s.properties().custom.dump() << "\n";
  }
  std::cout << "  members: " << s.members().size();
  if (s.members_info().count != s.members().size()) std::cout << " listed of " << s.members_info().count;
  std::cout << "\n";
  for (auto const& m : s.members()) {
    std::cout << "    [" << (m.index ? std::to_string(*m.index) : std::string("me")) << "] xuid " << m.xuid
              << (m.gamertag.empty() ? "" : " (" + m.gamertag + ")") << ", " << mp::ToString(m.status());
    if (!m.device_token.empty()) std::cout << ", device " << m.device_token;
    if (m.initialization_failure) std::cout << ", failed: " << mp::ToString(*m.initialization_failure);
    std::cout << "\n";
  }
}

}  // namespace

int main(int argc, char* argv[]) {
  if (argc != 2) {
    std::cerr << "usage: " << argv[0] << " <folder of session .json documents>\n";
    return 2;
  }
  std::vector<std::filesystem::path> files;
  std::error_code error;
  for (auto const& entry : std::filesystem::directory_iterator(argv[1], error)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  if (error) {
    std::cerr << "error: cannot read " << argv[1] << ": " << error.message() << "\n";
    return 1;
  }
  std::sort(files.begin(), files.end());
  int failed = 0;
  for (auto const& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    std::cout << file.filename().string() << "\n";
    auto session = mp::MultiplayerSession::Parse(text.str());
    if (!session) {
      std::cout << "  error: " << session.error().message << "\n";
      ++failed;
      continue;
    }
    PrintSummary(*session);
  }
  std::cout << files.size() << " sessions parsed, " << failed << " failed\n";
  return failed == 0 && !files.empty() ? 0 : 1;
}
