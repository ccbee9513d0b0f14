#include "xblmp_helpers.h"
#include "xbl/http/cpprest_http_transport.h"
#include <sys/wait.h>
#include <unistd.h>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace xblmp_test {

std::string ReadFile(std::string const& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

CommandRun RunTool(std::string const& executable, std::string const& args, std::string const& input,
                   std::string const& dir) {
  static std::atomic<int> runs{0};  // own files per run: runs may overlap
  auto const prefix = dir + "/run-" + std::to_string(++runs);
  std::string const in_path = prefix + ".stdin", err_path = prefix + ".stderr";
  std::ofstream(in_path) << input;
  std::string const command = "env -u XBL_MPSD_ENDPOINT timeout 60 '" + executable + "' " + args + " <'" + in_path +
                              "' 2>'" + err_path + "'";
  CommandRun run;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return run;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) run.out.append(buffer, n);
  int const raw = ::pclose(pipe);
  run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  run.err = ReadFile(err_path);
  return run;
}

void XblmpTest::SetUp() {
  xbl::testing::LocalSessionDirectoryOptions options;
  options.rate_limit = false;
  emulator_ = std::make_unique<xbl::testing::LocalSessionDirectory>(options);
  dir_ = ::testing::TempDir() + "xblmp-" + std::to_string(::getpid()) + "-" +
         ::testing::UnitTest::GetInstance()->current_test_info()->name();
  ASSERT_EQ(std::system(("mkdir -p '" + dir_ + "'").c_str()), 0);
}

CommandRun XblmpTest::Xblmp(std::string const& args, std::string const& input, bool with_endpoint) {
  return RunTool(XBLMP_PATH, (with_endpoint ? "--endpoint " + emulator_->base_url() + " " : "") + args, input, dir_);
}

nlohmann::json XblmpTest::Json(CommandRun const& run) {
  auto parsed = nlohmann::json::parse(run.out, nullptr, false);
  EXPECT_FALSE(parsed.is_discarded()) << "stdout is not one JSON document: " << run.out;
  return parsed;
}

namespace {

xbl::Result<xbl::HttpResponse> SendAdmin(std::string const& method, std::string const& url, nlohmann::json const& body) {
  auto transport = xbl::MakeCpprestHttpTransport();
  xbl::HttpRequest request;
  request.method = method;
  request.url = url;
  request.headers["Content-Type"] = "application/json";
  if (!body.is_null()) request.body = body.dump();
  auto response = transport->SendAsync(request, pplx::cancellation_token::none()).get();
  transport->Shutdown();
  return response;
}

}  // namespace

void XblmpTest::Admin(std::string const& method, std::string const& path, nlohmann::json const& body) {
  auto response = SendAdmin(method, emulator_->base_url() + path, body);
  ASSERT_TRUE(response.ok()) << response.error().ToString();
  ASSERT_LT(response->status, 300) << response->body;
}

nlohmann::json XblmpTest::AdminGet(std::string const& path) {
  auto response = SendAdmin("GET", emulator_->base_url() + path, nullptr);
  if (!response.ok() || response->status != 200) {
    ADD_FAILURE() << "GET " << path << ": " << (response.ok() ? response->body : response.error().ToString());
    return nullptr;
  }
  return nlohmann::json::parse(response->body, nullptr, false);
}

}  // namespace xblmp_test
