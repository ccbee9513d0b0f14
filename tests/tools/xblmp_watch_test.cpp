// xblmp session watch against the in-process emulator: the tool runs as a child process, the test
// makes a write, reads the line it prints (with a deadline), then stops it with a signal.
#include "child_process_helpers.h"
#include "wait_for.h"
#include "xblmp_helpers.h"
#include <gtest/gtest.h>
#include <csignal>
#include <regex>
#include <sstream>

namespace {

using json = nlohmann::json;
using xblmp_test::ChildProcess;
using xblmp_test::kConformanceScid;
using xblmp_test::XblmpTest;

class XblmpWatchTest : public XblmpTest {
 protected:
  // A session MPSD taps members of: it needs a connection for active members. Its creator 1001
  // stays an inactive member (kept for an hour), so the session lives while nobody is active.
  void CreateWatchableSession(std::string const& name) {
    json const body = {
        {"constants",
         {{"system",
           {{"maxMembersCount", 4},
            {"inactiveRemovalTimeout", 3600000},
            {"capabilities", {{"connectionRequiredForActiveMembers", true}}}}}}},
        {"members", {{"me", {{"constants", {{"system", {{"xuid", "1001"}}}}}, {"properties", {{"system", {{"active", false}}}}}}}}}};
    auto created = Xblmp("--xuid 1001 session write " + Ref(name) + " --mode create --body -", body.dump());
    ASSERT_EQ(created.status, 0) << created.err;
  }

  static std::string Ref(std::string const& name) { return std::string(kConformanceScid) + " dyn " + name; }

  std::unique_ptr<ChildProcess> Watch(std::string const& global, std::string const& name, std::string const& options) {
    std::vector<std::string> args = {"--endpoint", emulator_->base_url()};
    for (auto const& words : {global, "session watch " + Ref(name) + " " + options}) {
      std::istringstream in(words);
      for (std::string word; in >> word;) args.push_back(word);
    }
    return std::make_unique<ChildProcess>(XBLMP_PATH, args, dir_ + "/watch-" + name + ".stderr");
  }

  // The change number `session update` (as 1001) committed.
  std::uint64_t Update(std::string const& name, std::string const& custom) {
    auto updated = Xblmp("--json --xuid 1001 session update " + Ref(name) + " --custom " + custom);
    EXPECT_EQ(updated.status, 0) << updated.err;
    return Json(updated).value("changeNumber", std::uint64_t{0});
  }

  static json ParseLine(std::optional<std::string> const& line) {
    if (!line) return nullptr;
    auto parsed = json::parse(*line, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << "not a JSON line: " << *line;
    return parsed;
  }

  static bool HasMember(json const& session, std::string const& xuid) {
    for (auto const& [index, member] : session["members"].items()) {
      if (member["constants"]["system"].value("xuid", "") == xuid) return true;
    }
    return false;
  }
};

TEST_F(XblmpWatchTest, JoinJson_FirstSnapshotThenAnotherWritersChange_SigintLeavesAndExitsZero) {
  CreateWatchableSession("watch-json");
  auto watch = Watch("--xuid 1002 --json", "watch-json", "--join");
  ASSERT_TRUE(watch->started());

  auto const first = ParseLine(watch->ReadLine());
  ASSERT_TRUE(first.is_object()) << "no first line; stderr: " << watch->Stderr();
  EXPECT_EQ(first["kind"], "first_snapshot");
  EXPECT_EQ(first["reference"], json({{"scid", kConformanceScid}, {"templateName", "dyn"}, {"name", "watch-json"}}));
  EXPECT_TRUE(first["previousChangeNumber"].is_null());
  EXPECT_EQ(first["changes"], json::array());
  EXPECT_TRUE(HasMember(first["session"], "1002")) << "joined before the first read: " << first.dump();

  auto const change = Update("watch-json", "map='\"dust\"'");
  auto const changed = ParseLine(watch->ReadLine());
  ASSERT_TRUE(changed.is_object()) << "the change never arrived; stderr: " << watch->Stderr();
  EXPECT_EQ(changed["kind"], "changed");
  EXPECT_EQ(changed["changeNumber"], change);
  EXPECT_EQ(changed["previousChangeNumber"], first["changeNumber"]) << "each event starts where the one before ended";
  EXPECT_EQ(changed["changes"], json::array({"custom_property"}));
  EXPECT_EQ(changed["session"]["properties"]["custom"]["map"], "dust");
  EXPECT_TRUE(changed["error"].is_null());

  watch->Signal(SIGINT);
  EXPECT_EQ(watch->Wait(), 0) << watch->Stderr();
  EXPECT_NE(watch->Stderr().find("left "), std::string::npos) << watch->Stderr();
  auto read = Xblmp("--json --xuid 1001 session get " + Ref("watch-json"));
  ASSERT_EQ(read.status, 0) << read.err;
  EXPECT_FALSE(HasMember(Json(read), "1002")) << "the watcher left on SIGINT";
}

TEST_F(XblmpWatchTest, JoinReadable_OneLinePerEventWithTimeKindChangeNumberAndKinds_SigtermExitsZero) {
  CreateWatchableSession("watch-text");
  auto watch = Watch("--xuid 1002", "watch-text", "--join");
  auto const first = watch->ReadLine();
  ASSERT_TRUE(first) << watch->Stderr();
  EXPECT_TRUE(std::regex_match(*first, std::regex(R"(\d\d:\d\d:\d\d first_snapshot #\d+)"))) << *first;

  // One commit that adds a member and sets a property: both kinds, in SessionChanges' order.
  json const join_and_set = {
      {"members",
       {{"me", {{"constants", {{"system", {{"xuid", "1003"}}}}}, {"properties", {{"system", {{"active", false}}}}}}}}},
                             {"properties", {{"custom", {{"round", 2}}}}}};
  auto written = Xblmp("--json --xuid 1003 session write " + Ref("watch-text") + " --mode update --body -", join_and_set.dump());
  ASSERT_EQ(written.status, 0) << written.err;
  auto const change = Json(written)["changeNumber"].get<std::uint64_t>();
  auto const changed = watch->ReadLine();
  ASSERT_TRUE(changed) << watch->Stderr();
  EXPECT_TRUE(std::regex_match(*changed, std::regex(R"(\d\d:\d\d:\d\d changed #)" + std::to_string(change) +
                                                    " members_list, custom_property")))
      << *changed;

  watch->Signal(SIGTERM);
  EXPECT_EQ(watch->Wait(), 0) << watch->Stderr();
}

TEST_F(XblmpWatchTest, WithoutJoin_FirstSnapshot_ThenAChangeFoundByTheReReadAfterAReconnect) {
  CreateWatchableSession("watch-read");
  auto watch = Watch("--xuid 1003", "watch-read", "");
  auto const first = watch->ReadLine();
  ASSERT_TRUE(first) << watch->Stderr();
  EXPECT_NE(first->find(" first_snapshot #"), std::string::npos) << *first;
  EXPECT_NE(watch->Stderr().find("note: not a member"), std::string::npos) << watch->Stderr();

  // Not a member, so no tap: the change shows when the watcher re-reads after a new connection.
  auto const change = Update("watch-read", "map='\"dust\"'");
  json socket;
  ASSERT_TRUE(xbl::testing_support::WaitUntil([&] {
    auto const listed = AdminGet("/_emulator/rta/connections");
    for (auto const& connection : listed["connections"]) {
      if (connection["xuid"] == "1003" && connection["state"] == "open") socket = connection["socket"];
    }
    return !socket.is_null();
  })) << "the watcher never connected";
  Admin("POST", "/_emulator/rta/connections/" + socket.dump() + "/drop", json::object());
  auto const changed = watch->ReadLine();
  ASSERT_TRUE(changed) << "no re-read after the reconnect; stderr: " << watch->Stderr();
  EXPECT_NE(changed->find(" changed #" + std::to_string(change) + " custom_property"), std::string::npos) << *changed;

  watch->Signal(SIGINT);
  EXPECT_EQ(watch->Wait(), 0) << watch->Stderr();
}

TEST_F(XblmpWatchTest, MissingSession_PrintsEndedAndKeepsWatchingUntilInterrupted) {
  auto watch = Watch("--xuid 1003", "no-such-session", "");
  auto const ended = watch->ReadLine();
  ASSERT_TRUE(ended) << watch->Stderr();
  EXPECT_NE(ended->find(" ended not_found "), std::string::npos) << *ended;
  watch->Signal(SIGINT);
  EXPECT_EQ(watch->Wait(), 0) << watch->Stderr();
}

TEST_F(XblmpWatchTest, JoinMissingSessionExitsThree_JoinWithoutXuidIsAUsageError) {
  auto missing = Xblmp("--xuid 1002 session watch " + Ref("no-such-session") + " --join");
  EXPECT_EQ(missing.status, 3) << missing.err;
  EXPECT_EQ(missing.err.substr(0, missing.err.find('\n')), "error: no_such_session 412 the session does not exist");
  EXPECT_EQ(missing.out, "");
  auto no_user = Xblmp("session watch " + Ref("no-such-session") + " --join");
  EXPECT_EQ(no_user.status, 2) << no_user.err;
  EXPECT_EQ(no_user.err.substr(0, no_user.err.find('\n')), "error: usage --join needs the global --xuid");
}

}  // namespace
