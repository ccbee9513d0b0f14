// xblmp handles commands against the emulator: activities, invites, transfer and search handles.
#include "xblmp_helpers.h"
#include <gtest/gtest.h>
#include <string>

namespace {

using nlohmann::json;
using xblmp_test::kConformanceScid;
using xblmp_test::kScid;
using xblmp_test::XblmpTest;

std::string Ref(std::string const& name) { return std::string(kScid) + " quick " + name; }

json LastRequest(json const& log, std::string const& method, std::string const& path) {
  json last;
  for (auto const& entry : log["requests"]) {
    if (entry["method"] == method && entry["path"] == path) last = entry;
  }
  return last;
}

TEST_F(XblmpTest, HandlesActivity_SetGetClear) {
  ASSERT_EQ(Xblmp("--xuid 1001 session join " + Ref("act-1") + " --active").status, 0);
  auto set = Xblmp("--json --xuid 1001 handles activity set " + Ref("act-1"));
  ASSERT_EQ(set.status, 0) << set.err;
  EXPECT_EQ(Json(set)["sessionRef"]["name"], "act-1");
  EXPECT_EQ(json::parse(LastRequest(emulator_->Requests(), "POST", "/handles")["body"].get<std::string>())["type"], "activity");

  auto got = Xblmp("--json --xuid 1002 handles activity get " + std::string(kScid) + " --xuid 1001 --xuid 1003");
  ASSERT_EQ(got.status, 0) << got.err;
  auto const results = Json(got)["results"];
  ASSERT_EQ(results.size(), 1u) << got.out;
  EXPECT_EQ(results[0]["ownerXuid"], "1001");
  EXPECT_EQ(results[0]["sessionRef"]["name"], "act-1");
  auto text = Xblmp("--xuid 1002 handles activity get " + std::string(kScid) + " --xuid 1001");
  EXPECT_EQ(text.out.rfind("1 activity handle(s)\n  1001 in " + std::string(kScid) + "/quick/act-1 (handle ", 0), 0u)
      << text.out;

  auto cleared = Xblmp("--json --xuid 1001 handles activity clear " + std::string(kScid));
  ASSERT_EQ(cleared.status, 0) << cleared.err;
  EXPECT_EQ(Json(cleared)["status"], "cleared");
  EXPECT_EQ(LastRequest(emulator_->Requests(), "DELETE", "/handles/" + results[0]["id"].get<std::string>())["status"], 204);
  auto after = Xblmp("--json --xuid 1002 handles activity get " + std::string(kScid) + " --xuid 1001");
  EXPECT_TRUE(Json(after)["results"].empty()) << after.out;
  EXPECT_EQ(Xblmp("--json --xuid 1001 handles activity clear " + std::string(kScid)).status, 0)
      << "no activity is not an error";

  EXPECT_EQ(Xblmp("--xuid 1001 handles activity get " + std::string(kScid)).status, 2) << "--xuid or --social-group";
  EXPECT_EQ(Xblmp("--server handles activity clear " + std::string(kScid)).status, 2) << "needs the global --xuid";
  auto not_member = Xblmp("--xuid 1009 handles activity set " + Ref("act-1"));
  EXPECT_EQ(not_member.status, 1) << not_member.err;
  EXPECT_EQ(not_member.err.rfind("error: forbidden 403 ", 0), 0u) << not_member.err;
}

TEST_F(XblmpTest, HandlesActivity_GetForASocialGroup) {
  ASSERT_EQ(Xblmp("--xuid 1001 session join " + Ref("act-2") + " --active").status, 0);
  ASSERT_EQ(Xblmp("--xuid 1001 handles activity set " + Ref("act-2")).status, 0);
  Admin("PUT", "/_emulator/social", {{"follows", {{"1002", {"1001"}}}}});
  auto got = Xblmp("--json --xuid 1002 handles activity get " + std::string(kScid) + " --social-group people");
  ASSERT_EQ(got.status, 0) << got.err;
  ASSERT_EQ(Json(got)["results"].size(), 1u) << got.out;
  EXPECT_EQ(Json(got)["results"][0]["ownerXuid"], "1001");
  auto const body = json::parse(LastRequest(emulator_->Requests(), "POST", "/handles/query")["body"].get<std::string>());
  EXPECT_EQ(body["owners"]["people"]["moniker"], "people") << body.dump();
}

TEST_F(XblmpTest, HandlesInviteSend_OneHandlePerInvitee_AFailureIsAnErrorLine) {
  ASSERT_EQ(Xblmp("--xuid 1001 session join " + Ref("inv-1") + " --active").status, 0);
  auto sent = Xblmp("--json --xuid 1001 handles invite send " + Ref("inv-1") + " --to 1002 --to 1003 --title-id 123456");
  ASSERT_EQ(sent.status, 0) << sent.err;
  auto const invites = Json(sent)["invites"];
  ASSERT_EQ(invites.size(), 2u);
  EXPECT_EQ(invites[0]["xuid"], "1002");
  EXPECT_EQ(invites[1]["xuid"], "1003");
  EXPECT_FALSE(invites[0]["handleId"].get<std::string>().empty());
  auto const request = json::parse(LastRequest(emulator_->Requests(), "POST", "/handles")["body"].get<std::string>());
  EXPECT_EQ(request["type"], "invite");
  EXPECT_EQ(request["invitedXuid"], "1003");

  auto via_invite = Xblmp("--json --xuid 1002 session get --by-handle " + invites[0]["handleId"].get<std::string>());
  ASSERT_EQ(via_invite.status, 0) << via_invite.err;
  EXPECT_EQ(Json(via_invite)["members"]["0"]["constants"]["system"]["xuid"], "1001");

  auto refused = Xblmp("--json --xuid 1009 handles invite send " + Ref("inv-1") + " --to 1002 --to 1003 --title-id 123456");
  EXPECT_EQ(refused.status, 1);
  auto const failures = Json(refused)["invites"];
  ASSERT_EQ(failures.size(), 2u);
  EXPECT_EQ(failures[0]["error"]["httpStatus"], 403);
  EXPECT_EQ(refused.err,
            "error: forbidden 403 invite to 1002: Only members of the session can send invites.\n"
            "error: forbidden 403 invite to 1003: Only members of the session can send invites.\n");
}

TEST_F(XblmpTest, HandlesTransferCreate_TheLobbysMembersJoinThroughIt) {
  ASSERT_EQ(Xblmp("--xuid 1001 session join " + Ref("lobby-1") + " --active").status, 0);
  ASSERT_EQ(Xblmp("--xuid 1002 session join " + Ref("lobby-1") + " --active").status, 0);
  ASSERT_EQ(Xblmp("--xuid 1001 session join " + Ref("game-1") + " --active").status, 0);
  auto created = Xblmp("--json --xuid 1001 handles transfer create " + Ref("game-1") + " --origin quick/lobby-1");
  ASSERT_EQ(created.status, 0) << created.err;
  auto const handle = Json(created)["handleId"].get<std::string>();
  EXPECT_EQ(Json(created)["originSessionRef"]["name"], "lobby-1");
  auto const body = json::parse(LastRequest(emulator_->Requests(), "POST", "/handles")["body"].get<std::string>());
  EXPECT_EQ(body["type"], "transfer");
  EXPECT_EQ(body["originSessionRef"]["name"], "lobby-1");

  auto joined = Xblmp("--json --xuid 1002 session join --by-handle " + handle + " --active");
  ASSERT_EQ(joined.status, 0) << joined.err;
  EXPECT_EQ(Json(joined)["members"].size(), 2u);
  EXPECT_EQ(Xblmp("--xuid 1003 session join --by-handle " + handle).status, 1) << "not a lobby member: 403";

  EXPECT_EQ(Xblmp("--xuid 1001 handles transfer create " + Ref("game-1") + " --origin lobby-1").status, 2);
  EXPECT_EQ(Xblmp("--xuid 1001 handles transfer create " + Ref("game-1") + " --origin " + std::string(kScid) +
                  "/quick/lobby-1")
                .status,
            0)
      << "SCID/TEMPLATE/NAME";
}

TEST_F(XblmpTest, HandlesSearch_SetQueryClear) {
  std::string const ref = std::string(kConformanceScid) + " srch find-1";
  ASSERT_EQ(Xblmp("--xuid 1001 session join " + ref + " --active").status, 0);
  auto set = Xblmp("--json --xuid 1001 handles search set " + ref + " --tag casual --string mode=ctf --number rank=7");
  ASSERT_EQ(set.status, 0) << set.err;
  auto const handle = Json(set)["id"].get<std::string>();
  auto const body = json::parse(LastRequest(emulator_->Requests(), "POST", "/handles")["body"].get<std::string>());
  EXPECT_EQ(body["searchAttributes"]["tags"], json({"casual"}));
  EXPECT_EQ(body["searchAttributes"]["strings"]["mode"], "ctf");
  EXPECT_EQ(body["searchAttributes"]["numbers"]["rank"], 7);

  std::string const query = "--json --xuid 1002 handles search query " + std::string(kConformanceScid) + " srch";
  auto found = Xblmp(query + " --filter 'numbers/rank ge 5' --order-by numbers/rank --ascending");
  ASSERT_EQ(found.status, 0) << found.err;
  ASSERT_EQ(Json(found)["results"].size(), 1u) << found.out;
  EXPECT_EQ(Json(found)["results"][0]["id"], handle);
  auto none = Xblmp(query + " --filter 'numbers/rank ge 9'");
  ASSERT_EQ(none.status, 0) << none.err;
  EXPECT_TRUE(Json(none)["results"].empty());
  auto text = Xblmp("--xuid 1002 handles search query " + std::string(kConformanceScid) + " srch");
  EXPECT_NE(text.out.find("search handle " + handle + " for " + std::string(kConformanceScid) + "/srch/find-1"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("\n  mode = ctf\n"), std::string::npos) << text.out;

  auto cleared = Xblmp("--json --xuid 1001 handles search clear " + handle);
  ASSERT_EQ(cleared.status, 0) << cleared.err;
  EXPECT_EQ(Json(cleared)["handleId"], handle);
  EXPECT_TRUE(Json(Xblmp(query))["results"].empty());
  EXPECT_EQ(Xblmp("--xuid 1001 handles search clear " + handle).status, 3) << "the handle no longer exists";
  EXPECT_EQ(Xblmp("--xuid 1001 handles search set " + std::string(kConformanceScid) + " srch absent --tag x").status, 3)
      << "no such session";

  EXPECT_EQ(Xblmp("--xuid 1001 handles search set " + ref + " --number rank=high").status, 2);
  EXPECT_EQ(Xblmp("--xuid 1001 handles search set " + ref + " --string novalue").status, 2);
  ASSERT_EQ(Xblmp("--xuid 1001 session join " + Ref("plain") + " --active").status, 0);
  EXPECT_EQ(Xblmp("--xuid 1001 handles search set " + Ref("plain") + " --tag x").status, 1)
      << "quick is not searchable (400)";
}

}  // namespace
