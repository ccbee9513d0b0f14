// rta-protocol: end of a connection, the grace period on the emulator clock, decay,
// and the maximum socket age.
#include "rta_client.h"

#include <thread>

namespace xbl::conformance {
namespace {

enum class Ending { kClientClose, kClientAbort, kUnsubscribe, kDropHook, kCloseHook };

class RtaDecay : public RtaTest, public ::testing::WithParamInterface<Ending> {
 protected:
  // A watches dyn/s; B is bound in it on socket 2.
  void SetUpPair() {
    a_ = Open(kA, &a_id_);
    b_ = Open(kB, &b_id_);
    ASSERT_EQ(CreateRtaSession(kA, "1001", "s", a_id_).status, 201);
    ASSERT_EQ(JoinRta(kB, "1002", "s", b_id_).status, 200);
    DrainUntilMarker(*a_, 1);
    DrainUntilMarker(*b_, 2);
  }
  void EndB(Ending how) {
    switch (how) {
      case Ending::kClientClose:
        b_->Close(1000);
        break;
      case Ending::kClientAbort:
        b_->Abort();
        break;
      case Ending::kUnsubscribe:
        b_->SendJson(Json::array({2, 50, b_->sub_id()}));
        ASSERT_EQ(b_->Read().json(), Json::array({2, 50, 0}));
        return;
      case Ending::kDropHook:
        ASSERT_EQ(Admin("POST", "/rta/connections/2/drop").status, 200);
        return;
      case Ending::kCloseHook:
        ASSERT_EQ(Admin("POST", "/rta/connections/2/close", Json{{"code", 4000}}).status, 200);
        return;
    }
    // A client-side end is noticed asynchronously: wait (bounded) until the id is retired.
    for (int i = 0; i < 500 && !Retired(b_id_); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  bool Retired(std::string const& id) {
    Json list = Admin("GET", "/rta/connections").JsonBody();
    for (auto const& r : list["retired"])
      if (r["connectionId"] == id) return true;
    return false;
  }
  Json MemberB() { return Get(kA, SessionPath("dyn", "s")).JsonBody()["members"]["1"]; }
  std::unique_ptr<RtaClient> a_, b_;
  std::string a_id_, b_id_;
};

TEST_P(RtaDecay, MemberTurnsInactiveExactlyAtTheEndOfTheGracePeriod) {
  SetUpPair();
  Advance(500);
  EndB(GetParam());
  ASSERT_TRUE(Retired(b_id_));
  Json retired = Admin("GET", "/rta/connections").JsonBody()["retired"][0];
  EXPECT_EQ(retired["retiredAt"], "2026-01-01T00:00:00.5000000Z");
  EXPECT_EQ(retired["graceEndsAt"], "2026-01-01T00:00:30.5000000Z");
  EXPECT_EQ(retired["xuid"], "1002");
  Advance(29999);
  EXPECT_TRUE(DrainUntilMarker(*a_, 1).empty());  // one tick early: nothing
  // Peek without a GET (a GET would run timers): B is still active in the stored document.
  Advance(1);
  auto events = DrainUntilMarker(*a_, 1);
  ASSERT_EQ(events.size(), 1u);
  Json tap = events[0][2]["shoulderTaps"][0];
  EXPECT_EQ(tap["timestamp"], "2026-01-01T00:00:30.5000000Z");
  EXPECT_EQ(tap["changeNumber"], 3);
  Json s = Get(kA, SessionPath("dyn", "s")).JsonBody();
  // inactiveRemovalTimeout (default 0 under 107) then removes B at this next request.
  EXPECT_FALSE(s["members"].contains("1")) << s;
  EXPECT_EQ(s["changeNumber"], 4);
  EXPECT_TRUE(Admin("GET", "/rta/connections").JsonBody()["retired"].empty());
}

std::string EndingName(::testing::TestParamInfo<Ending> const& info) {
  static char const* const kNames[] = {"ClientClose", "ClientAbort", "Unsubscribe", "DropHook", "CloseHook"};
  return kNames[static_cast<int>(info.param)];
}

INSTANTIATE_TEST_SUITE_P(Endings, RtaDecay,
                         ::testing::Values(Ending::kClientClose, Ending::kClientAbort, Ending::kUnsubscribe,
                                           Ending::kDropHook, Ending::kCloseHook),
                         EndingName);

using RtaDecayRules = RtaDecay;

TEST_F(RtaDecayRules, DecayRemovesActiveAndActiveTitleIdWhenTheMemberStays) {
  a_ = Open(kA, &a_id_);
  b_ = Open(kB, &b_id_);
  Json body = BoundMe("1001", a_id_, Json::array({"everything"}));
  body["constants"] = {{"system",
                        {{"inactiveRemovalTimeout", nullptr},
                         {"capabilities", {{"connectionRequiredForActiveMembers", true}}}}}};
  ASSERT_EQ(Put(kA, SessionPath("dyn", "s"), body).status, 201);
  ASSERT_EQ(JoinRta(kB, "1002", "s", b_id_).status, 200);
  ASSERT_TRUE(MemberB().contains("activeTitleId"));
  ASSERT_EQ(Admin("POST", "/rta/connections/2/drop").status, 200);
  Advance(30000);
  Json b = MemberB();
  EXPECT_FALSE(b["properties"]["system"].contains("active")) << b;
  EXPECT_FALSE(b.contains("activeTitleId")) << b;
  EXPECT_EQ(b["properties"]["system"]["connection"], b_id_);  // stored as written
}

TEST_F(RtaDecayRules, DecayDeletesTheMembersActivityHandle) {
  SetUpPair();
  Json handle{{"version", 1},
              {"type", "activity"},
              {"sessionRef", {{"scid", kScid}, {"templateName", "dyn"}, {"name", "s"}}}};
  ASSERT_EQ(Post(kB, "/handles", handle).status, 204);
  auto handles_of_b = [&] {
    Response r = Post(kB, "/handles/query", Json{{"type", "activity"}, {"scid", kScid}, {"owners", {{"xuids", {"1002"}}}}});
    EXPECT_EQ(r.status, 200) << r.body;
    return r.JsonBody()["results"].size();
  };
  ASSERT_EQ(handles_of_b(), 1u);
  ASSERT_EQ(Admin("POST", "/rta/connections/2/drop").status, 200);
  Advance(29999);
  EXPECT_EQ(handles_of_b(), 1u);
  Advance(1);
  EXPECT_EQ(handles_of_b(), 0u);
}

TEST_F(RtaDecayRules, GraceChangeAppliesToIdsRetiredAfterIt) {
  SetUpPair();
  std::string c_id;
  auto c = Open(kC, &c_id);
  ASSERT_EQ(JoinRta(kC, "1003", "s", c_id).status, 200);
  DrainUntilMarker(*a_, 1);
  ASSERT_EQ(Admin("POST", "/rta/connections/2/drop").status, 200);  // B: 30 s
  ASSERT_EQ(Admin("PUT", "/rta/settings", Json{{"grace_ms", 5000}}).status, 200);
  ASSERT_EQ(Admin("POST", "/rta/connections/3/drop").status, 200);  // C: 5 s
  Advance(4999);
  EXPECT_TRUE(DrainUntilMarker(*a_, 1).empty());
  Advance(1);
  auto events = DrainUntilMarker(*a_, 1);
  ASSERT_EQ(events.size(), 1u) << Json(events).dump();  // C only
  EXPECT_EQ(events[0][2]["shoulderTaps"][0]["timestamp"], "2026-01-01T00:00:05.0000000Z");
  Advance(24999);
  EXPECT_TRUE(DrainUntilMarker(*a_, 1).empty());
  Advance(1);
  EXPECT_EQ(DrainUntilMarker(*a_, 1).size(), 2u);  // the timer removing C, then B's decay
}

TEST_F(RtaDecayRules, SeveralDeadlinesInOneAdvanceFireInOrderAtTheirOwnInstants) {  // definitions: time
  SetUpPair();
  std::string c_id;
  auto c = Open(kC, &c_id);
  ASSERT_EQ(JoinRta(kC, "1003", "s", c_id).status, 200);
  DrainUntilMarker(*a_, 1);
  ASSERT_EQ(Admin("POST", "/rta/connections/3/drop").status, 200);  // C at t=0
  Advance(700);
  ASSERT_EQ(Admin("POST", "/rta/connections/2/drop").status, 200);  // B at t=0.7 s
  Advance(60000);
  auto events = DrainUntilMarker(*a_, 1);
  // C decays at 30 s; at 30.7 s B's decay first runs the lazy timers (removing inactive C, a
  // commit of its own) and then decays B.
  ASSERT_EQ(events.size(), 3u);
  auto tap = [&](std::size_t i) { return events[i][2]["shoulderTaps"][0]; };
  EXPECT_EQ(tap(0)["timestamp"], "2026-01-01T00:00:30.0000000Z");
  EXPECT_EQ(tap(1)["timestamp"], "2026-01-01T00:00:30.7000000Z");
  EXPECT_EQ(tap(2)["timestamp"], "2026-01-01T00:00:30.7000000Z");
  EXPECT_LT(tap(0)["changeNumber"], tap(1)["changeNumber"]);
  EXPECT_LT(tap(1)["changeNumber"], tap(2)["changeNumber"]);
  Json s = Get(kA, SessionPath("dyn", "s")).JsonBody();
  EXPECT_FALSE(s["members"].contains("2"));  // C removed
}

TEST_F(RtaDecayRules, MemberThatLeftOrWentInactiveIsNotTouched) {
  SetUpPair();
  ASSERT_EQ(Admin("POST", "/rta/connections/2/drop").status, 200);
  Json inactive;
  inactive["members"]["me"]["properties"]["system"]["active"] = false;
  ASSERT_EQ(Put(kB, SessionPath("dyn", "s"), inactive).status, 200);
  std::int64_t before = Get(kA, SessionPath("dyn", "s")).JsonBody()["changeNumber"];
  DrainUntilMarker(*a_, 1);
  Advance(30000);
  EXPECT_TRUE(DrainUntilMarker(*a_, 1).empty());
  EXPECT_EQ(Get(kA, SessionPath("dyn", "s")).JsonBody()["changeNumber"], before);
}

TEST_F(RtaDecayRules, SocketIsDroppedAtItsMaximumAge) {
  ASSERT_EQ(Admin("PUT", "/rta/settings", Json{{"max_age_ms", 10000}}).status, 200);
  SetUpPair();
  Advance(9999);
  EXPECT_EQ(Admin("GET", "/rta/connections").JsonBody()["connections"].size(), 2u)
      << Admin("GET", "/rta/connections").body;
  Advance(1);
  EXPECT_EQ(a_->Read().kind, RtaFrame::Kind::kLost);  // no close frame: the client sees 1006
  EXPECT_EQ(b_->Read().kind, RtaFrame::Kind::kLost);
  Json list = Admin("GET", "/rta/connections").JsonBody();
  EXPECT_TRUE(list["connections"].empty());
  ASSERT_EQ(list["retired"].size(), 2u);
  EXPECT_EQ(list["retired"][0]["retiredAt"], "2026-01-01T00:00:10.0000000Z");
}

TEST_F(RtaDecayRules, ChangedMaximumAgeAppliesAtOnceCountedFromTheUpgrade) {
  a_ = Open(kA, &a_id_);
  Advance(5000);
  ASSERT_EQ(Admin("PUT", "/rta/settings", Json{{"max_age_ms", 3000}}).status, 200);
  Advance(0);
  EXPECT_EQ(a_->Read().kind, RtaFrame::Kind::kLost);
  Json retired = Admin("GET", "/rta/connections").JsonBody()["retired"][0];
  EXPECT_EQ(retired["retiredAt"], "2026-01-01T00:00:03.0000000Z");
}

}  // namespace
}  // namespace xbl::conformance

namespace xbl::conformance {
namespace {

// On the real clock a background ticker fires the deadlines (within 250 ms of their instant); the
// wait here is bounded and only checks that the decay happens without any clock call.
TEST(RtaRealClock, GracePeriodEndsWithoutClockCalls) {
  testing::LocalSessionDirectoryOptions options;
  options.rate_limit = false;
  options.rta_grace = std::chrono::milliseconds(50);
  testing::LocalSessionDirectory emulator(options);
  HttpClient http(emulator.port());
  std::map<std::string, std::string> a{{"X-Xbl-Contract-Version", "107"}, {"Authorization", kA}};
  std::map<std::string, std::string> b{{"X-Xbl-Contract-Version", "107"}, {"Authorization", kB}};
  RtaClient a_socket(emulator.port()), b_socket(emulator.port());
  ASSERT_EQ(a_socket.Connect(kA), 101);
  ASSERT_EQ(b_socket.Connect(kB), 101);
  std::string a_id = a_socket.Subscribe(), b_id = b_socket.Subscribe();
  Json create = JoinBody("1001");
  create["members"]["me"]["properties"]["system"]["connection"] = a_id;
  create["constants"] = {{"system", {{"capabilities", {{"connectionRequiredForActiveMembers", true}}}}}};
  ASSERT_EQ(http.Send("PUT", SessionPath("dyn", "s"), a, create.dump()).status, 201);
  Json join = JoinBody("1002");
  join["members"]["me"]["properties"]["system"]["connection"] = b_id;
  ASSERT_EQ(http.Send("PUT", SessionPath("dyn", "s"), b, join.dump()).status, 200);
  ASSERT_EQ(http.Send("POST", "/_emulator/rta/connections/2/drop").status, 200);
  bool decayed = false;
  for (int i = 0; i < 250 && !decayed; ++i) {  // bounded: about 5 s
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    Json s = http.Send("GET", SessionPath("dyn", "s"), a).JsonBody();
    decayed = !s["members"].contains("1") || !s["members"]["1"]["properties"]["system"].contains("active");
  }
  EXPECT_TRUE(decayed);
}

}  // namespace
}  // namespace xbl::conformance
