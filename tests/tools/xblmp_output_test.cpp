// xblmp output: text for people by default, exactly one JSON document (or JSON lines) with
// --json, errors as one escaped line on stderr.
#include "xblmp_helpers.h"
#include <gtest/gtest.h>
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <sstream>
#include <string>
#include <thread>

namespace {

using nlohmann::json;
using xblmp_test::kScid;
using xblmp_test::ReadFile;
using xblmp_test::XblmpTest;

std::string Ref(std::string const& name) { return std::string(kScid) + " quick " + name; }

bool HasRawControl(std::string const& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    auto const byte = static_cast<unsigned char>(text[i]);
    if ((byte < 0x20 && byte != '\n') || byte == 0x7f) return true;
    if (byte == 0xc2 && i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xe0) == 0x80) return true;
  }
  return false;
}

TEST_F(XblmpTest, ErrorFromTheServer_OneLineOnStderr_ControlCharactersEscaped) {
  Admin("PUT", "/_emulator/faults",
        {{"rules", {{{"method", "GET"}, {"path", "/sessions/ctl-1$"}, {"status", 400},
                     {"body", "bad\r\nsecond line\x1b[31m\x07 \xc2\x9b end\\"}}}}});
  for (std::string const json_flag : {"", "--json "}) {
    auto got = Xblmp(json_flag + "--xuid 1001 session get " + Ref("ctl-1"));
    EXPECT_EQ(got.status, 1) << got.err;
    EXPECT_EQ(got.out, "") << "nothing on stdout for an error";
    EXPECT_EQ(std::count(got.err.begin(), got.err.end(), '\n'), 1) << got.err;
    EXPECT_EQ(got.err.rfind("error: bad_request 400 ", 0), 0u) << got.err;
    EXPECT_FALSE(HasRawControl(got.err)) << got.err;
    EXPECT_NE(got.err.find("bad\\r\\nsecond line\\x1b[31m\\x07 \\u009b end\\\\"), std::string::npos) << got.err;
  }
}

TEST_F(XblmpTest, ReadableOutput_EscapesControlCharactersInServerStrings) {
  ASSERT_EQ(Xblmp("--xuid 1001 session join " + Ref("ctl-2") + " --active").status, 0);
  ASSERT_EQ(Xblmp("--xuid 1001 session write " + Ref("ctl-2") + " --body -",
                  R"({"properties":{"custom":{"title":"\u001b[2Jgone\nnext"}}})")
                .status,
            0);
  auto text = Xblmp("--xuid 1001 session get " + Ref("ctl-2"));
  ASSERT_EQ(text.status, 0) << text.err;
  EXPECT_FALSE(HasRawControl(text.out)) << text.out;
  EXPECT_NE(text.out.find("title: \\x1b[2Jgone\\nnext\n"), std::string::npos) << text.out;
  auto doc = Xblmp("--json --xuid 1001 session get " + Ref("ctl-2"));
  EXPECT_EQ(Json(doc)["properties"]["custom"]["title"], "\x1b[2Jgone\nnext") << "JSON keeps the value exactly";
}

TEST_F(XblmpTest, ReadableLists_OneLinePerEntry_JsonWithTheSameEntries) {
  ASSERT_EQ(Xblmp("--xuid 1001 session join " + Ref("list-1") + " --active").status, 0);
  auto sessions = Xblmp("--xuid 1001 sessions query " + std::string(kScid) + " --xuid 1001");
  ASSERT_EQ(sessions.status, 0) << sessions.err;
  EXPECT_EQ(sessions.out, "1 session(s)\n  " + std::string(kScid) + "/quick/list-1  accepted 1  visibility open  xuid 1001 active\n");

  auto templates = Xblmp("--xuid 1001 templates list " + std::string(kScid));
  ASSERT_EQ(templates.status, 0) << templates.err;
  auto const count = std::stoul(templates.out);
  EXPECT_EQ(templates.out.rfind(std::to_string(count) + " template(s)\n", 0), 0u) << templates.out;
  EXPECT_NE(templates.out.find("\n  quick  contract 107\n"), std::string::npos) << templates.out;
  EXPECT_EQ(Json(Xblmp("--json --xuid 1001 templates list " + std::string(kScid)))["results"].size(), count);

  auto one = Xblmp("--xuid 1001 templates get " + std::string(kScid) + " quick");
  EXPECT_EQ(one.out.rfind("template " + std::string(kScid) + "/quick\nconstants:\n", 0), 0u) << one.out;
  EXPECT_NE(one.out.find("    maxMembersCount: 8\n"), std::string::npos) << one.out;
}

TEST_F(XblmpTest, JsonFlag_StatusResultsAreDocumentsToo) {
  ASSERT_EQ(Xblmp("--xuid 1001 session join " + Ref("st-1") + " --active").status, 0);
  auto left = Xblmp("--xuid 1001 session leave " + Ref("st-1") + " --json");
  ASSERT_EQ(left.status, 0) << left.err;
  EXPECT_EQ(Json(left), json({{"status", "deleted"}}));
  ASSERT_EQ(Xblmp("--xuid 1001 session join " + Ref("st-2") + " --active").status, 0);
  auto text = Xblmp("--xuid 1001 session leave " + Ref("st-2"));
  EXPECT_EQ(text.out.rfind("deleted", 0), 0u) << text.out;
  auto missing = Xblmp("--json --xuid 1001 session get " + Ref("st-1"));
  EXPECT_EQ(missing.status, 3);
  EXPECT_EQ(missing.out, "") << "a missing session is an error: stderr only";
}

TEST_F(XblmpTest, ArgumentsThatAreNotUtf8_UsageErrorAndNothingSent_Utf8NamesWork) {
  for (std::string const bad : {"a\\377", "\\300\\200", "\\355\\240\\200", "\\364\\220\\200\\200", "\\342\\202"}) {
    auto run = Xblmp("--xuid 1001 handles activity clear \"$(printf '" + bad + "')\"");
    EXPECT_EQ(run.status, 2) << bad << ": " << run.err;
    EXPECT_EQ(run.err.substr(0, run.err.find('\n')), "error: usage argument 8 is not valid UTF-8") << bad;
  }
  EXPECT_TRUE(emulator_->Requests()["requests"].empty());
  auto joined = Xblmp("--xuid 1001 session join " + std::string(kScid) + " quick caf\xc3\xa9-\xf0\x9f\x8e\xae --active");
  ASSERT_EQ(joined.status, 0) << joined.err;
  EXPECT_EQ(joined.out.substr(0, joined.out.find(':')),
            "session " + std::string(kScid) + "/quick/caf\xc3\xa9-\xf0\x9f\x8e\xae");
}

// Starts `xblmp ARGS qos respond --port 0` in the background; returns its pid and first stdout line.
std::pair<int, std::string> StartResponder(std::string const& args, std::string const& dir) {
  std::string const out_path = dir + "/respond.out";
  std::string const command = std::string("timeout 10 '") + XBLMP_PATH + "' " + args + " qos respond --port 0 >'" +
                              out_path + "' 2>/dev/null & echo $!";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return {0, ""};
  int pid = 0;
  if (std::fscanf(pipe, "%d", &pid) != 1) pid = 0;
  ::pclose(pipe);
  std::string line;
  for (int i = 0; i < 100 && line.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto const text = ReadFile(out_path);
    if (text.find('\n') != std::string::npos) line = text.substr(0, text.find('\n'));
  }
  return {pid, line};
}

TEST_F(XblmpTest, QosRespondJson_ListeningIsAJsonLine_MeasureIsReadableByDefault) {
  auto [pid, line] = StartResponder("--json", dir_);
  ASSERT_NE(pid, 0);
  auto const listening = json::parse(line, nullptr, false);
  ASSERT_FALSE(listening.is_discarded()) << line;
  auto const endpoint = listening["listening"].get<std::string>();
  ASSERT_EQ(endpoint.rfind("udp://127.0.0.1:", 0), 0u) << line;
  auto const port = endpoint.substr(endpoint.rfind(':') + 1);
  auto measured = Xblmp("qos measure --peer AbC=127.0.0.1:" + port + " --probes 2 --deadline-ms 3000", "", false);
  ::kill(pid, SIGTERM);
  ASSERT_EQ(measured.status, 0) << measured.err;
  EXPECT_EQ(measured.out.rfind("1 target(s)\n  AbC (peer): ok, ", 0), 0u) << measured.out;
  EXPECT_NE(measured.out.find("latencyMs "), std::string::npos) << measured.out;
  EXPECT_EQ(Xblmp("qos measure", "", false).status, 2) << "no target";
}

}  // namespace
