// The SDK's EvaluateInitialization and the emulator settle the cases protocol §3.11 leaves open the
// same way: a required metric that is missing is `network`, a group naming a member who has left
// fails with `group`, members sharing a device are not judged against each other. Measurements
// are written by hand (no UDP), so the outcome is exact. One member never uploads, so measuring
// ends on the manual clock and the prediction is made from the session as it stood while measuring.
#include "xbl/auth.h"
#include "xbl/http/cpprest_http_transport.h"
#include "xbl/multiplayer/multiplayer_service.h"
#include "xbl/qos/qos_session.h"
#include "xbl/testing/local_session_directory.h"

#include <gtest/gtest.h>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace xbl::qos {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
namespace mp = xbl::multiplayer;
using xbl::testing::LocalSessionDirectory;

constexpr char const* kTemplate = "qosagree";

class EvaluatorAgreementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    xbl::testing::LocalSessionDirectoryOptions options;
    options.manual_clock = true;
    options.rate_limit = false;
    directory_ = std::make_unique<LocalSessionDirectory>(options);
    transport_ = MakeCpprestHttpTransport();
  }

  // `requirements`: e.g. {"peerToPeerRequirements": {...}}, merged into constants/system.
  void InstallTemplate(json const& requirements) {
    json system = {{"version", 1},
                   {"maxMembersCount", 6},
                   {"capabilities", {{"connectivity", true}}},
                   {"memberInitialization",
                    {{"joinTimeout", 20000}, {"measurementTimeout", 20000}, {"membersNeededToStart", 1}}}};
    system.update(requirements);
    json document = {{"constants", {{"system", system}}}};
    ASSERT_TRUE(directory_->InstallTemplate(LocalSessionDirectory::kConformanceScid, kTemplate, document));
  }

  mp::MultiplayerService& Service(std::string const& xuid) {
    auto& service = services_[xuid];
    if (!service) {
      ClientOptions options;
      options.endpoint = directory_->base_url();
      options.honor_environment = false;
      options.auth_token_provider = StaticAuthToken("XBL3.0 x=" + xuid + ";device=dev" + xuid);
      service = std::make_unique<mp::MultiplayerService>(transport_, options);
    }
    return *service;
  }

  std::optional<mp::MultiplayerSession> Read(std::string const& xuid) {
    auto read = Service(xuid).GetCurrentSessionAsync(reference_).get();
    if (!read.ok() || !read->session) {
      ADD_FAILURE() << xuid << " could not read the session";
      return std::nullopt;
    }
    auto session = *read->session;
    session.set_current_user_xuid(xuid);
    return session;
  }

  void Write(std::string const& xuid, mp::MultiplayerSession const& session) {
    auto written = Service(xuid).WriteSessionAsync(session, mp::SessionWriteMode::kUpdateExisting).get();
    ASSERT_TRUE(written.ok()) << xuid << ": " << written.error().ToString();
  }

  std::string Address(std::string const& xuid) const {
    auto shared = same_device_.find(xuid);
    return "c2RhLQ" + (shared == same_device_.end() ? xuid : shared->second);
  }

  // Member 0 creates the session with the others reserved for initialization; they join.
  // The last one (kSilent) never uploads, so measuring ends only at measurementTimeout.
  void CreateAndJoin(std::vector<std::string> xuids) {
    xuids.push_back(kSilent);
    mp::MultiplayerSession session(reference_, xuids[0]);
    mp::JoinOptions join;
    join.initialize = true;
    ASSERT_TRUE(session.Join(join).ok());
    ASSERT_TRUE(session.SetCurrentUserSecureDeviceAddress(Address(xuids[0])).ok());
    for (std::size_t i = 1; i < xuids.size(); ++i) ASSERT_TRUE(session.AddMemberReservation(xuids[i], nullptr, true).ok());
    auto created = Service(xuids[0]).WriteSessionAsync(session, mp::SessionWriteMode::kCreateNew).get();
    ASSERT_TRUE(created.ok()) << created.error().ToString();
    for (std::size_t i = 1; i < xuids.size(); ++i) {
      auto current = Read(xuids[i]);
      ASSERT_TRUE(current);
      ASSERT_TRUE(current->Join(join).ok());
      ASSERT_TRUE(current->SetCurrentUserSecureDeviceAddress(Address(xuids[i])).ok());
      Write(xuids[i], *current);
    }
    auto measuring = Read(xuids[0]);
    ASSERT_TRUE(measuring && measuring->initializing());
    ASSERT_EQ(measuring->initializing()->stage, mp::InitializationStage::kMeasuring);
    for (auto const& member : measuring->members()) tokens_[member.xuid] = member.device_token;
  }

  // What `xuid` measured of each peer: `metrics` is written as the entry for that peer's token.
  void Upload(std::string const& xuid, std::map<std::string, json> const& metrics,
              std::vector<std::uint32_t> group = {}) {
    auto current = Read(xuid);
    ASSERT_TRUE(current);
    json measurements = json::object();
    for (auto const& [peer, entry] : metrics) measurements[tokens_.at(peer)] = entry;
    ASSERT_TRUE(current->SetCurrentUserMeasurements(measurements).ok());
    if (!group.empty()) {
      ASSERT_TRUE(current->SetCurrentUserInitializationGroup(group).ok());
    }
    Write(xuid, *current);
  }

  // Predicts from the session while it is still measuring, ends measuring on the manual clock,
  // then returns each member's failure code ("none" if it passed) as the emulator set it, after
  // checking that the local evaluator predicted the same codes and host candidates.
  std::map<std::string, std::string> EndMeasuringAndCompare(std::string const& reader) {
    std::map<std::string, std::string> emulator;
    auto measuring = Read(reader);
    if (!measuring) return emulator;
    EXPECT_TRUE(measuring->initializing() && measuring->initializing()->stage == mp::InitializationStage::kMeasuring);
    auto predicted = EvaluateInitialization(MakeEvaluationInput(*measuring));
    EXPECT_TRUE(directory_->AdvanceClock(20001ms));
    auto final_session = Read(reader);
    if (!final_session) return emulator;
    EXPECT_EQ(final_session->host_candidates(), predicted.host_candidates);
    host_candidates_ = final_session->host_candidates();
    for (auto const& prediction : predicted.members) {
      auto const* member = final_session->member_by_index(static_cast<std::uint32_t>(prediction.member_index));
      if (member == nullptr) {
        ADD_FAILURE() << "no member " << prediction.member_index;
        continue;
      }
      std::string code =
          member->initialization_failure ? std::string(mp::ToString(*member->initialization_failure)) : "none";
      EXPECT_EQ(code, prediction.failure ? std::string(mp::ToString(*prediction.failure)) : "none")
          << "member " << member->xuid;
      emulator[member->xuid] = code;
    }
    return emulator;
  }

  std::unique_ptr<LocalSessionDirectory> directory_;
  std::shared_ptr<HttpTransport> transport_;
  std::map<std::string, std::unique_ptr<mp::MultiplayerService>> services_;
  std::map<std::string, std::string> tokens_;  // xuid -> device token
  std::map<std::string, std::string> same_device_;  // xuid -> the xuid whose device it shares
  std::vector<std::string> host_candidates_;        // as the emulator set them
  static constexpr char const* kSilent = "2009";
  mp::SessionReference reference_{LocalSessionDirectory::kConformanceScid, kTemplate, "agree"};
};

json Full(int latency) { return {{"latency", latency}, {"bandwidthDown", 5000}, {"bandwidthUp", 5000}}; }

json const kPeerToPeer = {{"peerToPeerRequirements", {{"latencyMaximum", 100}, {"bandwidthMinimum", 1000}}}};

TEST_F(EvaluatorAgreementTest, MissingRequiredBandwidthIsNetworkInBoth) {
  InstallTemplate(kPeerToPeer);
  CreateAndJoin({"2001", "2002", "2003"});
  Upload("2001", {{"2002", Full(10)}, {"2003", {{"latency", 10}}}});  // no bandwidth to 2003
  Upload("2002", {{"2001", Full(10)}, {"2003", Full(10)}});
  Upload("2003", {{"2001", Full(10)}, {"2002", {{"latency", 10}, {"bandwidthDown", 5000}}}});  // no up
  auto codes = EndMeasuringAndCompare("2002");
  EXPECT_EQ(codes["2001"], "network");
  EXPECT_EQ(codes["2002"], "none");
  EXPECT_EQ(codes["2003"], "network");
  EXPECT_EQ(codes[kSilent], "timeout");
}

TEST_F(EvaluatorAgreementTest, GroupNamingAMemberWhoLeftFailsInBoth) {
  InstallTemplate(kPeerToPeer);
  CreateAndJoin({"2001", "2002", "2003", "2004"});
  auto measuring = Read("2001");
  ASSERT_TRUE(measuring);
  std::optional<std::uint32_t> leaver_index;
  for (auto const& member : measuring->members()) {
    if (member.xuid == "2004") leaver_index = member.index;
  }
  ASSERT_TRUE(leaver_index);
  auto left = Service("2004").LeaveSessionAsync(reference_).get();
  ASSERT_TRUE(left.ok()) << left.error().ToString();
  Upload("2001", {{"2002", Full(10)}, {"2003", Full(10)}}, {0, *leaver_index});
  Upload("2002", {{"2001", Full(10)}, {"2003", Full(10)}});
  Upload("2003", {{"2001", Full(10)}, {"2002", Full(10)}});
  auto codes = EndMeasuringAndCompare("2002");
  EXPECT_EQ(codes["2001"], "group");
  EXPECT_EQ(codes["2002"], "none");
  EXPECT_EQ(codes["2003"], "none");
}

TEST_F(EvaluatorAgreementTest, MembersSharingADeviceAreNotJudgedAgainstEachOther) {
  InstallTemplate({{"peerToHostRequirements",
                    {{"latencyMaximum", 100}, {"bandwidthDownMinimum", nullptr}, {"bandwidthUpMinimum", nullptr}}},
                   {"peerToPeerRequirements", {{"latencyMaximum", 100}, {"bandwidthMinimum", nullptr}}}});
  same_device_["2002"] = "2001";
  CreateAndJoin({"2001", "2002", "2003"});
  ASSERT_EQ(tokens_["2001"], tokens_["2002"]);
  // One entry per device: 2001 and 2002 measure only 2003's device, 2003 measures theirs once.
  Upload("2001", {{"2003", {{"latency", 30}}}});
  Upload("2002", {{"2003", {{"latency", 30}}}});
  Upload("2003", {{"2001", {{"latency", 10}}}});
  auto codes = EndMeasuringAndCompare("2003");
  EXPECT_EQ(codes["2001"], "none");
  EXPECT_EQ(codes["2002"], "none");
  EXPECT_EQ(codes["2003"], "none");
  EXPECT_EQ(codes[kSilent], "timeout");
  EXPECT_EQ(host_candidates_, (std::vector<std::string>{tokens_["2001"], tokens_["2003"]}))
      << "the shared device once, and first: 2003 reaches it in 10 ms, the others reach 2003 in 30";
}

}  // namespace
}  // namespace xbl::qos
