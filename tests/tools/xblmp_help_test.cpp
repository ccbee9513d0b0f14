// Help and usage errors of xblmp and xbl-qos-responder: help on stdout with exit 0, a wrong
// command line as one error line plus the relevant usage on stderr with exit 2.
#include "xblmp_helpers.h"
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <vector>

namespace {

using xblmp_test::CommandRun;
using xblmp_test::XblmpTest;

bool Contains(std::string const& text, std::string const& part) { return text.find(part) != std::string::npos; }

std::vector<std::string> Lines(std::string const& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Every command with the MPSD route its help must name.
struct CommandRoute {
  std::string name;
  std::string route;
};
std::vector<CommandRoute> const kCommands = {
    {"session get", "GET /serviceconfigs/{scid}/sessiontemplates/{template}/sessions/{name}"},
    {"session write", "PUT /handles/{id}/session"},
    {"session join", "PUT /serviceconfigs/{scid}/sessiontemplates/{template}/sessions/{name}"},
    {"session leave", "DELETE /serviceconfigs/{scid}/sessiontemplates/{template}/sessions/{name}/members/me"},
    {"session update", "GET then PUT /serviceconfigs/{scid}/sessiontemplates/{template}/sessions/{name}"},
    {"session set", "GET then PUT /serviceconfigs/{scid}/sessiontemplates/{template}/sessions/{name}"},
    {"session properties", "PUT /serviceconfigs/{scid}/sessiontemplates/{template}/sessions/{name}/properties"},
    {"session remove-member", "DELETE /serviceconfigs/{scid}/sessiontemplates/{template}/sessions/{name}/members/{index}"},
    {"session remove-server", "DELETE /serviceconfigs/{scid}/sessiontemplates/{template}/sessions/{name}/servers/{server}"},
    {"session history", "GET /_emulator/sessions/{scid}/{template}/{name}/history"},
    {"session watch", "GET /serviceconfigs/{scid}/sessiontemplates/{template}/sessions/{name} on each shoulder tap"},
    {"sessions query", "POST /serviceconfigs/{scid}[/sessiontemplates/{template}]/batch"},
    {"templates list", "GET /serviceconfigs/{scid}/sessiontemplates"},
    {"templates get", "GET /serviceconfigs/{scid}/sessiontemplates/{name}"},
    {"handles activity set", "POST /handles (type activity)"},
    {"handles activity get", "POST /handles/query"},
    {"handles activity clear", "DELETE /handles/{id}"},
    {"handles invite send", "POST /handles (type invite)"},
    {"handles transfer create", "POST /handles (type transfer)"},
    {"handles search set", "POST /handles (type search)"},
    {"handles search query", "POST /handles/query"},
    {"handles search clear", "DELETE /handles/{id}"},
    {"qos respond", "no MPSD call"},
    {"qos measure", "no MPSD call"},
};

TEST_F(XblmpTest, ToolHelp_OnStdoutExitZero_ListsEveryCommandAndExitStatuses) {
  for (std::string const args : {"--help", "help", "--xuid 1001 --help"}) {
    auto help = Xblmp(args, "", /*with_endpoint=*/false);
    EXPECT_EQ(help.status, 0) << args;
    EXPECT_EQ(help.err, "") << args;
    EXPECT_EQ(help.out.rfind("usage: xblmp [global options] COMMAND", 0), 0u) << help.out;
    for (auto const& command : kCommands) EXPECT_TRUE(Contains(help.out, "  " + command.name + " ")) << command.name;
    for (auto const& flag : {"--endpoint URL", "--rta-endpoint URL", "--xuid XUID", "--server", "--token", "--har FILE", "--json"}) {
      EXPECT_TRUE(Contains(help.out, flag)) << flag;
    }
    for (auto const& status : {"0  ok", "1  service or network error", "2  usage error", "3  not found", "4  conflict"}) {
      EXPECT_TRUE(Contains(help.out, status)) << status;
    }
  }
}

TEST_F(XblmpTest, CommandHelp_GivesArgumentsOptionsRouteAndExample_BothWays) {
  for (auto const& command : kCommands) {
    auto via_help = Xblmp("help " + command.name, "", /*with_endpoint=*/false);
    auto via_flag = Xblmp(command.name + " --help", "", /*with_endpoint=*/false);
    ASSERT_EQ(via_help.status, 0) << command.name << ": " << via_help.err;
    ASSERT_EQ(via_flag.status, 0) << command.name << ": " << via_flag.err;
    EXPECT_EQ(via_help.err + via_flag.err, "") << command.name;
    EXPECT_EQ(via_help.out, via_flag.out) << command.name;
    auto const& help = via_help.out;
    EXPECT_EQ(help.rfind("usage: xblmp [global options] " + command.name, 0), 0u) << help;
    EXPECT_TRUE(Contains(help, "\noptions:\n")) << help;
    EXPECT_TRUE(Contains(help, "--json ")) << help;
    EXPECT_TRUE(Contains(help, "\ncalls:\n")) << help;
    EXPECT_TRUE(Contains(help, command.route)) << command.name << " names its route:\n" << help;
    auto const example = help.find("\nexample:\n  ");
    ASSERT_NE(example, std::string::npos) << help;
    auto const example_line = Lines(help.substr(example + 11)).front();
    EXPECT_TRUE(Contains(example_line, "xblmp ") && Contains(example_line, " " + command.name + " "))
        << "the example runs the command:\n" << help;
    EXPECT_TRUE(Contains(help, "exit status: 0 ok")) << help;
  }
}

TEST_F(XblmpTest, CommandHelp_ListsEachOptionWithItsValue) {
  auto write = Xblmp("session write --help", "", false);
  EXPECT_TRUE(Contains(write.out, "arguments: [SCID TEMPLATE NAME]")) << write.out;
  for (auto const& option : {"--body FILE|-", "--mode MODE", "--etag ETAG", "--by-handle ID"}) {
    EXPECT_TRUE(Contains(write.out, "\n  " + std::string(option) + " ")) << option << "\n" << write.out;
  }
  EXPECT_TRUE(Contains(write.out, "(required)")) << "--body is marked required:\n" << write.out;
  auto invite = Xblmp("help handles invite send", "", false);
  EXPECT_TRUE(Contains(invite.out, "--to XUID")) << invite.out;
  EXPECT_TRUE(Contains(invite.out, "(repeatable)")) << invite.out;
}

TEST_F(XblmpTest, GroupHelp_ListsTheGroupsCommands) {
  for (std::string const args : {"help session", "session --help", "--help session"}) {
    auto help = Xblmp(args, "", false);
    EXPECT_EQ(help.status, 0) << args << ": " << help.err;
    EXPECT_EQ(help.out.rfind("usage: xblmp [global options] session COMMAND", 0), 0u) << help.out;
    for (auto const& verb : {"get", "write", "join", "leave", "update", "properties", "remove-member", "remove-server", "watch"}) {
      EXPECT_TRUE(Contains(help.out, "  session " + std::string(verb) + " ")) << verb;
    }
  }
  auto activity = Xblmp("handles activity --help", "", false);
  EXPECT_EQ(activity.status, 0);
  for (auto const& verb : {"set", "get", "clear"}) {
    EXPECT_TRUE(Contains(activity.out, "  handles activity " + std::string(verb) + " ")) << activity.out;
  }
  EXPECT_FALSE(Contains(activity.out, "handles search")) << "only the group asked for";
}

// The first stderr line is the error; what follows is usage. Nothing on stdout.
void ExpectUsageError(CommandRun const& run, std::string const& error_line, std::string const& usage) {
  EXPECT_EQ(run.status, 2) << run.err;
  EXPECT_EQ(run.out, "");
  auto const lines = Lines(run.err);
  ASSERT_GE(lines.size(), 2u) << run.err;
  EXPECT_EQ(lines[0], error_line) << run.err;
  EXPECT_EQ(lines[1].rfind(usage, 0), 0u) << run.err;
}

TEST_F(XblmpTest, WrongCommandLine_OneErrorLineThenTheRelevantUsage_ExitTwo) {
  ExpectUsageError(Xblmp("--xuid 1001 bogus"), "error: usage unknown command bogus", "usage: xblmp [global options] COMMAND");
  ExpectUsageError(Xblmp("--bogus session get a b c"), "error: usage unknown option --bogus",
                   "usage: xblmp [global options] COMMAND");
  ExpectUsageError(Xblmp("help nosuch"), "error: usage no command nosuch", "usage: xblmp [global options] COMMAND");
  ExpectUsageError(Xblmp("--xuid 1001 session frobnicate"), "error: usage unknown command session frobnicate",
                   "usage: xblmp [global options] session get");
  ExpectUsageError(Xblmp("--xuid 1001 handles activity"), "error: usage handles activity needs a command",
                   "usage: xblmp [global options] handles activity set");
  ExpectUsageError(Xblmp("--xuid 1001 session get a b"), "error: usage give either SCID TEMPLATE NAME or --by-handle ID",
                   "usage: xblmp [global options] session get [SCID TEMPLATE NAME]");
  ExpectUsageError(Xblmp("--xuid 1001 session remove-member a b c"),
                   "error: usage missing arguments: session remove-member takes SCID TEMPLATE NAME INDEX",
                   "usage: xblmp [global options] session remove-member SCID TEMPLATE NAME INDEX");
  ExpectUsageError(Xblmp("--xuid 1001 session leave a b c d"),
                   "error: usage too many arguments: session leave takes SCID TEMPLATE NAME",
                   "usage: xblmp [global options] session leave SCID TEMPLATE NAME");
  ExpectUsageError(Xblmp("--xuid 1001 session get a b c --frob"), "error: usage unknown option --frob",
                   "usage: xblmp [global options] session get");
  ExpectUsageError(Xblmp("--xuid 1001 session write a b c"), "error: usage --body is required",
                   "usage: xblmp [global options] session write");
  ExpectUsageError(Xblmp("--xuid 1001 session get a b c --etag"), "error: usage --etag needs a value",
                   "usage: xblmp [global options] session get");
  ExpectUsageError(Xblmp("--xuid 1001 handles invite send a b c --to 1002"), "error: usage --title-id is required",
                   "usage: xblmp [global options] handles invite send");
  ExpectUsageError(Xblmp("--xuid 1001 session get a b c", "", false),
                   "error: usage no endpoint: pass --endpoint URL or set XBL_MPSD_ENDPOINT",
                   "usage: xblmp [global options] COMMAND");
  EXPECT_TRUE(emulator_->Requests()["requests"].empty()) << "no usage error sends a request";
}

CommandRun QosResponder(std::string const& args, std::string const& dir) {
  return xblmp_test::RunTool(XBL_QOS_RESPONDER_PATH, args, "", dir);
}

TEST_F(XblmpTest, QosResponderHelp_EveryFlagWithWhatItDoesAndItsDefault) {
  auto help = QosResponder("--help", dir_);
  EXPECT_EQ(help.status, 0) << help.err;
  EXPECT_EQ(help.err, "");
  EXPECT_EQ(help.out.rfind("usage: xbl-qos-responder", 0), 0u) << help.out;
  for (auto const& flag : {"--bind ADDRESS", "--port N", "--advertise HOST", "--help"}) {
    bool described = false;
    for (auto const& line : Lines(help.out)) described = described || line.rfind("  " + std::string(flag) + "  ", 0) == 0;
    EXPECT_TRUE(described) << flag << " has a line of its own:\n" << help.out;
  }
  EXPECT_TRUE(Contains(help.out, "(default 127.0.0.1")) << help.out;
  EXPECT_TRUE(Contains(help.out, "(default 0: pick a free one)")) << help.out;
  EXPECT_TRUE(Contains(help.out, "(default: the bound address)")) << help.out;
  EXPECT_TRUE(Contains(help.out, "exit status:")) << help.out;
}

TEST_F(XblmpTest, QosResponderWrongArgument_OneErrorLineThenUsage_ExitTwo) {
  for (auto const& [args, error] : {std::pair{"--bogus", "xbl-qos-responder: error: unknown argument --bogus"},
                                    std::pair{"--port", "xbl-qos-responder: error: --port needs a value"},
                                    std::pair{"--port 70000", "xbl-qos-responder: error: --port takes 0 to 65535, got 70000"}}) {
    auto run = QosResponder(args, dir_);
    EXPECT_EQ(run.status, 2) << args;
    EXPECT_EQ(run.out, "") << args;
    auto const lines = Lines(run.err);
    ASSERT_GE(lines.size(), 2u) << run.err;
    EXPECT_EQ(lines[0], error);
    EXPECT_EQ(lines[1].rfind("usage: xbl-qos-responder", 0), 0u) << run.err;
  }
}

}  // namespace
