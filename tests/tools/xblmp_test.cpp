#include "xblmp_helpers.h"
#include "xbl/timestamp.h"
#include <gtest/gtest.h>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <csignal>

namespace {

using nlohmann::json;
using xblmp_test::kScid;
using xblmp_test::ReadFile;
using xblmp_test::XblmpTest;

TEST_F(XblmpTest, UsageErrorsExitTwo) {
  auto none = Xblmp("", "", false);
  EXPECT_EQ(none.status, 2);
  EXPECT_NE(none.err.find("usage: xblmp"), std::string::npos);
  auto no_endpoint = Xblmp("--xuid 1001 session get a b c", "", false);
  EXPECT_EQ(no_endpoint.status, 2);
  EXPECT_NE(no_endpoint.err.find("error: usage no endpoint"), std::string::npos) << no_endpoint.err;
  EXPECT_EQ(Xblmp("--xuid 1001 session get a b").status, 2);
  EXPECT_EQ(Xblmp("--xuid 1001 session write a b c --body - --mode sideways", "{}").status, 2);
  EXPECT_EQ(Xblmp("--xuid 1001 bogus").status, 2);
}

TEST_F(XblmpTest, JoinGetSetLeave) {
  std::string const ref = std::string(kScid) + " quick cli-1";
  auto joined = Xblmp("--json --xuid 1001 session join " + ref + " --active");
  ASSERT_EQ(joined.status, 0) << joined.err;
  auto session = Json(joined);
  EXPECT_EQ(session["members"]["0"]["constants"]["system"]["xuid"], "1001");
  EXPECT_EQ(session["members"]["0"]["properties"]["system"]["active"], true);

  auto set = Xblmp("--json --xuid 1001 session set " + ref + " --custom map='\"dust\"' --custom round=3");
  ASSERT_EQ(set.status, 0) << set.err;
  EXPECT_EQ(Json(set)["properties"]["custom"], json::parse(R"({"map":"dust","round":3})"));

  auto got = Xblmp("--json --xuid 1001 session get " + ref);
  ASSERT_EQ(got.status, 0) << got.err;
  EXPECT_EQ(Json(got)["properties"]["custom"]["round"], 3);

  auto left = Xblmp("--json --xuid 1001 session leave " + ref);
  ASSERT_EQ(left.status, 0) << left.err;
  EXPECT_EQ(Json(left)["status"], "deleted") << "the last member left an empty session";

  auto gone = Xblmp("--json --xuid 1001 session get " + ref);
  EXPECT_EQ(gone.status, 3);
  EXPECT_EQ(gone.err, "error: no_such_session 204 the session does not exist\n");
}

TEST_F(XblmpTest, WriteModesAndConflictExitFour) {
  std::string const ref = std::string(kScid) + " quick cli-2";
  // Active: an inactive member is removed at the next access (107's inactive timeout is 0).
  std::string const join = R"({"members":{"me":{"constants":{"system":{"xuid":"1001"}},"properties":{"system":{"active":true}}}}})";
  auto created = Xblmp("--json --xuid 1001 session write " + ref + " --body - --mode create", join);
  ASSERT_EQ(created.status, 0) << created.err;
  auto again = Xblmp("--json --xuid 1001 session write " + ref + " --body - --mode create", join);
  EXPECT_EQ(again.status, 4) << "If-None-Match: * on an existing session is 412";
  auto stale = Xblmp("--json --xuid 1001 session write " + ref + " --body - --mode sync --etag '\"stale\"'",
                     R"({"properties":{"custom":{"x":1}}})");
  EXPECT_EQ(stale.status, 4);
  EXPECT_EQ(stale.err.rfind("error: precondition_failed 412 ", 0), 0u) << stale.err;
  EXPECT_EQ(Json(stale)["members"]["0"]["constants"]["system"]["xuid"], "1001") << "the 412 body is printed";

  std::string const body_path = dir_ + "/body.json";
  std::ofstream(body_path) << R"({"properties":{"custom":{"y":2}}})";
  auto from_file = Xblmp("--json --xuid 1001 session write " + ref + " --body '" + body_path + "' --mode update");
  ASSERT_EQ(from_file.status, 0) << from_file.err;
  EXPECT_EQ(Json(from_file)["properties"]["custom"]["y"], 2);
  auto missing = Xblmp("--json --xuid 1001 session write " + std::string(kScid) + " quick absent --body - --mode update", "{}");
  EXPECT_EQ(missing.status, 4) << "If-Match: * on a missing session is 412";
}

TEST_F(XblmpTest, SessionsQueryAndTemplates) {
  ASSERT_EQ(Xblmp("--json --xuid 1001 session join " + std::string(kScid) + " quick cli-3 --active").status, 0);
  auto query = Xblmp("--json --xuid 1001 sessions query " + std::string(kScid) + " --xuid 1001");
  ASSERT_EQ(query.status, 0) << query.err;
  auto results = Json(query)["results"];
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0]["sessionRef"]["name"], "cli-3");
  EXPECT_EQ(results[0]["status"], "active");

  auto invalid = Xblmp("--json --xuid 1001 sessions query " + std::string(kScid));
  EXPECT_EQ(invalid.status, 2) << "a query without keyword or xuid is refused before sending";
  EXPECT_EQ(invalid.err.rfind("error: invalid_argument 0 ", 0), 0u) << invalid.err;

  auto list = Xblmp("--json --xuid 1001 templates list " + std::string(kScid));
  ASSERT_EQ(list.status, 0) << list.err;
  bool has_quick = false;
  auto const templates = Json(list);
  for (auto const& t : templates["results"]) has_quick = has_quick || t["name"] == "quick";
  EXPECT_TRUE(has_quick) << list.out;
  auto one = Xblmp("--json --xuid 1001 templates get " + std::string(kScid) + " quick");
  ASSERT_EQ(one.status, 0) << one.err;
  EXPECT_EQ(Json(one)["constants"]["system"]["maxMembersCount"], 8);
  EXPECT_EQ(Xblmp("--json --xuid 1001 templates get " + std::string(kScid) + " nosuch").status, 1);
}

TEST_F(XblmpTest, RetriesA503HonouringRetryAfterAndWritesHar) {
  Admin("PUT", "/_emulator/faults",
        {{"rules", {{{"method", "GET"}, {"path", "/sessions/cli-4$"}, {"status", 503}, {"retry_after", "1"}, {"times", 1}}}}});
  std::string const har_path = dir_ + "/run.har";
  auto got = Xblmp("--xuid 1001 --har '" + har_path + "' session get " + std::string(kScid) + " quick cli-4");
  EXPECT_EQ(got.status, 3) << "after the retry the session simply does not exist: " << got.err;

  auto log = emulator_->Requests()["requests"];
  std::vector<json> gets;
  for (auto const& entry : log) {
    if (entry["method"] == "GET" && entry["path"].get<std::string>().find("cli-4") != std::string::npos) gets.push_back(entry);
  }
  ASSERT_EQ(gets.size(), 2u) << log.dump();
  EXPECT_EQ(gets[0]["status"], 503);
  EXPECT_EQ(gets[1]["status"], 204);
  auto first = xbl::Timestamp::Parse(gets[0]["time"].get<std::string>());
  auto second = xbl::Timestamp::Parse(gets[1]["time"].get<std::string>());
  ASSERT_TRUE(first.ok() && second.ok()) << gets[0]["time"] << " " << gets[1]["time"];
  EXPECT_GE(second->since_epoch() - first->since_epoch(), std::chrono::milliseconds(1000))
      << "the retry waited for Retry-After: 1";

  auto har = json::parse(ReadFile(har_path), nullptr, false);
  ASSERT_FALSE(har.is_discarded());
  EXPECT_EQ(har["log"]["version"], "1.2");
  ASSERT_EQ(har["log"]["entries"].size(), 2u);
  EXPECT_EQ(har["log"]["entries"][0]["response"]["status"], 503);
  EXPECT_EQ(har["log"]["entries"][1]["response"]["status"], 204);
  EXPECT_EQ(har.dump().find("x=1001;"), std::string::npos) << "the Authorization value is redacted";
}

TEST_F(XblmpTest, QosRespondAndMeasure) {
  std::string const out_path = dir_ + "/respond.out";
  std::string const command = std::string("timeout 10 '") + XBLMP_PATH + "' qos respond --port 0 >'" + out_path + "' 2>/dev/null & echo $!";
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  int pid = 0;
  ASSERT_EQ(std::fscanf(pipe, "%d", &pid), 1);
  ::pclose(pipe);
  std::string line;
  for (int i = 0; i < 100 && line.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::istringstream(ReadFile(out_path)) >> line >> line >> line;  // "listening on udp://HOST:PORT"
    if (line.rfind("udp://", 0) != 0) line.clear();
  }
  ASSERT_FALSE(line.empty()) << "the responder printed no listening line";
  auto const port = line.substr(line.rfind(':') + 1);
  auto measured = Xblmp("--json qos measure --peer AbC=127.0.0.1:" + port + " --server east=127.0.0.1:" + port +
                            " --probes 3 --deadline-ms 3000", "", false);
  ::kill(pid, SIGTERM);
  ASSERT_EQ(measured.status, 0) << measured.err;
  auto result = Json(measured);
  EXPECT_TRUE(result["measurements"]["abc"].contains("latency")) << result.dump();
  EXPECT_TRUE(result["serverMeasurements"]["east"].contains("latency")) << result.dump();
  EXPECT_EQ(result["targets"].size(), 2u);
  EXPECT_NE(measured.err.find("measuring 2 target(s)"), std::string::npos) << "progress goes to stderr";
}

}  // namespace
