// Protocol §6.1: the standalone xbl-mpsd-emulator executable (flags, first stdout line, signals).
#include "conformance_fixture.h"

#include <csignal>
#include <cstdio>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/ip/tcp.hpp>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include <regex>

namespace xbl::conformance {
namespace {

// Runs the executable with `args` (and at most `max_files` open descriptors when not 0); returns
// its pid and a FILE* on its stdout.
pid_t Launch(std::vector<std::string> args, FILE** out, rlim_t max_files = 0) {
  int fds[2];
  if (pipe(fds) != 0) return -1;
  pid_t pid = fork();
  if (pid == 0) {
    if (max_files != 0) {
      rlimit limit{max_files, max_files};
      setrlimit(RLIMIT_NOFILE, &limit);
    }
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    std::vector<char*> argv;
    std::string exe = XBL_EMULATOR_EXE;
    argv.push_back(exe.data());
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(exe.c_str(), argv.data());
    _exit(127);
  }
  close(fds[1]);
  *out = fdopen(fds[0], "r");
  return pid;
}

// Runs the executable to completion with `args`; returns its exit code, stdout and stderr.
int RunToExit(std::vector<std::string> args, std::string* out, std::string* err) {
  std::string base = ::testing::TempDir() + "xbl_emu_run_" + std::to_string(getpid());
  std::string command = std::string(XBL_EMULATOR_EXE);
  for (auto const& a : args) command += " '" + a + "'";
  command += " >" + base + ".out 2>" + base + ".err </dev/null";
  int status = std::system(("timeout 10 " + command).c_str());
  auto slurp = [](std::string const& path) {
    std::string text;
    if (FILE* f = std::fopen(path.c_str(), "r")) {
      char buf[4096];
      std::size_t n;
      while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
      std::fclose(f);
    }
    return text;
  };
  *out = slurp(base + ".out");
  *err = slurp(base + ".err");
  std::remove((base + ".out").c_str());
  std::remove((base + ".err").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int WaitExit(pid_t pid) {
  int status = 0;
  for (int i = 0; i < 500; ++i) {  // bounded: 10 s
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    usleep(20000);
  }
  kill(pid, SIGKILL);
  waitpid(pid, &status, 0);
  return -1;
}

std::string FirstLine(FILE* out) {
  char buf[256] = {};
  if (!std::fgets(buf, sizeof buf, out)) return {};
  std::string line = buf;
  if (!line.empty() && line.back() == '\n') line.pop_back();
  return line;
}

TEST(Executable, PrintsListeningLineServesAndStopsOnSigterm) {
  FILE* out = nullptr;
  pid_t pid = Launch({"--port", "0", "--manual-clock", "--no-rate-limit"}, &out);
  ASSERT_GT(pid, 0);
  std::string line = FirstLine(out);
  std::smatch m;
  ASSERT_TRUE(std::regex_match(line, m, std::regex(R"(listening on http://127\.0\.0\.1:(\d+))"))) << line;
  auto port = static_cast<std::uint16_t>(std::stoi(m[1]));
  HttpClient client(port);
  EXPECT_EQ(client.Send("GET", "/_emulator/health").status, 200);
  EXPECT_EQ(client.Send("POST", "/_emulator/clock", {}, R"({"advance_ms":5})").status, 200);  // manual clock
  auto r = client.Send("PUT", SessionPath("open", "s1"), {{"X-Xbl-Contract-Version", "107"}, {"Authorization", kA}},
                       JoinBody("1001").dump());
  EXPECT_EQ(r.status, 201);
  kill(pid, SIGTERM);
  EXPECT_EQ(WaitExit(pid), 0);
  std::fclose(out);
}

TEST(Executable, SigintStopsCleanlyWithExitZero) {
  FILE* out = nullptr;
  pid_t pid = Launch({}, &out);
  ASSERT_GT(pid, 0);
  EXPECT_EQ(FirstLine(out).rfind("listening on http://127.0.0.1:", 0), 0u);
  kill(pid, SIGINT);
  EXPECT_EQ(WaitExit(pid), 0);
  std::fclose(out);
}

// User plus system CPU time the process has used, in clock ticks.
long CpuTicks(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  std::istringstream fields(text.substr(text.rfind(')') + 2));
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14) utime = std::stol(field);
    if (i == 15) stime = std::stol(field);
  }
  return utime + stime;
}

TEST(Executable, OutOfFileDescriptorsBacksOffInsteadOfSpinningAndRecovers) {
  FILE* out = nullptr;
  // 32 descriptors: the server runs out long before the connection cap, so accept fails (EMFILE).
  pid_t pid = Launch({"--max-connections", "100000", "--header-timeout-ms", "60000"}, &out, 32);
  ASSERT_GT(pid, 0);
  std::string line = FirstLine(out);
  ASSERT_NE(line.find("listening on"), std::string::npos) << line;
  auto port = static_cast<std::uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
  namespace asio = boost::asio;
  asio::io_context ioc;
  std::vector<asio::ip::tcp::socket> held;
  for (int i = 0; i < 60; ++i) {
    held.emplace_back(ioc);
    held.back().connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));  // the backlog takes them
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // let the accept loop hit the limit
  long const before = CpuTicks(pid);
  std::this_thread::sleep_for(std::chrono::seconds(2));
  long const used = CpuTicks(pid) - before;
  // A spinning accept loop burns a core (2 s = 2 * ticks per second); the back-off uses almost nothing.
  EXPECT_LT(used, sysconf(_SC_CLK_TCK) / 2) << "ticks used while out of descriptors: " << used;
  held.clear();  // descriptors free again: the server accepts and answers new clients
  std::string const served = HttpClient::SendRaw(port, "GET /_emulator/health HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_NE(served.find(" 200 "), std::string::npos) << served;
  kill(pid, SIGTERM);
  EXPECT_EQ(WaitExit(pid), 0);
  std::fclose(out);
}

TEST(Executable, RateLimitOnByDefaultAndClockNotManual) {
  FILE* out = nullptr;
  pid_t pid = Launch({}, &out);
  ASSERT_GT(pid, 0);
  std::string line = FirstLine(out);
  auto port = static_cast<std::uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
  HttpClient client(port);
  EXPECT_EQ(client.Send("POST", "/_emulator/clock", {}, R"({"advance_ms":5})").status, 409);
  EXPECT_EQ(client.Send("GET", "/_emulator/ratelimits").JsonBody()["enabled"], true);
  kill(pid, SIGTERM);
  EXPECT_EQ(WaitExit(pid), 0);
  std::fclose(out);
}

TEST(Executable, LogRequestsPrintsOneLinePerRequest) {
  FILE* out = nullptr;
  pid_t pid = Launch({"--log-requests", "--no-rate-limit"}, &out);
  ASSERT_GT(pid, 0);
  std::string line = FirstLine(out);
  auto port = static_cast<std::uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
  HttpClient client(port);
  client.Send("GET", SessionPath("open", "s1"), {{"X-Xbl-Contract-Version", "107"}, {"Authorization", kA}});
  EXPECT_EQ(FirstLine(out), "GET " + SessionPath("open", "s1") + " -> 204");
  kill(pid, SIGTERM);
  EXPECT_EQ(WaitExit(pid), 0);
  std::fclose(out);
}

TEST(Executable, BadFlagsExitWithUsage) {
  FILE* out = nullptr;
  pid_t pid = Launch({"--port", "notaport"}, &out);
  ASSERT_GT(pid, 0);
  EXPECT_EQ(WaitExit(pid), 2);
  std::fclose(out);
  pid = Launch({"--templates", "/nonexistent/dir"}, &out);
  EXPECT_EQ(WaitExit(pid), 1);
  std::fclose(out);
}

TEST(Executable, TemplatesDirectoryReplacesBuiltins) {
  std::string dir = ::testing::TempDir() + "xbl_emu_templates_" + std::to_string(getpid());
  std::string scid_dir = dir + "/my-scid";
  ASSERT_EQ(system(("mkdir -p " + scid_dir).c_str()), 0);
  FILE* f = std::fopen((scid_dir + "/tiny.json").c_str(), "w");
  ASSERT_NE(f, nullptr);
  std::fputs(R"({"constants":{"system":{"version":1,"maxMembersCount":2}}})", f);
  std::fclose(f);
  FILE* out = nullptr;
  pid_t pid = Launch({"--templates", dir, "--no-rate-limit"}, &out);
  std::string line = FirstLine(out);
  ASSERT_FALSE(line.empty());
  auto port = static_cast<std::uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
  HttpClient client(port);
  std::map<std::string, std::string> h{{"X-Xbl-Contract-Version", "107"}, {"Authorization", kA}};
  EXPECT_EQ(client.Send("PUT", SessionPath("tiny", "t", "my-scid"), h, JoinBody("1001").dump()).status, 201);
  EXPECT_EQ(client.Send("PUT", SessionPath("open", "t"), h, JoinBody("1001").dump()).status, 404);
  kill(pid, SIGTERM);
  EXPECT_EQ(WaitExit(pid), 0);
  std::fclose(out);
  ASSERT_EQ(system(("rm -rf " + dir).c_str()), 0);
}

TEST(Executable, HelpPrintsEveryFlagWithItsDefaultToStdoutAndExitsZero) {
  std::string out, err;
  EXPECT_EQ(RunToExit({"--help"}, &out, &err), 0);
  EXPECT_TRUE(err.empty()) << err;
  for (char const* flag : {"--host", "--port", "--templates", "--manual-clock", "--no-rate-limit", "--log-requests",
                           "--threads", "--rta-grace-ms", "--rta-max-age-ms", "--max-connections",
                           "--header-timeout-ms", "--history-versions", "--help"})
    EXPECT_NE(out.find(flag), std::string::npos) << flag;
  for (char const* fact : {"default 127.0.0.1", "default 0", "default 2", "default 30000", "default 7200000", "default 512",
                           "default 10000", "default 100", "/connect"})
    EXPECT_NE(out.find(fact), std::string::npos) << fact;
  std::string short_out;
  EXPECT_EQ(RunToExit({"-h"}, &short_out, &err), 0);
  EXPECT_EQ(short_out, out);
}

TEST(Executable, UnknownFlagOrBadValuePrintsOneErrorLineAndUsageToStderrAndExitsTwo) {
  for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
           {"--bogus"}, {"--rta-grace-ms", "-1"}, {"--rta-grace-ms", "ten"}, {"--rta-max-age-ms", "1.5"},
           {"--rta-max-age-ms"}, {"--port", "70000"}, {"--threads", "0"},
           {"--max-connections", "0"}, {"--header-timeout-ms", "5"}, {"--history-versions", "10001"},
           {"--history-versions", "all"}}) {
    std::string out, err;
    EXPECT_EQ(RunToExit(args, &out, &err), 2) << args[0];
    EXPECT_TRUE(out.empty()) << out;
    EXPECT_EQ(err.rfind("error: ", 0), 0u) << err;
    EXPECT_NE(err.find("\nusage: xbl-mpsd-emulator"), std::string::npos) << err;
  }
}

TEST(Executable, RtaFlagsSetTheStartupSettings) {  // rta-protocol R-34
  FILE* out = nullptr;
  pid_t pid = Launch({"--rta-grace-ms", "1500", "--rta-max-age-ms", "0", "--manual-clock"}, &out);
  ASSERT_GT(pid, 0);
  std::string line = FirstLine(out);
  auto port = static_cast<std::uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
  HttpClient client(port);
  EXPECT_EQ(client.Send("GET", "/_emulator/rta/settings").JsonBody(), Json({{"grace_ms", 1500}, {"max_age_ms", 0}}));
  kill(pid, SIGTERM);
  EXPECT_EQ(WaitExit(pid), 0);
  std::fclose(out);
}

TEST(Executable, HistoryVersionsFlagBoundsEachSessionsHistory) {
  FILE* out = nullptr;
  pid_t pid = Launch({"--history-versions", "2", "--manual-clock", "--no-rate-limit"}, &out);
  ASSERT_GT(pid, 0);
  std::string line = FirstLine(out);
  auto port = static_cast<std::uint16_t>(std::stoi(line.substr(line.rfind(':') + 1)));
  HttpClient client(port);
  std::map<std::string, std::string> const headers = {{"X-Xbl-Contract-Version", "107"}, {"Authorization", kA}};
  EXPECT_EQ(client.Send("PUT", SessionPath("open", "flag"), headers, JoinBody("1001").dump()).status, 201);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(client.Send("PUT", SessionPath("open", "flag"), headers,
                          Json{{"properties", {{"custom", {{"i", i}}}}}}.dump()).status, 200);
  Json history = client.Send("GET", std::string("/_emulator/sessions/") + kScid + "/open/flag/history").JsonBody();
  EXPECT_EQ(history["versions"].size(), 2u) << history.dump();
  EXPECT_EQ(history["versions"].back()["changeNumber"], 4);
  kill(pid, SIGTERM);  // reached even when an expectation failed, so no emulator is left running
  EXPECT_EQ(WaitExit(pid), 0);
  std::fclose(out);
}

}  // namespace
}  // namespace xbl::conformance
