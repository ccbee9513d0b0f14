// xblmp session commands against the emulator: by handle, properties, member and server removal,
// read-modify-write, ETag reads, readable and --json output.
#include "xblmp_helpers.h"
#include <gtest/gtest.h>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

namespace {

using nlohmann::json;
using xblmp_test::kScid;
using xblmp_test::XblmpTest;

std::string Ref(std::string const& name) { return std::string(kScid) + " quick " + name; }

int CountRequests(json const& log, std::string const& method, std::string const& path_part) {
  int count = 0;
  for (auto const& entry : log["requests"]) {
    count += entry["method"] == method && entry["path"].get<std::string>().find(path_part) != std::string::npos;
  }
  return count;
}

TEST_F(XblmpTest, SessionGet_ReadableByDefault_OneJsonDocumentWithJson) {
  ASSERT_EQ(Xblmp("--xuid 1001 session join " + Ref("out-1") + " --active").status, 0);
  auto text = Xblmp("--xuid 1001 session get " + Ref("out-1"));
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_EQ(text.out.rfind("session " + std::string(kScid) + "/quick/out-1: read, etag \"", 0), 0u) << text.out;
  EXPECT_NE(text.out.find("\n        xuid: 1001\n"), std::string::npos) << "nested keys indent:\n" << text.out;
  EXPECT_TRUE(json::parse(text.out, nullptr, false).is_discarded()) << "text, not JSON, by default";
  for (std::string const& args : {"--json --xuid 1001 session get " + Ref("out-1"),
                                 "--xuid 1001 session get " + Ref("out-1") + " --json"}) {
    auto doc = Xblmp(args);
    ASSERT_EQ(doc.status, 0) << doc.err;
    EXPECT_EQ(Json(doc)["members"]["0"]["constants"]["system"]["xuid"], "1001") << args;
  }
}

TEST_F(XblmpTest, SessionGet_WithTheCurrentEtag_IsNotModified) {
  auto joined = Xblmp("--json --xuid 1001 session join " + Ref("etag-1") + " --active");
  ASSERT_EQ(joined.status, 0) << joined.err;
  // The ETag is not part of the session document: the readable header gives it.
  auto text = Xblmp("--xuid 1001 session get " + Ref("etag-1"));
  auto const start = text.out.find("etag ") + 5;
  auto const etag = text.out.substr(start, text.out.find('\n') - start);
  ASSERT_FALSE(etag.empty()) << text.out;
  auto same = Xblmp("--json --xuid 1001 session get " + Ref("etag-1") + " --etag '" + etag + "'");
  EXPECT_EQ(same.status, 0) << same.err;
  EXPECT_EQ(Json(same), json({{"status", "not_modified"}}));
  auto other = Xblmp("--json --xuid 1001 session get " + Ref("etag-1") + " --etag '\"old\"'");
  EXPECT_EQ(other.status, 0) << other.err;
  EXPECT_EQ(Json(other)["members"]["0"]["constants"]["system"]["xuid"], "1001");
}

TEST_F(XblmpTest, SessionGetAndWriteAndJoinByHandle) {
  ASSERT_EQ(Xblmp("--xuid 1001 session join " + Ref("hnd-1") + " --active").status, 0);
  ASSERT_EQ(Xblmp("--xuid 1001 handles activity set " + Ref("hnd-1")).status, 0);
  auto activities = Xblmp("--json --xuid 1001 handles activity get " + std::string(kScid) + " --xuid 1001");
  ASSERT_EQ(activities.status, 0) << activities.err;
  auto const handle = Json(activities)["results"][0]["id"].get<std::string>();

  auto got = Xblmp("--json --xuid 1002 session get --by-handle " + handle);
  ASSERT_EQ(got.status, 0) << got.err;
  EXPECT_EQ(Json(got)["members"]["0"]["constants"]["system"]["xuid"], "1001");

  auto written = Xblmp("--json --xuid 1001 session write --by-handle " + handle + " --body -",
                       R"({"properties":{"custom":{"via":"handle"}}})");
  ASSERT_EQ(written.status, 0) << written.err;
  EXPECT_EQ(Json(written)["properties"]["custom"]["via"], "handle");

  auto joined = Xblmp("--json --xuid 1002 session join --by-handle " + handle + " --active");
  ASSERT_EQ(joined.status, 0) << joined.err;
  EXPECT_EQ(Json(joined)["members"].size(), 2u);
  EXPECT_EQ(CountRequests(emulator_->Requests(), "PUT", "/handles/" + handle + "/session"), 2);
  EXPECT_EQ(CountRequests(emulator_->Requests(), "GET", "/handles/" + handle + "/session"), 1);

  auto missing = Xblmp("--xuid 1002 session get --by-handle 00000000-0000-4000-8000-00000000dead");
  EXPECT_EQ(missing.status, 3) << "a handle that does not exist: " << missing.err;
  EXPECT_EQ(Xblmp("--xuid 1002 session get " + Ref("hnd-1") + " --by-handle " + handle).status, 2)
      << "a reference and a handle are alternatives";
}

TEST_F(XblmpTest, SessionProperties_MergesIntoAnExistingSession_HonouringEtag) {
  ASSERT_EQ(Xblmp("--xuid 1001 session join " + Ref("prop-1") + " --active").status, 0);
  auto merged = Xblmp("--json --xuid 1001 session properties " + Ref("prop-1") + " --body -", R"({"custom":{"round":4}})");
  ASSERT_EQ(merged.status, 0) << merged.err;
  EXPECT_EQ(Json(merged)["properties"]["custom"]["round"], 4);
  EXPECT_EQ(CountRequests(emulator_->Requests(), "PUT", "/sessions/prop-1/properties"), 1);

  auto stale = Xblmp("--json --xuid 1001 session properties " + Ref("prop-1") + " --body - --etag '\"stale\"'",
                     R"({"custom":{"round":5}})");
  EXPECT_EQ(stale.status, 4) << stale.err;
  EXPECT_EQ(Json(stale)["properties"]["custom"]["round"], 4) << "the 412 prints the current session";

  auto missing = Xblmp("--xuid 1001 session properties " + Ref("prop-none") + " --body -", R"({"custom":{"a":1}})");
  EXPECT_EQ(missing.status, 3) << "properties never create a session: " << missing.err;
  EXPECT_EQ(Xblmp("--xuid 1001 session properties " + Ref("prop-1") + " --body -", "[1]").status, 2);
  EXPECT_EQ(Xblmp("--xuid 1001 session properties " + Ref("prop-1") + " --body -", "{").status, 2);
}

TEST_F(XblmpTest, SessionRemoveMember_AsServer) {
  ASSERT_EQ(Xblmp("--xuid 1001 session join " + Ref("rm-1") + " --active").status, 0);
  ASSERT_EQ(Xblmp("--xuid 1002 session join " + Ref("rm-1") + " --active").status, 0);
  auto refused = Xblmp("--xuid 1002 session remove-member " + Ref("rm-1") + " 0");
  EXPECT_EQ(refused.status, 1) << "a member may not remove another (403): " << refused.err;
  EXPECT_EQ(refused.err.rfind("error: forbidden 403 ", 0), 0u) << refused.err;

  auto removed = Xblmp("--json --server session remove-member " + Ref("rm-1") + " 1");
  ASSERT_EQ(removed.status, 0) << removed.err;
  auto const session = Json(removed);
  EXPECT_TRUE(session["members"].contains("0"));
  EXPECT_FALSE(session["members"].contains("1")) << session.dump();
  EXPECT_EQ(CountRequests(emulator_->Requests(), "DELETE", "/sessions/rm-1/members/1"), 1);

  EXPECT_EQ(Xblmp("--server session remove-member " + Ref("rm-1") + " one").status, 2);
  EXPECT_EQ(Xblmp("--server session remove-member " + Ref("rm-none") + " 0").status, 3);
}

TEST_F(XblmpTest, SessionRemoveServer_AsServer) {
  ASSERT_EQ(Xblmp("--xuid 1001 session join " + Ref("srv-1") + " --active").status, 0);
  auto added = Xblmp("--json --server session write " + Ref("srv-1") + " --body -",
                     R"({"servers":{"game":{"constants":{"system":{}}}}})");
  ASSERT_EQ(added.status, 0) << added.err;
  ASSERT_TRUE(Json(added)["servers"].contains("game"));

  auto refused = Xblmp("--xuid 1001 session remove-server " + Ref("srv-1") + " game");
  EXPECT_EQ(refused.status, 1) << refused.err;
  auto removed = Xblmp("--json --server session remove-server " + Ref("srv-1") + " game");
  ASSERT_EQ(removed.status, 0) << removed.err;
  EXPECT_FALSE(Json(removed).contains("servers")) << removed.out;
  EXPECT_EQ(CountRequests(emulator_->Requests(), "DELETE", "/sessions/srv-1/servers/game"), 2)
      << "the refused one and the server's";
}

// The HTTP statuses of the PUTs to a session, in order.
std::vector<int> PutStatuses(json const& log, std::string const& name) {
  std::vector<int> statuses;
  for (auto const& entry : log["requests"]) {
    auto const& path = entry["path"].get_ref<std::string const&>();
    if (entry["method"] == "PUT" && path.size() > name.size() && path.compare(path.size() - name.size(), name.size(), name) == 0) {
      statuses.push_back(entry["status"]);
    }
  }
  return statuses;
}

class XblmpUpdateTest : public XblmpTest {
 protected:
  // Runs `session update` with `args` while another writer changes the session between its read
  // and its write: the update's first PUT gets a 503 with Retry-After: 3, and in that wait (seen
  // in the request log) xuid 1002 sets custom.other. The update's retried PUT then meets a real 412.
  xblmp_test::CommandRun UpdateAgainstAConcurrentWriter(std::string const& name, std::string const& args) {
    Admin("PUT", "/_emulator/faults",
          {{"rules", {{{"method", "PUT"}, {"path", "/sessions/" + name + "$"}, {"status", 503}, {"retry_after", "3"}, {"times", 1}}}}});
    auto const before = PutStatuses(emulator_->Requests(), "/sessions/" + name).size();
    xblmp_test::CommandRun update;
    std::thread updater([&] { update = Xblmp("--json --xuid 1001 session update " + Ref(name) + " " + args); });
    for (int i = 0; i < 500 && PutStatuses(emulator_->Requests(), "/sessions/" + name).size() == before; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    auto other = Xblmp("--xuid 1002 session update " + Ref(name) + " --custom other=1");
    updater.join();
    EXPECT_EQ(other.status, 0) << other.err;
    return update;
  }
};

TEST_F(XblmpUpdateTest, SessionUpdate_ReadModifyWrite_SurvivesAConcurrentWriter) {
  ASSERT_EQ(Xblmp("--xuid 1001 session join " + Ref("upd-1") + " --active").status, 0);
  ASSERT_EQ(Xblmp("--xuid 1002 session join " + Ref("upd-1") + " --active").status, 0);
  ASSERT_EQ(Xblmp("--xuid 1001 session update " + Ref("upd-1") + " --custom gone=1").status, 0);
  auto updated = UpdateAgainstAConcurrentWriter("upd-1", "--custom map='\"dust\"' --delete-custom gone");
  ASSERT_EQ(updated.status, 0) << updated.err;
  EXPECT_EQ(Json(updated)["properties"]["custom"], json({{"map", "dust"}, {"other", 1}})) << "no update is lost";
  EXPECT_EQ(PutStatuses(emulator_->Requests(), "/sessions/upd-1"), (std::vector<int>{201, 200, 200, 503, 200, 412, 200}))
      << "joins, the first update, then: 503, the other writer, the 412 and the write on the current session";
}

TEST_F(XblmpUpdateTest, SessionUpdate_MaxWritesReached_ExitFourWithTheCurrentSession) {
  ASSERT_EQ(Xblmp("--xuid 1001 session join " + Ref("upd-2") + " --active").status, 0);
  ASSERT_EQ(Xblmp("--xuid 1002 session join " + Ref("upd-2") + " --active").status, 0);
  auto gave_up = UpdateAgainstAConcurrentWriter("upd-2", "--custom mine=1 --max-writes 1");
  EXPECT_EQ(gave_up.status, 4) << gave_up.err;
  EXPECT_EQ(gave_up.err.rfind("error: precondition_failed 412 ", 0), 0u) << gave_up.err;
  EXPECT_EQ(Json(gave_up)["properties"]["custom"], json({{"other", 1}})) << "the current session is printed";
  EXPECT_EQ(PutStatuses(emulator_->Requests(), "/sessions/upd-2"), (std::vector<int>{201, 200, 503, 200, 412}));
}

TEST_F(XblmpTest, SessionUpdate_MissingSessionExitsThree_CreateMakesIt_BadInputExitsTwo) {
  auto missing = Xblmp("--xuid 1001 session update " + Ref("upd-none") + " --custom a=1");
  EXPECT_EQ(missing.status, 3) << missing.err;
  // `keep` keeps an empty session (quick would delete it at once).
  std::string const keep = std::string(xblmp_test::kConformanceScid) + " keep upd-new";
  auto created = Xblmp("--json --xuid 1001 session update " + keep + " --custom a=1 --create");
  ASSERT_EQ(created.status, 0) << created.err;
  EXPECT_EQ(Json(created)["properties"]["custom"]["a"], 1);
  EXPECT_EQ(PutStatuses(emulator_->Requests(), "/sessions/upd-new"), (std::vector<int>{201}));

  EXPECT_EQ(Xblmp("--xuid 1001 session update " + Ref("upd-new")).status, 2) << "nothing to change";
  EXPECT_EQ(Xblmp("--xuid 1001 session update " + Ref("upd-new") + " --custom a=notjson").status, 2);
  EXPECT_EQ(Xblmp("--xuid 1001 session update " + Ref("upd-new") + " --custom a=1 --max-writes 0").status, 2);
}

}  // namespace
