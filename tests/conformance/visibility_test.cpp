// Protocol §4.8: visibility and joinability (§3.6, §3.10).
#include "conformance_fixture.h"

namespace xbl::conformance {
namespace {

class Visibility : public ConformanceTest {
 protected:
  Response Reserve(char const* who, std::string const& path, std::string const& xuid) {
    return Put(who, path, Json{{"members", {{"reserve_0", {{"constants", {{"system", {{"xuid", xuid}}}}}}}}}});
  }
};

TEST_F(Visibility, Conformance_4_8_74_PrivateSessionReadByNonMemberReturns403) {
  Create(kA, "1001", "priv", "p1");
  auto r = Get(kC, SessionPath("priv", "p1"));
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.Header("content-type").find("text/plain"), std::string::npos);
  EXPECT_NE(r.body.find("Private Sessions can only be read by members of the session"), std::string::npos);
}

TEST_F(Visibility, Conformance_4_8_75_ReservedUserReadsAndJoinsPrivateSession) {
  Create(kA, "1001", "priv", "p1");
  ASSERT_EQ(Reserve(kA, SessionPath("priv", "p1"), "1003").status, 200);
  EXPECT_EQ(Get(kC, SessionPath("priv", "p1")).status, 200);
  EXPECT_EQ(Put(kC, SessionPath("priv", "p1"), JoinBody("1003")).status, 200);
}

TEST_F(Visibility, Conformance_4_8_76_VisibleSessionReadableButNotJoinable) {
  Create(kA, "1001", "vis", "v1");
  EXPECT_EQ(Get(kC, SessionPath("vis", "v1")).status, 200);
  auto r = Put(kC, SessionPath("vis", "v1"), JoinBody("1003"));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.Header("content-type"), "application/json");
  EXPECT_EQ(r.JsonBody()["membersInfo"]["count"], 1);
}

TEST_F(Visibility, Conformance_4_8_77_OpenSessionJoinable) {
  Create(kA, "1001", "open", "s1");
  EXPECT_EQ(Put(kC, SessionPath("open", "s1"), JoinBody("1003")).status, 200);
}

TEST_F(Visibility, Conformance_4_8_79_FollowedJoinRestriction) {
  Create(kA, "1001", "open", "s1");
  ASSERT_EQ(Put(kA, SessionPath("open", "s1"), Json{{"properties", {{"system", {{"joinRestriction", "followed"}}}}}}).status,
            200);
  ASSERT_EQ(Admin("PUT", "/social", Json{{"follows", {{"1001", {"1003"}}}}}).status, 200);
  EXPECT_EQ(Put(kC, SessionPath("open", "s1"), JoinBody("1003")).status, 200);
  EXPECT_EQ(Put(kE, SessionPath("open", "s1"), JoinBody("1005")).status, 403);
}

TEST_F(Visibility, Conformance_4_8_81_ClosedBlocksJoinsButNotReservations) {
  Create(kA, "1001", "open", "s1");
  ASSERT_EQ(Reserve(kA, SessionPath("open", "s1"), "1002").status, 200);
  ASSERT_EQ(Put(kA, SessionPath("open", "s1"), Json{{"properties", {{"system", {{"closed", true}}}}}}).status, 200);
  EXPECT_EQ(Put(kC, SessionPath("open", "s1"), JoinBody("1003")).status, 403);
  EXPECT_EQ(Put(kB, SessionPath("open", "s1"), JoinBody("1002")).status, 200);
}

TEST_F(Visibility, LocalJoinRestrictionAllowsSameDevice) {
  Create(kA, "1001", "open", "s1");
  ASSERT_EQ(Put(kA, SessionPath("open", "s1"), Json{{"properties", {{"system", {{"joinRestriction", "local"}}}}}}).status,
            200);
  EXPECT_EQ(Put(kC, SessionPath("open", "s1"), JoinBody("1003")).status, 403);
  EXPECT_EQ(Put(kA2, SessionPath("open", "s1"), JoinBody("1004")).status, 200);
}

TEST_F(Visibility, NonMemberCannotWritePropertiesOfVisibleSession) {
  Create(kA, "1001", "vis", "v1");
  auto r = Put(kC, SessionPath("vis", "v1"), Json{{"properties", {{"custom", {{"x", 1}}}}}});
  EXPECT_EQ(r.status, 403);
  EXPECT_FALSE(Get(kA, SessionPath("vis", "v1")).JsonBody()["properties"]["custom"].contains("x"));
}

TEST_F(Visibility, AnyUserWritesPropertiesOfOpenSession) {
  Create(kA, "1001", "open", "s1");
  auto r = Put(kC, SessionPath("open", "s1"), Json{{"properties", {{"custom", {{"x", 1}}}}}});
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.JsonBody()["properties"]["custom"]["x"], 1);
}

}  // namespace
}  // namespace xbl::conformance
