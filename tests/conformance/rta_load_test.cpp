// Fan-out and soak over real WebSockets: one write tapping 100 sockets, and 10,000 commits across
// 50 sockets with seeded random drops and reconnects (rta-protocol ).
#include "rta_client.h"
#include "support/process_usage.h"


#include <random>
#include <set>

namespace xbl::conformance {
namespace {

using RtaLoad = RtaTest;

std::string Auth(int xuid) { return "XBL3.0 x=" + std::to_string(xuid) + ";device=d" + std::to_string(xuid); }

using xbl::testing_support::OpenFileDescriptors;

TEST_F(RtaLoad, FanOutOneWriteTapsEachOfAHundredSocketsOnce) {
  constexpr int kMembers = 100;
  std::vector<std::unique_ptr<RtaClient>> clients;
  std::vector<std::string> auths;
  for (int i = 0; i < kMembers; ++i) {
    auths.push_back(Auth(2001 + i));
    std::string id;
    clients.push_back(Open(auths.back().c_str(), &id));
    ASSERT_FALSE(id.empty());
    Json body = BoundMe(std::to_string(2001 + i), id, Json::array({"customProperty"}));
    if (i == 0)
      body["constants"] = {{"system", {{"maxMembersCount", kMembers}, {"capabilities", {{"connectionRequiredForActiveMembers", true}}}}}};
    Response r = Put(auths.back().c_str(), SessionPath("dyn", "fan"), body);
    ASSERT_TRUE(r.status == 200 || r.status == 201) << r.body;
  }
  Json write;
  write["properties"]["custom"]["round"] = 1;
  Response r = Put(auths[0].c_str(), SessionPath("dyn", "fan"), write);
  ASSERT_EQ(r.status, 200);
  std::int64_t change = r.JsonBody()["changeNumber"];
  for (int i = 0; i < kMembers; ++i) {
    auto events = DrainUntilMarker(*clients[i], i + 1);
    ASSERT_EQ(events.size(), 1u) << "socket " << i + 1;
    EXPECT_EQ(events[0][2]["shoulderTaps"][0]["changeNumber"], change);
    EXPECT_EQ(events[0][2]["shoulderTaps"].size(), 1u);
  }
}

// Each user holds one socket; its memberships are tracked here and checked against every tap it
// receives: a tap for a session the user is not in fails.
TEST_F(RtaLoad, SoakOfTenThousandCommitsWithDropsAndReconnects) {
  constexpr int kUsers = 50;
  constexpr int kSessions = 5;
  constexpr int kCommits = 10000;
  std::mt19937 random(20260101);
  struct User {
    std::string auth;
    std::string xuid;
    std::unique_ptr<RtaClient> client;
    std::string connection;
    int socket = 0;
    std::set<int> sessions;
  };
  std::vector<User> users(kUsers);
  int next_socket = 1;
  auto connect = [&](User& u) {
    u.client = Open(u.auth.c_str(), &u.connection);
    u.socket = next_socket++;
  };
  int violations = 0;
  // Reads every frame queued for `u` (up to a resync marker) and checks each tap against the
  // membership it had while they were queued: `u` is drained before every join and leave.
  auto drain = [&](User& u) {
    for (auto const& event : DrainUntilMarker(*u.client, u.socket))
      for (auto const& tap : event[2]["shoulderTaps"]) {
        std::string resource = tap["resource"];
        if (!u.sessions.count(resource.back() - '0')) ++violations;
      }
  };
  for (int i = 0; i < kUsers; ++i) {
    users[i].xuid = std::to_string(3001 + i);
    users[i].auth = Auth(3001 + i);
    connect(users[i]);
  }
  std::size_t const fds_at_start = OpenFileDescriptors();
  int commits = 0, drops = 0;
  auto path = [](int s) { return SessionPath("dyn", "soak" + std::to_string(s)); };
  std::vector<bool> exists(kSessions, false);
  for (int step = 0; commits < kCommits && step < 4 * kCommits; ++step) {
    User& u = users[random() % kUsers];
    int s = static_cast<int>(random() % kSessions);
    unsigned roll = random() % 100;
    if (roll < 2) {  // drop the socket and reconnect; rebind in every session
      drain(u);
      ASSERT_EQ(Admin("POST", "/rta/connections/" + std::to_string(u.socket) + "/drop").status, 200);
      ++drops;
      connect(u);
      for (int joined : u.sessions) {
        Json rebind = JoinBody(u.xuid);
        rebind["members"]["me"]["properties"]["system"]["connection"] = u.connection;
        Response r = Put(u.auth.c_str(), path(joined), rebind);
        ASSERT_EQ(r.status, 200) << r.body;
        ++commits;
      }
      continue;
    }
    if (!u.sessions.count(s)) {
      drain(u);
      Json body = BoundMe(u.xuid, u.connection, Json::array({"everything"}));
      if (!exists[s])
        body["constants"] = {{"system", {{"maxMembersCount", kUsers}, {"capabilities", {{"connectionRequiredForActiveMembers", true}}}}}};
      Response r = Put(u.auth.c_str(), path(s), body);
      ASSERT_TRUE(r.status == 200 || r.status == 201) << r.status << " " << r.body;
      exists[s] = true;
      u.sessions.insert(s);
      ++commits;
    } else if (roll < 12) {
      drain(u);
      Response r = Delete(u.auth.c_str(), path(s) + "/members/me");
      ASSERT_TRUE(r.status == 200 || r.status == 204) << r.body;
      if (r.status == 204) exists[s] = false;  // the last member left: the session is gone
      u.sessions.erase(s);
      ++commits;
    } else {
      Json w;
      w["members"]["me"]["properties"]["custom"]["step"] = step;
      Response r = Put(u.auth.c_str(), path(s), w);
      ASSERT_EQ(r.status, 200) << r.body;
      ++commits;
    }
    if (step % 500 == 499)
      for (auto& each : users) drain(each);
  }
  for (auto& each : users) drain(each);
  EXPECT_EQ(commits, kCommits);
  EXPECT_GT(drops, 50);
  EXPECT_EQ(violations, 0);
  // Dropped sockets are closed on both ends: the process holds no more fds than at the start.
  EXPECT_LE(OpenFileDescriptors(), fds_at_start + 4);
  EXPECT_EQ(Admin("GET", "/rta/connections").JsonBody()["connections"].size(), static_cast<std::size_t>(kUsers));
}

}  // namespace
}  // namespace xbl::conformance
