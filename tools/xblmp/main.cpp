// xblmp: inspect and change MPSD sessions from a shell. One JSON document on stdout; errors as
// one line `error: <code> <http status> <message>` on stderr. Exit status: 0 ok, 1 service or
// transport error, 2 usage, 3 no such session, 4 conflict (412).
#include "cli_context.h"
#include <algorithm>
#include <iostream>

namespace {

constexpr char kUsage[] = R"(usage: xblmp [global options] COMMAND ...
global options:
  --endpoint URL          MPSD base URL (default: $XBL_MPSD_ENDPOINT)
  --xuid XUID             act as this user (emulator test identity); --claims device=..&title=.. adds claims
  --server                act as a server principal
  --token VALUE           a raw Authorization value (real tokens)
  --contract-version N    104, 105 or 107 (default 107)
  --har FILE              write every HTTP exchange as HAR 1.2
  --verbose               trace to stderr
  --timeout SECONDS       per attempt, and for the whole call with its retries
commands:
  session get SCID TEMPLATE NAME
  session write SCID TEMPLATE NAME --body FILE|- [--mode create|update|upsert|sync] [--etag ETAG]
  session join SCID TEMPLATE NAME [--active] [--initialize]
  session leave SCID TEMPLATE NAME
  session set SCID TEMPLATE NAME --custom KEY=JSON...
  sessions query SCID [--template T] [--keyword K] [--xuid X]... [--private] [--reservations] [--inactive]
                      [--visibility V] [--take N]
  templates list SCID | templates get SCID NAME
  qos respond [--port N] [--host ADDRESS]
  qos measure [--peer TOKEN=HOST:PORT]... [--server NAME=HOST:PORT]... [--probes N] [--deadline-ms N]
)";

}  // namespace

int main(int argc, char* argv[]) {
  std::vector<std::string> words(argv + 1, argv + argc);
  // Global options come before the command word.
  std::vector<std::string> global_words;
  std::size_t i = 0;
  for (; i < words.size() && words[i].compare(0, 2, "--") == 0; ++i) {
    global_words.push_back(words[i]);
    bool const takes_value = words[i] != "--server" && words[i] != "--verbose" && words[i] != "--help";
    if (takes_value && i + 1 < words.size()) global_words.push_back(words[++i]);
  }
  if (i >= words.size() || std::find(global_words.begin(), global_words.end(), "--help") != global_words.end()) {
    std::cerr << kUsage;
    return xblmp::kExitUsage;
  }
  std::string error;
  auto globals = xblmp::CommandLine::Parse(
      global_words, {"--endpoint", "--xuid", "--claims", "--token", "--contract-version", "--har", "--timeout"},
      {"--server", "--verbose"}, error);
  if (!globals) return xblmp::UsageError(error);
  std::string const command = words[i];
  std::vector<std::string> rest(words.begin() + static_cast<std::ptrdiff_t>(i) + 1, words.end());
  if (command == "qos") return xblmp::RunQosCommand(rest);

  auto context = xblmp::CliContext::Create(*globals, error);
  if (!context) return xblmp::UsageError(error);
  int status = xblmp::kExitUsage;
  if (command == "session") {
    status = xblmp::RunSessionCommand(*context, rest);
  } else if (command == "sessions") {
    status = xblmp::RunSessionsCommand(*context, rest);
  } else if (command == "templates") {
    status = xblmp::RunTemplatesCommand(*context, rest);
  } else {
    status = xblmp::UsageError("unknown command " + command);
  }
  if (!context->Finish() && status == xblmp::kExitOk) status = xblmp::kExitServiceError;
  return status;
}
