// rta-protocol R-6 to R-12 and the bad-input rules: framing, SEQ and SUB_ID, malformed frames.
#include "rta_client.h"

namespace xbl::conformance {
namespace {

using RtaFraming = RtaTest;

TEST_F(RtaFraming, SeqIsEchoedExactlyWhateverItIs) {  // R-6
  RtaClient client(emulator_->port());
  ASSERT_EQ(client.Connect(kA), 101);
  for (std::int64_t seq : {0LL, -7LL, 9000000000LL, 0LL}) {
    client.SendJson(Json::array({1, seq, kMpsdResource}));
    Json reply = client.Read().json();
    ASSERT_TRUE(reply.is_array()) << reply;
    EXPECT_EQ(reply[1], seq);
    EXPECT_EQ(reply[2], 0);
  }
}

TEST_F(RtaFraming, SubIdsStartAtOneAndAreNeverReusedOnASocket) {  // R-7
  RtaClient client(emulator_->port());
  ASSERT_EQ(client.Connect(kA), 101);
  ASSERT_FALSE(client.Subscribe(1).empty());
  EXPECT_EQ(client.sub_id(), 1);
  client.SendJson(Json::array({2, 2, 1}));
  EXPECT_EQ(client.Read().json(), Json::array({2, 2, 0}));
  ASSERT_FALSE(client.Subscribe(3).empty());
  EXPECT_EQ(client.sub_id(), 2);
  RtaClient other(emulator_->port());  // per socket: another socket starts at 1 again
  ASSERT_EQ(other.Connect(kA), 101);
  ASSERT_FALSE(other.Subscribe().empty());
  EXPECT_EQ(other.sub_id(), 1);
}

TEST_F(RtaFraming, SubscribeToAnotherResourceIsUnknownResource) {  // R-8
  RtaClient client(emulator_->port());
  ASSERT_EQ(client.Connect(kA), 101);
  client.SendJson(Json::array({1, 4, "https://social.xboxlive.com/users/xuid(1001)/friends"}));
  Json reply = client.Read().json();
  ASSERT_EQ(reply.size(), 4u) << reply;
  EXPECT_EQ(reply[0], 1);
  EXPECT_EQ(reply[1], 4);
  EXPECT_EQ(reply[2], 1);
  EXPECT_NE(reply[3].get<std::string>().find("social.xboxlive.com"), std::string::npos);
  client.SendJson(Json::array({1, 5, 42}));
  reply = client.Read().json();
  EXPECT_EQ(reply[2], 1);
  EXPECT_TRUE(reply[3].is_string());
}

TEST_F(RtaFraming, SecondMpsdSubscribeReturnsTheSameSubscription) {  // R-9
  RtaClient client(emulator_->port());
  ASSERT_EQ(client.Connect(kA), 101);
  std::string id = client.Subscribe(1);
  client.SendJson(Json::array({1, 2, kMpsdResource}));
  EXPECT_EQ(client.Read().json(), Json::array({1, 2, 0, 1, {{"ConnectionId", id}}}));
  EXPECT_EQ(Admin("GET", "/rta/connections").JsonBody()["connections"][0]["connectionId"], id);
}

TEST_F(RtaFraming, UnsubscribeOfStandingUnknownOrEndedSubId) {  // R-10
  RtaClient client(emulator_->port());
  ASSERT_EQ(client.Connect(kA), 101);
  client.SendJson(Json::array({2, 1, 1}));
  EXPECT_EQ(client.Read().json(), Json::array({2, 1, 1}));  // nothing standing yet
  ASSERT_FALSE(client.Subscribe(2).empty());
  client.SendJson(Json::array({2, 3, 77}));
  EXPECT_EQ(client.Read().json(), Json::array({2, 3, 1}));
  client.SendJson(Json::array({2, 4, 1}));
  EXPECT_EQ(client.Read().json(), Json::array({2, 4, 0}));
  client.SendJson(Json::array({2, 5, 1}));
  EXPECT_EQ(client.Read().json(), Json::array({2, 5, 1}));  // already ended
}

struct MalformedCase {
  char const* name;
  std::string text;
};

class RtaMalformed : public RtaTest, public ::testing::WithParamInterface<MalformedCase> {};

TEST_P(RtaMalformed, ClosesWith1007AndAReason) {  // R-11
  RtaClient client(emulator_->port());
  ASSERT_EQ(client.Connect(kA), 101);
  client.SendText(GetParam().text);
  RtaFrame f = client.Read();
  ASSERT_EQ(f.kind, RtaFrame::Kind::kClosed) << f.text;
  EXPECT_EQ(f.close_code, 1007);
  EXPECT_FALSE(f.close_reason.empty());
}

std::string MalformedName(::testing::TestParamInfo<MalformedCase> const& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(
    Frames, RtaMalformed,
    ::testing::Values(MalformedCase{"NotJson", "[1, 2,"}, MalformedCase{"NotArray", R"({"type":1})"},
                      MalformedCase{"EmptyArray", "[]"}, MalformedCase{"TypeNotInteger", R"(["1", 1, "x"])"},
                      MalformedCase{"TypeFloat", "[1.5, 1]"}, MalformedCase{"SubscribeSeqNotInteger", R"([1, "a", "x"])"},
                      MalformedCase{"SubscribeWithoutSeq", "[1]"}, MalformedCase{"UnsubscribeSeqNotInteger", "[2, null, 1]"},
                      MalformedCase{"InvalidUtf8", "[1, 1, \"\xff\xfe\"]"}),
    MalformedName);

TEST_F(RtaFraming, BinaryFrameClosesWith1003) {  // R-11
  RtaClient client(emulator_->port());
  ASSERT_EQ(client.Connect(kA), 101);
  client.SendBinary("[1,1,\"x\"]");
  RtaFrame f = client.Read();
  ASSERT_EQ(f.kind, RtaFrame::Kind::kClosed);
  EXPECT_EQ(f.close_code, 1003);
}

TEST_F(RtaFraming, OtherMessageTypesAreIgnoredAndTheSocketStaysOpen) {  // R-11
  RtaClient client(emulator_->port());
  ASSERT_EQ(client.Connect(kA), 101);
  for (char const* text : {"[0]", "[3, 1, {}]", "[4]", "[9, \"x\"]", "[-1]"}) client.SendText(text);
  EXPECT_FALSE(client.Subscribe(1).empty());  // the next reply is the Subscribe's: nothing else was sent
}

TEST_F(RtaFraming, PingGetsPongAndTheServerNeverPings) {  // R-12
  RtaClient client(emulator_->port());
  ASSERT_EQ(client.Connect(kA), 101);
  client.Ping();
  client.Ping();
  ASSERT_FALSE(client.Subscribe().empty());  // replies are written in order: the pongs came first
  EXPECT_EQ(client.pongs(), 2);
  Advance(3600 * 1000);  // an hour of emulator time: still no server ping (Read sees only [4])
  int socket = SocketOf(Admin("GET", "/rta/connections").JsonBody()["connections"][0]["connectionId"]);
  EXPECT_TRUE(DrainUntilMarker(client, socket).empty());
}

TEST_F(RtaFraming, OversizedMessageClosesWith1009) {  // bad input: the 64 KiB message limit
  RtaClient client(emulator_->port());
  ASSERT_EQ(client.Connect(kA), 101);
  client.SendText("[9, \"" + std::string(70 * 1024, 'x') + "\"]");
  RtaFrame f = client.Read();
  ASSERT_EQ(f.kind, RtaFrame::Kind::kClosed);
  EXPECT_EQ(f.close_code, 1009);
}

TEST_F(RtaFraming, MessageJustUnderTheLimitIsServed) {  // bad input: the limit is inclusive
  RtaClient client(emulator_->port());
  ASSERT_EQ(client.Connect(kA), 101);
  std::string filler(64 * 1024 - 10, 'x');
  client.SendText("[9,\"" + filler + "\"]");  // 64 KiB - 4 bytes: ignored, not closed
  EXPECT_FALSE(client.Subscribe().empty());
}

TEST_F(RtaFraming, MalformedSocketDoesNotDisturbOthers) {  // bad input: other sockets keep working
  std::string id;
  auto good = Open(kB, &id);
  RtaClient bad(emulator_->port());
  ASSERT_EQ(bad.Connect(kA), 101);
  bad.SendText("not json");
  EXPECT_EQ(bad.Read().close_code, 1007);
  good->SendJson(Json::array({1, 9, kMpsdResource}));
  EXPECT_EQ(good->Read().json(), Json::array({1, 9, 0, 1, {{"ConnectionId", id}}}));
}

TEST_F(RtaFraming, SubscribeFloodIsAnsweredInOrderWithoutBlockingOthers) {  // bad input: floods
  RtaClient flood(emulator_->port());
  ASSERT_EQ(flood.Connect(kA), 101);
  constexpr int kFlood = 2000;
  for (int i = 1; i <= kFlood; ++i) flood.SendJson(Json::array({1, i, kMpsdResource}));
  std::string other_id;
  auto other = Open(kB, &other_id);  // served while the flood is in flight
  EXPECT_FALSE(other_id.empty());
  std::string first;
  for (int i = 1; i <= kFlood; ++i) {
    Json reply = flood.Read().json();
    ASSERT_TRUE(reply.is_array()) << "reply " << i;
    ASSERT_EQ(reply[1], i);
    ASSERT_EQ(reply[3], 1);  // one subscription: every later Subscribe gets the same SUB_ID
    if (i == 1) first = reply[4]["ConnectionId"];
    ASSERT_EQ(reply[4]["ConnectionId"], first);
  }
}

}  // namespace
}  // namespace xbl::conformance
