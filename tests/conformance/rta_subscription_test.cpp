// rta-protocol: the MPSD subscription resource and its ConnectionIds.
#include "rta_client.h"

#include <set>

namespace xbl::conformance {
namespace {

using RtaSubscription = RtaTest;

TEST_F(RtaSubscription, ResourceIsMatchedInAnyCaseWithOrWithoutSlashOrSuffix) {
  for (std::string uri : {"https://sessiondirectory.xboxlive.com/connections/",
                          "HTTPS://SessionDirectory.XboxLive.com/Connections/",
                          "https://sessiondirectory.xboxlive.com/connections",
                          "https://sessiondirectory.xboxlive.com/connections/0b5d4f38-old-id"}) {
    RtaClient client(emulator_->port());
    ASSERT_EQ(client.Connect(kA), 101);
    client.SendJson(Json::array({1, 1, uri}));
    Json reply = client.Read().json();
    ASSERT_EQ(reply.size(), 5u) << uri << " -> " << reply;
    EXPECT_EQ(reply[2], 0) << uri;
  }
  RtaClient client(emulator_->port());
  ASSERT_EQ(client.Connect(kA), 101);
  client.SendJson(Json::array({1, 1, "https://sessiondirectory.xboxlive.com/connectionsX"}));
  EXPECT_EQ(client.Read().json()[2], 1);
}

TEST_F(RtaSubscription, EachSubscriptionMintsAFreshLowercaseGuid) {
  std::set<std::string> seen;
  RtaClient client(emulator_->port());
  ASSERT_EQ(client.Connect(kA), 101);
  for (int round = 0; round < 5; ++round) {
    client.SendJson(Json::array({1, round, std::string(kMpsdResource) + (round ? *seen.begin() : "")}));
    Json reply = client.Read().json();
    ASSERT_EQ(reply.size(), 5u) << reply;
    ASSERT_EQ(reply[4].size(), 1u) << "DATA holds only ConnectionId: " << reply[4];
    std::string id = reply[4]["ConnectionId"];
    EXPECT_TRUE(IsLowercaseGuid(id)) << id;
    EXPECT_TRUE(seen.insert(id).second) << "reused " << id;  // never an earlier id, even the suffix's
    client.SendJson(Json::array({2, 100 + round, reply[3]}));
    ASSERT_EQ(client.Read().json()[2], 0);
  }
}

TEST_F(RtaSubscription, AUserMayHoldManySocketsEachWithItsOwnId) {
  std::string a1, a2;
  auto s1 = Open(kA, &a1);
  auto s2 = Open(kA, &a2);
  EXPECT_NE(a1, a2);
  Json list = Admin("GET", "/rta/connections").JsonBody()["connections"];
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["xuid"], "1001");
  EXPECT_EQ(list[1]["xuid"], "1001");
}

TEST_F(RtaSubscription, OneSubscriptionCarriesTapsForEverySessionOfItsUser) {
  std::string id;
  auto client = Open(kA, &id);
  ASSERT_EQ(CreateRtaSession(kA, "1001", "one", id).status, 201);
  ASSERT_EQ(CreateRtaSession(kA, "1001", "two", id).status, 201);
  auto first = client->Read().json();
  auto second = client->Read().json();
  EXPECT_EQ(first[1], client->sub_id());
  EXPECT_EQ(second[1], client->sub_id());
  EXPECT_NE(first[2]["shoulderTaps"][0]["resource"].get<std::string>().find("~dyn~one"), std::string::npos);
  EXPECT_NE(second[2]["shoulderTaps"][0]["resource"].get<std::string>().find("~dyn~two"), std::string::npos);
}

TEST_F(RtaSubscription, SubscribeErrorHookAnswersTheNextNWithTheCodeAndMintsNothing) {
  ASSERT_EQ(Admin("POST", "/rta/subscribe-error", Json{{"count", 2}, {"code", 1002}}).status, 200);
  RtaClient a(emulator_->port());
  ASSERT_EQ(a.Connect(kA), 101);
  a.SendJson(Json::array({1, 1, kMpsdResource}));
  EXPECT_EQ(a.Read().json(), Json::array({1, 1, 1002, "ServiceUnavailable"}));
  RtaClient b(emulator_->port());  // any socket
  ASSERT_EQ(b.Connect(kB), 101);
  b.SendJson(Json::array({1, 7, kMpsdResource}));
  EXPECT_EQ(b.Read().json(), Json::array({1, 7, 1002, "ServiceUnavailable"}));
  Json list = Admin("GET", "/rta/connections").JsonBody()["connections"];
  EXPECT_TRUE(list[0]["connectionId"].is_null());
  EXPECT_TRUE(list[1]["subId"].is_null());
  EXPECT_FALSE(a.Subscribe(2).empty());  // the count ran out
  EXPECT_EQ(a.sub_id(), 1);
}

TEST_F(RtaSubscription, SubscribeErrorHookNamesEachCode) {
  std::map<int, std::string> names{{1, "UnknownResource"}, {2, "SubscriptionLimitReached"}, {3, "NoResourceData"},
                                   {1001, "Throttled"}};
  RtaClient client(emulator_->port());
  ASSERT_EQ(client.Connect(kA), 101);
  for (auto const& [code, name] : names) {
    ASSERT_EQ(Admin("POST", "/rta/subscribe-error", Json{{"count", 1}, {"code", code}}).status, 200);
    client.SendJson(Json::array({1, code, kMpsdResource}));
    EXPECT_EQ(client.Read().json(), Json::array({1, code, code, name}));
  }
  EXPECT_EQ(Admin("POST", "/rta/subscribe-error", Json{{"count", 1}, {"code", 4}}).status, 400);
}

}  // namespace
}  // namespace xbl::conformance
