// Protocol §3.11 beyond §4: later episodes and bandwidth host selection.
#include "conformance_fixture.h"

namespace xbl::conformance {
namespace {

class Episodes : public ConformanceTest {
 protected:
  Json Reserve(std::string const& key, std::string const& xuid) {
    return Json{{key, {{"constants", {{"system", {{"xuid", xuid}, {"initialize", true}}}}}}}};
  }
};

TEST_F(Episodes, MemberAddedAfterEpisodeOneRunsEpisodeTwo) {
  Json body = JoinBody("1001");
  body["members"]["me"]["constants"]["system"]["initialize"] = true;
  body["constants"] = {{"system", {{"memberInitialization", {{"membersNeededToStart", 1}}}}}};
  auto created = Put(kA, SessionPath("dyn", "e1"), body);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_FALSE(created.JsonBody().contains("initializing"));  // episode 1 done at once
  auto reserved = Put(kA, SessionPath("dyn", "e1"), Json{{"members", Reserve("reserve_0", "1002")}});
  ASSERT_EQ(reserved.status, 200);
  Json s = reserved.JsonBody();
  EXPECT_EQ(s["initializing"]["stage"], "joining");
  EXPECT_EQ(s["initializing"]["episode"], 2);
  EXPECT_EQ(s["members"]["1"]["initializationEpisode"], 2);
  auto joined = Put(kB, SessionPath("dyn", "e1"), JoinBody("1002"));
  ASSERT_EQ(joined.status, 200);
  EXPECT_FALSE(joined.JsonBody().contains("initializing"));
  EXPECT_FALSE(joined.JsonBody()["members"]["1"].contains("initializationEpisode"));
}

TEST_F(Episodes, EpisodeOneSkippedWhenNothingToInitialize) {
  Json body = JoinBody("1001");
  body["constants"] = {{"system", {{"memberInitialization", {{"membersNeededToStart", 0}}}}}};
  auto created = Put(kA, SessionPath("dyn", "e0"), body);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_FALSE(created.JsonBody().contains("initializing"));
}

TEST_F(Episodes, HostCandidatesByBandwidthUpPreferTheWidestLink) {
  Json p2h = {{"latencyMaximum", 500}, {"bandwidthDownMinimum", 100}, {"bandwidthUpMinimum", 100},
              {"hostSelectionMetric", "bandwidthup"}};
  Json body = {{"constants",
                {{"system",
                  {{"capabilities", {{"connectivity", true}}},
                   {"memberInitialization", {{"membersNeededToStart", 1}}},
                   {"peerToHostRequirements", p2h}}}}}};
  body["members"] = Reserve("reserve_0", "1001");
  body["members"]["reserve_1"] = Reserve("r", "1002")["r"];
  ASSERT_EQ(Put(kSrv, SessionPath("dyn", "bw"), body).status, 201);
  auto sda = [&](char const* who, std::string const& xuid, std::string const& address) {
    Json join = JoinBody(xuid);
    join["members"]["me"]["properties"]["system"]["secureDeviceAddress"] = address;
    return Put(who, SessionPath("dyn", "bw"), join);
  };
  sda(kA, "1001", "AAAA");
  Json s = sda(kB, "1002", "BBBB").JsonBody();
  std::string ta = s["members"]["0"]["deviceToken"], tb = s["members"]["1"]["deviceToken"];
  auto measure = [&](char const* who, std::string const& to, int up) {
    Json m = {{to, {{"latency", 50}, {"bandwidthDown", 1000}, {"bandwidthUp", up}}}};
    return Put(who, SessionPath("dyn", "bw"), Json{{"members", {{"me", {{"properties", {{"system", {{"measurements", m}}}}}}}}}});
  };
  measure(kA, tb, 300);  // A -> B: 300 kbps up
  Json done = measure(kB, ta, 900).JsonBody();  // B -> A: 900 kbps up: A is the better host
  EXPECT_EQ(done["hostCandidates"], (Json{ta, tb}));
}

}  // namespace
}  // namespace xbl::conformance
