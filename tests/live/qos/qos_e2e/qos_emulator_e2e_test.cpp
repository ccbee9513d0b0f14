// End to end: each of four members runs a QosResponder behind its own delay relay, joins a
// session with memberInitialization and peerToHostRequirements, measures the others with
// MeasureSessionAsync and uploads with WriteSessionAsync. The emulator then ends the measuring
// stage; its hostCandidates and initializationFailure values must equal EvaluateInitialization's
// prediction from the uploaded measurements.
#include "wait_for.h"
#include "xbl/auth.h"
#include "xbl/client_options.h"
#include "xbl/http/cpprest_http_transport.h"
#include "xbl/multiplayer/multiplayer_service.h"
#include "xbl/qos/qos_responder.h"
#include "xbl/qos/qos_session.h"
#include "xbl/testing/local_session_directory.h"

#include "live/qos/udp_delay_relay.h"

#include <gtest/gtest.h>
#include <algorithm>
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace xbl::qos {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
namespace mp = xbl::multiplayer;
using testing::RelayLink;
using testing::UdpDelayRelay;
using xbl::testing::LocalSessionDirectory;
using xbl::testing::LocalSessionDirectoryOptions;

constexpr char const* kTemplate = "qose2e";

using testing_support::WaitFor;

// One player: an MPSD identity, a responder reachable through a relay with the given round trip.
struct Player {
  std::string xuid;
  std::unique_ptr<QosResponder> responder;
  std::unique_ptr<UdpDelayRelay> relay;
  std::unique_ptr<mp::MultiplayerService> service;
  std::string secure_device_address;

  Player(std::string id, std::chrono::microseconds round_trip, std::string const& endpoint,
         std::shared_ptr<HttpTransport> const& transport)
      : xuid(std::move(id)) {
    QosResponderOptions options;
    options.bind_address = "127.0.0.1";
    responder = std::make_unique<QosResponder>(options);
    EXPECT_TRUE(responder->Start().ok());
    RelayLink half;
    half.delay = round_trip / 2;
    relay = std::make_unique<UdpDelayRelay>(responder->endpoint(), half, half);
    secure_device_address = EncodeSecureDeviceAddress(relay->endpoint());
    ClientOptions client;
    client.endpoint = endpoint;
    client.honor_environment = false;
    client.auth_token_provider = StaticAuthToken("XBL3.0 x=" + xuid + ";device=dev" + xuid);
    client.retry.initial_delay = 10ms;
    client.retry.max_delay = 100ms;
    client.retry.window = 8s;
    client.attempt_timeout = 2s;  // loopback: a lost exchange is retried soon
    service = std::make_unique<mp::MultiplayerService>(transport, client);
  }

  std::optional<mp::MultiplayerSession> Read(mp::SessionReference const& reference) {
    auto read = WaitFor(service->GetCurrentSessionAsync(reference));
    if (!read || !read->ok() || !(*read)->session) {
      ADD_FAILURE() << xuid << " could not read the session"
                    << (read && !read->ok() ? ": " + read->error().ToString() : std::string());
      return std::nullopt;
    }
    auto session = *(*read)->session;
    session.set_current_user_xuid(xuid);
    return session;
  }

  bool Write(mp::MultiplayerSession const& session, mp::SessionWriteMode mode) {
    auto written = WaitFor(service->WriteSessionAsync(session, mode));
    if (!written || !written->ok()) {
      ADD_FAILURE() << xuid << " could not write the session"
                    << (written && !written->ok() ? ": " + written->error().ToString() : std::string());
      return false;
    }
    return true;
  }
};

class QosEmulatorEndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LocalSessionDirectoryOptions options;
    options.manual_clock = true;  // no MPSD timer fires on its own: stages move only on uploads
    options.rate_limit = false;
    directory_ = std::make_unique<LocalSessionDirectory>(options);
    transport_ = MakeCpprestHttpTransport();
  }

  void InstallTemplate(json peer_to_host) {
    json document = {{"constants",
                      {{"system",
                        {{"version", 1},
                         {"maxMembersCount", 4},
                         {"capabilities", {{"connectivity", true}}},
                         {"memberInitialization",
                          {{"joinTimeout", 20000}, {"measurementTimeout", 20000}, {"membersNeededToStart", 4}}},
                         {"peerToHostRequirements", peer_to_host}}}}}};
    ASSERT_TRUE(directory_->InstallTemplate(LocalSessionDirectory::kConformanceScid, kTemplate, document));
  }

  // Four players with these round trips to their responders.
  void AddPlayers(std::vector<std::chrono::milliseconds> const& round_trips) {
    int id = 1001;
    for (auto rtt : round_trips) {
      players_.push_back(std::make_unique<Player>(std::to_string(id++), rtt, directory_->base_url(), transport_));
    }
  }

  // The first player creates the session with everyone reserved for initialization; the others join.
  void CreateAndJoin() {
    auto& host = *players_[0];
    mp::MultiplayerSession session(reference_, host.xuid);
    mp::JoinOptions join;
    join.initialize = true;
    ASSERT_TRUE(session.Join(join).ok());
    ASSERT_TRUE(session.SetCurrentUserSecureDeviceAddress(host.secure_device_address).ok());
    for (std::size_t i = 1; i < players_.size(); ++i) {
      ASSERT_TRUE(session.AddMemberReservation(players_[i]->xuid, nullptr, true).ok());
    }
    ASSERT_TRUE(host.Write(session, mp::SessionWriteMode::kCreateNew));
    for (std::size_t i = 1; i < players_.size(); ++i) {
      auto& player = *players_[i];
      auto current = player.Read(reference_);
      ASSERT_TRUE(current.has_value());
      ASSERT_TRUE(current->Join(join).ok());
      ASSERT_TRUE(current->SetCurrentUserSecureDeviceAddress(player.secure_device_address).ok());
      ASSERT_TRUE(player.Write(*current, mp::SessionWriteMode::kUpdateExisting));
    }
  }

  // The first `uploaders` players (default: all) each measure the others and upload: the single
  // call plus the single write.
  void MeasureAndUpload(std::size_t uploaders = 4) {
    QosMeasurerOptions options;
    options.probes_per_target = 9;
    options.probe_interval = 20ms;
    options.probe_timeout = 500ms;
    options.train_size = 8;
    for (std::size_t i = 0; i < uploaders && i < players_.size(); ++i) {
      auto& player = players_[i];
      auto current = player->Read(reference_);
      ASSERT_TRUE(current.has_value());
      ASSERT_TRUE(current->initializing().has_value());
      EXPECT_EQ(current->initializing()->stage, mp::InitializationStage::kMeasuring);
      auto measured = WaitFor(MeasureSessionAsync(*current, options));
      ASSERT_TRUE(measured.has_value());
      ASSERT_TRUE(measured->ok()) << measured->error().ToString();
      EXPECT_EQ((*measured)->run.targets.size(), players_.size() - 1);
      ASSERT_TRUE(player->Write((*measured)->session, mp::SessionWriteMode::kUpdateExisting));
    }
  }

  // The emulator's outcome against the local evaluator's prediction from the same uploads.
  void ExpectEmulatorMatchesPrediction(mp::MultiplayerSession const& final_session, EvaluationResult const& predicted) {
    std::vector<std::string> emulator_candidates = final_session.host_candidates();
    EXPECT_EQ(emulator_candidates, predicted.host_candidates);
    for (auto const& prediction : predicted.members) {
      auto const* member = final_session.member_by_index(static_cast<std::uint32_t>(prediction.member_index));
      ASSERT_NE(member, nullptr);
      std::string emulator = member->initialization_failure
                                 ? std::string(mp::ToString(*member->initialization_failure))
                                 : std::string("none");
      std::string local = prediction.failure ? std::string(mp::ToString(*prediction.failure)) : "none";
      EXPECT_EQ(emulator, local) << "member " << prediction.member_index;
    }
  }

  // Prediction input: the episode as it stood while measuring, with everyone's uploads.
  EvaluationInput PredictionInput(mp::MultiplayerSession const& final_session) {
    auto input = MakeEvaluationInput(final_session);
    input.members_needed_to_start = 4;  // episode 1, automatic evaluation
    return input;
  }

  std::string TokenOf(mp::MultiplayerSession const& session, std::size_t player) {
    for (auto const& m : session.members()) {
      if (m.xuid == players_[player]->xuid) return m.device_token;
    }
    return {};
  }

  mp::SessionReference reference_{LocalSessionDirectory::kConformanceScid, kTemplate, "qos-e2e"};
  std::unique_ptr<LocalSessionDirectory> directory_;
  std::shared_ptr<HttpTransport> transport_;
  std::vector<std::unique_ptr<Player>> players_;
};

TEST_F(QosEmulatorEndToEndTest, HostCandidates_AndFailures_MatchTheLocalEvaluator) {
  InstallTemplate({{"latencyMaximum", 150}, {"bandwidthDownMinimum", 1}, {"bandwidthUpMinimum", 1},
                   {"hostSelectionMetric", "latency"}});
  // Distinct distances, so the emulator has an order to decide; the fourth is too far to host.
  AddPlayers({0ms, 40ms, 80ms, 200ms});
  CreateAndJoin();
  if (HasFatalFailure()) return;
  MeasureAndUpload();
  if (HasFatalFailure()) return;

  auto final_session = players_[0]->Read(reference_);
  ASSERT_TRUE(final_session.has_value());
  EXPECT_FALSE(final_session->initializing().has_value()) << "every member passed: the episode completed";
  auto predicted = EvaluateInitialization(PredictionInput(*final_session));

  // Sanity of the measurements themselves, in ways a stalled machine cannot break: delays only
  // add, so the 200 ms player is never eligible, and the 0 ms player is (its median would need a
  // stall over most of its 160 ms probing window). The exact order is the emulator's to confirm.
  auto const& candidates = predicted.host_candidates;
  auto has = [&](std::size_t player) {
    return std::find(candidates.begin(), candidates.end(), TokenOf(*final_session, player)) != candidates.end();
  };
  EXPECT_TRUE(has(0));
  EXPECT_FALSE(has(3));
  EXPECT_LE(candidates.size(), 3u);
  EXPECT_TRUE(predicted.episode_succeeded);
  for (auto const& m : predicted.members) EXPECT_FALSE(m.failure.has_value()) << m.member_index;
  ExpectEmulatorMatchesPrediction(*final_session, predicted);
}

TEST_F(QosEmulatorEndToEndTest, NoEligibleHost_EveryoneFailsLatency_AsPredicted) {
  InstallTemplate({{"latencyMaximum", 5}, {"bandwidthDownMinimum", 1}, {"bandwidthUpMinimum", 1}});
  AddPlayers({10ms, 12ms, 14ms, 16ms});
  CreateAndJoin();
  if (HasFatalFailure()) return;
  MeasureAndUpload();
  if (HasFatalFailure()) return;

  auto final_session = players_[0]->Read(reference_);
  ASSERT_TRUE(final_session.has_value());
  ASSERT_TRUE(final_session->initializing().has_value());
  EXPECT_EQ(final_session->initializing()->stage, mp::InitializationStage::kFailed);
  auto predicted = EvaluateInitialization(PredictionInput(*final_session));

  EXPECT_TRUE(predicted.host_candidates.empty());
  EXPECT_FALSE(predicted.episode_succeeded);
  for (auto const& m : predicted.members) {
    EXPECT_EQ(m.failure, std::optional<mp::InitializationFailure>(mp::InitializationFailure::kLatency)) << m.member_index;
  }
  ExpectEmulatorMatchesPrediction(*final_session, predicted);
}

TEST_F(QosEmulatorEndToEndTest, MemberThatNeverUploads_TimesOutAndFailsTheEpisode_AsPredicted) {
  InstallTemplate({{"latencyMaximum", 150}, {"bandwidthDownMinimum", 1}, {"bandwidthUpMinimum", 1}});
  AddPlayers({0ms, 40ms, 80ms, 0ms});
  CreateAndJoin();
  if (HasFatalFailure()) return;
  MeasureAndUpload(3);  // the fourth player measures nothing
  if (HasFatalFailure()) return;
  auto measuring = players_[0]->Read(reference_);
  ASSERT_TRUE(measuring.has_value());
  ASSERT_TRUE(measuring->initializing().has_value());
  EXPECT_EQ(measuring->initializing()->stage, mp::InitializationStage::kMeasuring) << "still waiting for the fourth";
  auto predicted = EvaluateInitialization(MakeEvaluationInput(*measuring));

  ASSERT_TRUE(directory_->AdvanceClock(20001ms));  // past measurementTimeout
  auto final_session = players_[0]->Read(reference_);
  ASSERT_TRUE(final_session.has_value());
  ASSERT_TRUE(final_session->initializing().has_value());
  EXPECT_EQ(final_session->initializing()->stage, mp::InitializationStage::kFailed);

  EXPECT_FALSE(predicted.episode_succeeded) << "three of the four needed members pass";
  ASSERT_EQ(predicted.members.size(), 4u);
  EXPECT_EQ(predicted.members[3].failure, std::optional<mp::InitializationFailure>(mp::InitializationFailure::kTimeout));
  EXPECT_EQ(predicted.members[0].failure, std::optional<mp::InitializationFailure>(mp::InitializationFailure::kEpisode));
  ExpectEmulatorMatchesPrediction(*final_session, predicted);
}

}  // namespace
}  // namespace xbl::qos
