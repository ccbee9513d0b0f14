// Session history over HTTP (GET /_emulator/sessions, .../{scid}/{template}/{name} and .../history):
// each committed version with its change number, time, cause and JSON Patch from the version before;
// deletions recorded with their cause and kept until they age out; looking never runs a timer.
#include "conformance_fixture.h"
#include "emulator.h"

#include <algorithm>

namespace xbl::conformance {
namespace {

std::string Ref(std::string const& template_name, std::string const& name) {
  return std::string("/sessions/") + kScid + "/" + template_name + "/" + name;
}

bool HasOp(Json const& patch, std::string const& op, std::string const& path) {
  return std::any_of(patch.begin(), patch.end(), [&](Json const& o) { return o["op"] == op && o["path"] == path; });
}

class SessionHistory : public ConformanceTest {
 protected:
  Json History(std::string const& template_name, std::string const& name) {
    auto r = Admin("GET", Ref(template_name, name) + "/history");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.JsonBody();
  }
  Json Sessions(std::string const& query = "") {
    auto r = Admin("GET", "/sessions" + (query.empty() ? "" : "?" + query));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.JsonBody()["sessions"];
  }
  static std::vector<std::string> Names(Json const& sessions) {
    std::vector<std::string> names;
    for (auto const& s : sessions) names.push_back(s["name"].get<std::string>());
    std::sort(names.begin(), names.end());
    return names;
  }
};

TEST_F(SessionHistory, EachCommitIsAVersionWithItsCauseTimeAndPatch) {
  Create(kA, "1001", "open", "h1");
  Advance(1500);
  Json custom;
  custom["properties"]["custom"]["map"] = "dust";
  Json join = JoinBody("1002");
  join.update(custom);
  ASSERT_EQ(Put(kB, SessionPath("open", "h1"), join).status, 200);
  Json h = History("open", "h1");
  EXPECT_TRUE(h["live"].get<bool>());
  ASSERT_EQ(h["versions"].size(), 2u);
  Json const& first = h["versions"][0];
  EXPECT_EQ(first["changeNumber"], 1);
  EXPECT_EQ(first["time"], "2026-01-01T00:00:00.0000000Z");
  EXPECT_EQ(first["cause"]["method"], "PUT");
  EXPECT_EQ(first["cause"]["identity"], "1001");
  ASSERT_EQ(first["patch"].size(), 1u);  // the first version is the whole document
  EXPECT_EQ(first["patch"][0]["op"], "add");
  EXPECT_EQ(first["patch"][0]["path"], "");
  EXPECT_EQ(first["patch"][0]["value"]["changeNumber"], 1);
  Json const& second = h["versions"][1];
  EXPECT_EQ(second["changeNumber"], 2);
  EXPECT_EQ(second["time"], "2026-01-01T00:00:01.5000000Z");
  EXPECT_EQ(second["cause"]["kind"], "request");
  EXPECT_EQ(second["cause"]["path"], SessionPath("open", "h1"));
  EXPECT_EQ(second["cause"]["identity"], "1002");
  EXPECT_FALSE(second["deleted"].get<bool>());
  Json const& patch = second["patch"];
  EXPECT_TRUE(HasOp(patch, "replace", "/changeNumber")) << patch.dump();
  EXPECT_TRUE(HasOp(patch, "add", "/properties/custom/map")) << patch.dump();
  EXPECT_TRUE(HasOp(patch, "add", "/members/1")) << patch.dump();
  EXPECT_FALSE(HasOp(patch, "add", "/members/0")) << patch.dump();
  auto types = second["changeTypes"];
  EXPECT_NE(std::find(types.begin(), types.end(), "membersList"), types.end());
}

TEST_F(SessionHistory, ApplyingEveryPatchInOrderGivesTheCurrentDocument) {
  Create(kA, "1001", "open", "h2");
  ASSERT_EQ(Put(kB, SessionPath("open", "h2"), JoinBody("1002")).status, 200);
  Json custom;
  custom["properties"]["custom"]["list"] = Json::array({1, 2, 3});
  ASSERT_EQ(Put(kA, SessionPath("open", "h2"), custom).status, 200);
  custom["properties"]["custom"]["list"] = Json::array({1});
  ASSERT_EQ(Put(kA, SessionPath("open", "h2"), custom).status, 200);
  ASSERT_EQ(Delete(kB, SessionPath("open", "h2") + "/members/me").status, 200);
  Json doc;
  Json const versions = History("open", "h2")["versions"];
  ASSERT_EQ(versions.size(), 5u);
  for (auto const& v : versions) doc = doc.patch(v["patch"]);
  auto detail = Admin("GET", Ref("open", "h2")).JsonBody();
  EXPECT_EQ(nlohmann::json::parse(doc.dump()), nlohmann::json::parse(detail["session"].dump()));  // key order aside
}

TEST_F(SessionHistory, DeletionIsRecordedWithItsCauseAndTheSessionStaysListedAsNotLive) {
  Create(kA, "1001", "open", "gone");
  ASSERT_EQ(Delete(kA, SessionPath("open", "gone") + "/members/me").status, 204);
  EXPECT_EQ(Get(kA, SessionPath("open", "gone")).status, 204);  // no such session
  Json h = History("open", "gone");
  EXPECT_FALSE(h["live"].get<bool>());
  ASSERT_EQ(h["versions"].size(), 2u);
  Json const& last = h["versions"][1];
  EXPECT_TRUE(last["deleted"].get<bool>());
  EXPECT_EQ(last["cause"]["method"], "DELETE");
  EXPECT_EQ(last["cause"]["path"], SessionPath("open", "gone") + "/members/me");
  EXPECT_EQ(last["cause"]["identity"], "1001");
  EXPECT_EQ(last["patch"], Json::parse(R"([{"op":"replace","path":"","value":null}])"));
  auto listed = Sessions();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_FALSE(listed[0]["live"].get<bool>());
  EXPECT_EQ(listed[0]["lastCause"]["method"], "DELETE");
  auto detail = Admin("GET", Ref("open", "gone"));
  ASSERT_EQ(detail.status, 200);
  EXPECT_FALSE(detail.JsonBody()["live"].get<bool>());
  EXPECT_EQ(detail.JsonBody()["session"]["members"]["0"]["constants"]["system"]["xuid"], "1001");
}

TEST_F(SessionHistory, ATimerDeletionNamesTheTimerAndTheRequestThatRanIt) {
  Create(kA, "1001", "timers", "t1");
  ASSERT_EQ(Delete(kA, SessionPath("timers", "t1") + "/members/me").status, 200);  // empty, 1 s to live
  Advance(1000);
  EXPECT_EQ(Get(kB, SessionPath("timers", "t1")).status, 204);  // the read ran the timer: gone
  Json versions = History("timers", "t1")["versions"];
  ASSERT_EQ(versions.size(), 3u);
  EXPECT_TRUE(versions[2]["deleted"].get<bool>());
  EXPECT_EQ(versions[2]["cause"]["kind"], "timer");
  EXPECT_EQ(versions[2]["cause"]["method"], "GET");
  EXPECT_EQ(versions[2]["cause"]["identity"], "1002");
  EXPECT_EQ(versions[2]["time"], "2026-01-01T00:00:01.0000000Z");
}

TEST_F(SessionHistory, ARecreatedSessionStartsAgainFromAWholeDocument) {
  Create(kA, "1001", "open", "again");
  ASSERT_EQ(Delete(kA, SessionPath("open", "again") + "/members/me").status, 204);
  Create(kB, "1002", "open", "again");
  Json versions = History("open", "again")["versions"];
  ASSERT_EQ(versions.size(), 3u);
  EXPECT_EQ(versions[2]["patch"][0]["path"], "");
  EXPECT_EQ(versions[2]["patch"][0]["value"]["members"]["0"]["constants"]["system"]["xuid"], "1002");
  EXPECT_TRUE(Sessions()[0]["live"].get<bool>());
}

TEST_F(SessionHistory, DetailShowsTheDocumentAndItsTimersWithDeadlinesWithoutRunningThem) {
  ASSERT_EQ(Put(kA, SessionPath("timers", "d1"), JoinBody("1001", false)).status, 201);  // inactive: 1 s
  Advance(400);
  auto r = Admin("GET", Ref("timers", "d1"));
  ASSERT_EQ(r.status, 200) << r.body;
  Json d = r.JsonBody();
  EXPECT_TRUE(d["live"].get<bool>());
  EXPECT_EQ(d["session"]["changeNumber"], 1);
  EXPECT_EQ(d["now"], "2026-01-01T00:00:00.4000000Z");
  EXPECT_TRUE(d["manualClock"].get<bool>());
  ASSERT_EQ(d["timers"].size(), 1u);
  EXPECT_EQ(d["timers"][0]["timeout"], "inactiveRemovalTimeout");
  EXPECT_EQ(d["timers"][0]["member"], "0");
  EXPECT_EQ(d["timers"][0]["deadline"], "2026-01-01T00:00:01.0000000Z");
  EXPECT_EQ(d["timers"][0]["remainingMs"], 600);
  EXPECT_EQ(d["members"][0]["status"], "inactive");
  Advance(2000);
  // The timer is due, but looking does not run it: the session is unchanged until a real read.
  d = Admin("GET", Ref("timers", "d1")).JsonBody();
  EXPECT_EQ(d["session"]["changeNumber"], 1);
  EXPECT_EQ(d["timers"][0]["remainingMs"], 0);
  EXPECT_EQ(History("timers", "d1")["versions"].size(), 1u);
}

TEST_F(SessionHistory, ListFiltersByScidTemplateAndMemberXuid) {
  Create(kA, "1001", "open", "f1");
  Create(kB, "1002", "open", "f2");
  Create(kA, "1001", "timers", "f3");
  EXPECT_EQ(Names(Sessions()), (std::vector<std::string>{"f1", "f2", "f3"}));
  EXPECT_EQ(Names(Sessions("xuid=1001")), (std::vector<std::string>{"f1", "f3"}));
  EXPECT_EQ(Names(Sessions("template=OPEN")), (std::vector<std::string>{"f1", "f2"}));
  EXPECT_EQ(Names(Sessions("template=open&xuid=1002")), (std::vector<std::string>{"f2"}));
  EXPECT_EQ(Names(Sessions(std::string("scid=") + kScid)).size(), 3u);
  EXPECT_TRUE(Sessions("scid=00000000-0000-0000-0000-000000000000").empty());
  Json f1;
  for (auto const& s : Sessions("xuid=1002"))
    if (s["name"] == "f2") f1 = s;
  ASSERT_EQ(f1["members"].size(), 1u);
  EXPECT_EQ(f1["members"][0]["xuid"], "1002");
  EXPECT_EQ(f1["members"][0]["status"], "active");
  EXPECT_EQ(f1["visibility"], "open");
  EXPECT_TRUE(f1["live"].get<bool>());
}

TEST_F(SessionHistory, UnknownSessionsAnswer404AndOnlyGetIsServed) {
  EXPECT_EQ(Admin("GET", Ref("open", "never")).status, 404);
  EXPECT_EQ(Admin("GET", Ref("open", "never") + "/history").status, 404);
  EXPECT_EQ(Admin("GET", std::string("/sessions/") + kScid + "/open").status, 404);
  EXPECT_EQ(Admin("DELETE", "/sessions").status, 405);
}

TEST_F(SessionHistory, ResetForgetsTheHistory) {
  Create(kA, "1001", "open", "r1");
  ASSERT_EQ(Admin("POST", "/reset").status, 200);
  EXPECT_EQ(Admin("GET", Ref("open", "r1") + "/history").status, 404);
  EXPECT_TRUE(Sessions().empty());
}

TEST_F(SessionHistory, MarkupInNamesAndPropertiesComesBackAsJsonText) {
  Json body = JoinBody("1001");
  body["properties"]["custom"]["note"] = "<script>alert(1)</script>";
  ASSERT_EQ(Put(kA, SessionPath("open", "%3Ci%3Ex"), body).status, 201);
  auto listed = Sessions();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["name"], "<i>x");
  auto h = Admin("GET", Ref("open", "%3Ci%3Ex") + "/history");
  ASSERT_EQ(h.status, 200) << h.body;
  EXPECT_EQ(h.Header("content-type").rfind("application/json", 0), 0u);
  EXPECT_EQ(h.JsonBody()["versions"][0]["patch"][0]["value"]["properties"]["custom"]["note"],
            "<script>alert(1)</script>");
}

// The bounds, with an emulator whose history is small.
class SessionHistoryBounds : public ::testing::Test {
 protected:
  void Start(std::size_t per_session, std::size_t total) {
    emulator::EmulatorOptions options;
    options.manual_clock = true;
    options.rate_limit = false;
    options.history.versions_per_session = per_session;
    options.history.total_versions = total;
    emu_ = std::make_unique<emulator::Emulator>(options);
    std::string error;
    ASSERT_TRUE(emu_->Start("127.0.0.1", 0, 1, &error)) << error;
    client_ = std::make_unique<HttpClient>(emu_->port());
  }
  void Write(char const* who, std::string const& name, Json const& body, int status) {
    auto r = client_->Send("PUT", SessionPath("open", name),
                           {{"X-Xbl-Contract-Version", "107"}, {"Authorization", who}}, body.dump());
    ASSERT_EQ(r.status, status) << r.body;
  }
  Json Versions(std::string const& name) {
    auto r = client_->Send("GET", "/_emulator" + Ref("open", name) + "/history");
    return r.status == 200 ? r.JsonBody()["versions"] : Json();
  }
  std::unique_ptr<emulator::Emulator> emu_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(SessionHistoryBounds, ASessionKeepsOnlyItsLastNVersions) {
  Start(3, 1000);
  Write(kA, "n", JoinBody("1001"), 201);
  for (int i = 0; i < 5; ++i) {
    Json custom;
    custom["properties"]["custom"]["i"] = i;
    Write(kA, "n", custom, 200);
  }
  Json versions = Versions("n");
  ASSERT_EQ(versions.size(), 3u);
  EXPECT_EQ(versions[0]["changeNumber"], 4);
  EXPECT_EQ(versions[2]["changeNumber"], 6);
  EXPECT_EQ(emu_->state().history.total_versions(), 3u);
}

TEST_F(SessionHistoryBounds, ADeletedSessionsHistoryAgesOutAsOtherSessionsChange) {
  Start(100, 4);
  Write(kA, "old", JoinBody("1001"), 201);
  auto left = client_->Send("DELETE", SessionPath("open", "old") + "/members/me",
                            {{"X-Xbl-Contract-Version", "107"}, {"Authorization", kA}});
  ASSERT_EQ(left.status, 204);
  ASSERT_EQ(Versions("old").size(), 2u);
  Write(kB, "new", JoinBody("1002"), 201);
  Json custom;
  custom["properties"]["custom"]["k"] = 1;
  Write(kB, "new", custom, 200);
  ASSERT_EQ(Versions("old").size(), 2u);  // four versions in all: still within the bound
  custom["properties"]["custom"]["k"] = 2;
  Write(kB, "new", custom, 200);
  ASSERT_EQ(Versions("old").size(), 1u);  // the oldest version overall went first
  EXPECT_TRUE(Versions("old")[0]["deleted"].get<bool>());
  custom["properties"]["custom"]["k"] = 3;
  Write(kB, "new", custom, 200);
  EXPECT_TRUE(Versions("old").is_null());  // aged out: no longer known
  EXPECT_EQ(Versions("new").size(), 4u);
}

}  // namespace
}  // namespace xbl::conformance
