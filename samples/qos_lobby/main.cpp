// QoS lobby: four peers each run a QoS responder, join a session with member initialization
// and peer-to-host requirements, measure one another with one call, upload with one write, and
// the host is chosen from the service's hostCandidates.
#include "sample_endpoint.h"
#include "xbl/qos/qos_address.h"
#include "xbl/qos/qos_responder.h"
#include "xbl/qos/qos_session.h"
#include <iostream>
#include <memory>
#include <vector>

namespace mp = xbl::multiplayer;
namespace qos = xbl::qos;
using xbl_samples::Check;
using xbl_samples::Staged;

namespace {

struct Peer {
  std::string xuid;
  std::unique_ptr<qos::QosResponder> responder;
  std::unique_ptr<mp::MultiplayerService> service;
};

// Reads the session as `peer` (so that `me` is this peer).
xbl::Result<mp::MultiplayerSession> Read(Peer const& peer, mp::SessionReference const& ref) {
  auto read = peer.service->GetCurrentSessionAsync(ref).get();
  if (!read) return read.error();
  if (!read->session) return xbl::Error(xbl::ErrorCode::kNotFound, "the session is gone");
  auto session = *read->session;
  session.set_current_user_xuid(peer.xuid);
  return session;
}

}  // namespace

int main(int argc, char* argv[]) {
  if (argc != 1) {
    std::cerr << "usage: " << argv[0] << "\nEndpoint: $XBL_MPSD_ENDPOINT, or an emulator started in-process when unset.\n";
    return 2;
  }
  mp::SessionReference const ref{"00000000-0000-0000-0000-000000000000", "PeerToHostQosGameSession", "qos-lobby"};
  xbl_samples::SampleEndpoint endpoint;

  std::cout << "1. Four peers start their QoS responders (UDP on 127.0.0.1)\n";
  std::vector<Peer> peers;
  for (char const* xuid : {"3001", "3002", "3003", "3004"}) {
    Peer peer{xuid, nullptr, endpoint.ServiceFor(xuid)};
    qos::QosResponderOptions options;
    options.bind_address = "127.0.0.1";
    peer.responder = std::make_unique<qos::QosResponder>(options);
    auto started = peer.responder->Start();
    if (!Check(started, std::string("responder of ") + xuid + " on port " +
                            std::to_string(peer.responder->endpoint().port))) {
      return 1;
    }
    peers.push_back(std::move(peer));
  }
  auto address_of = [](Peer const& p) { return qos::EncodeSecureDeviceAddress(p.responder->endpoint()); };

  std::cout << "2. Peer 3001 creates the session, reserving the others for initialization\n";
  mp::JoinOptions join;
  join.initialize = true;
  mp::MultiplayerSession draft(ref, peers[0].xuid);
  if (!Staged(draft.Join(join), "join") ||
      !Staged(draft.SetCurrentUserSecureDeviceAddress(address_of(peers[0])), "secure device address"))
    return 1;
  for (std::size_t i = 1; i < peers.size(); ++i)
    if (!Staged(draft.AddMemberReservation(peers[i].xuid, nullptr, true), "reserve " + peers[i].xuid)) return 1;
  if (!Check(peers[0].service->WriteSessionAsync(draft, mp::SessionWriteMode::kCreateNew).get(), "created")) return 1;

  std::cout << "3. The others join with their secure device addresses\n";
  for (std::size_t i = 1; i < peers.size(); ++i) {
    auto session = Read(peers[i], ref);
    if (!Check(session, peers[i].xuid + " read the session")) return 1;
    if (!Staged(session->Join(join), peers[i].xuid + " join") ||
        !Staged(session->SetCurrentUserSecureDeviceAddress(address_of(peers[i])), "secure device address"))
      return 1;
    if (!Check(peers[i].service->WriteSessionAsync(*session, mp::SessionWriteMode::kUpdateExisting).get(),
               peers[i].xuid + " joined")) {
      return 1;
    }
  }

  std::cout << "4. Each peer measures the others (one call) and uploads (one write)\n";
  qos::QosMeasurerOptions options;
  options.probes_per_target = 5;
  options.probe_interval = std::chrono::milliseconds(10);
  for (auto const& peer : peers) {
    auto session = Read(peer, ref);
    if (!Check(session, peer.xuid + " read the session")) return 1;
    if (session->initializing()) {
      std::cout << "     stage: " << mp::ToString(session->initializing()->stage) << "\n";
    }
    auto measured = qos::MeasureSessionAsync(*session, options).get();
    if (!Check(measured, peer.xuid + " measured " +
                             std::to_string(measured.ok() ? measured->run.targets.size() : 0) + " peers")) {
      return 1;
    }
    for (auto const& target : measured->run.targets) {
      std::cout << "     -> device " << target.target.key << ": " << qos::ToString(target.status);
      if (target.latency_ms) std::cout << ", " << *target.latency_ms << " ms median round trip";
      if (target.bandwidth_down_kbps) std::cout << ", " << *target.bandwidth_down_kbps << " kbps down";
      std::cout << "\n";
    }
    if (!Check(peer.service->WriteSessionAsync(measured->session, mp::SessionWriteMode::kUpdateExisting).get(),
               peer.xuid + " uploaded its measurements")) {
      return 1;
    }
  }

  std::cout << "5. The service evaluated the measurements; the first host candidate becomes the host\n";
  auto evaluated = Read(peers[0], ref);
  if (!Check(evaluated, "read the evaluated session")) return 1;
  if (evaluated->initializing()) {
    std::cerr << "  error: initialization has not finished (stage " << mp::ToString(evaluated->initializing()->stage)
              << ")\n";
    return 1;
  }
  auto const& candidates = evaluated->host_candidates();
  std::cout << "     host candidates:";
  for (auto const& token : candidates) std::cout << " " << token;
  std::cout << "\n";
  if (candidates.empty()) {
    std::cerr << "  error: the service named no host candidate\n";
    return 1;
  }
  if (!Staged(evaluated->SetHostDeviceToken(candidates.front()), "host device token")) return 1;
  auto hosted = peers[0].service->WriteSessionAsync(*evaluated, mp::SessionWriteMode::kSynchronizedUpdate).get();
  if (!Check(hosted, "host set to " + candidates.front())) return 1;
  std::cout << "     host: " << hosted->session->properties().host_device_token
            << ", candidates cleared: " << (hosted->session->host_candidates().empty() ? "yes" : "no") << "\n";
  std::cout << "qos_lobby finished\n";
  return 0;
}
