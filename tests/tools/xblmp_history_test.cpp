// xblmp session history against the emulator: each kept version with its cause and patch, readable
// or --json; a deleted session's history; exit 3 for a session the emulator never had.
#include "xblmp_helpers.h"
#include <gtest/gtest.h>
#include <string>

namespace {

using nlohmann::json;
using xblmp_test::kScid;
using xblmp_test::XblmpTest;

std::string Ref(std::string const& name) { return std::string(kScid) + " quick " + name; }

TEST_F(XblmpTest, SessionHistory_PrintsEachVersionWithItsCauseAndPatch) {
  ASSERT_EQ(Xblmp("--xuid 1001 session join " + Ref("hist-1") + " --active").status, 0);
  auto updated = Xblmp("--xuid 1001 session update " + Ref("hist-1") + " --custom round=3");
  ASSERT_EQ(updated.status, 0) << updated.err;
  auto text = Xblmp("session history " + Ref("hist-1"));
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_EQ(text.out.rfind("session " + std::string(kScid) + " quick hist-1 (live), 2 version(s) kept\n", 0), 0u)
      << text.out;
  std::string const path = "/serviceconfigs/" + std::string(kScid) + "/sessiontemplates/quick/sessions/hist-1";
  EXPECT_NE(text.out.find("\nchange 1  "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("Z  request PUT " + path + " by 1001  [everything membersList]\n"), std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("  add (whole document) {"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("change 2  "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("  add /properties/custom/round 3\n"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("  replace /changeNumber 2\n"), std::string::npos) << text.out;

  auto doc = Xblmp("--json session history " + Ref("hist-1"));
  ASSERT_EQ(doc.status, 0) << doc.err;
  json body = Json(doc);
  ASSERT_EQ(body["versions"].size(), 2u);
  EXPECT_EQ(body["versions"][1]["cause"]["identity"], "1001");
}

TEST_F(XblmpTest, SessionHistory_OfADeletedSessionShowsTheDeletionAndWho) {
  ASSERT_EQ(Xblmp("--xuid 1001 session join " + Ref("hist-2") + " --active").status, 0);
  ASSERT_EQ(Xblmp("--xuid 1001 session leave " + Ref("hist-2")).status, 0);
  auto text = Xblmp("session history " + Ref("hist-2"));
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_NE(text.out.find("(deleted), 2 version(s) kept"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("\ndeleted  "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("Z  request DELETE "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("/members/me by 1001\n  replace (whole document) null\n"), std::string::npos) << text.out;
}

TEST_F(XblmpTest, SessionHistory_OfASessionNeverSeenExitsThree) {
  auto run = Xblmp("session history " + Ref("never"));
  EXPECT_EQ(run.status, 3) << run.err;
  EXPECT_EQ(run.out, "");
  EXPECT_NE(run.err.find("404"), std::string::npos) << run.err;
}

}  // namespace
