// xblmp session get|write|join|leave|set
#include "cli_context.h"
#include <fstream>
#include <iostream>
#include <sstream>

namespace xblmp {
namespace {

namespace mp = xbl::multiplayer;

// What a session call printed and returned: the session as JSON, or the status as an exit code.
int PrintSessionResult(xbl::Result<mp::SessionResult> const& result) {
  if (!result) {
    if (result.error().session) PrintJson(result.error().session->ToJson());  // 412/403 carry it
    return ReportError(result.error());
  }
  switch (result->status) {
    case mp::SessionResultStatus::kNotFound:
      std::cerr << "error: no_such_session 204 the session does not exist\n";
      return kExitNoSuchSession;
    case mp::SessionResultStatus::kDeleted:
      PrintJson({{"status", "deleted"}});
      return kExitOk;
    default:
      PrintJson(result->session ? result->session->ToJson() : nlohmann::json::object());
      return kExitOk;
  }
}

std::optional<mp::SessionReference> Reference(CommandLine const& line, std::size_t first) {
  auto const& p = line.positional();
  if (p.size() != first + 3) return std::nullopt;
  mp::SessionReference ref{p[first], p[first + 1], p[first + 2]};
  if (ref.empty()) return std::nullopt;
  return ref;
}

std::optional<std::string> ReadBody(std::string const& source) {
  std::ostringstream text;
  if (source == "-") {
    text << std::cin.rdbuf();
  } else {
    std::ifstream in(source, std::ios::binary);
    if (!in) return std::nullopt;
    text << in.rdbuf();
  }
  return text.str();
}

int Get(CliContext& context, CommandLine const& line) {
  auto ref = Reference(line, 1);
  if (!ref) return UsageError("session get SCID TEMPLATE NAME");
  return PrintSessionResult(context.service().GetCurrentSessionAsync(*ref).get());
}

int Write(CliContext& context, CommandLine const& line) {
  auto ref = Reference(line, 1);
  if (!ref || !line.has("--body")) {
    return UsageError("session write SCID TEMPLATE NAME --body FILE|- [--mode create|update|upsert|sync] [--etag ETAG]");
  }
  auto const mode_name = line.value("--mode", "upsert");
  mp::SessionWriteMode mode;
  if (mode_name == "create") {
    mode = mp::SessionWriteMode::kCreateNew;
  } else if (mode_name == "update") {
    mode = mp::SessionWriteMode::kUpdateExisting;
  } else if (mode_name == "upsert") {
    mode = mp::SessionWriteMode::kUpdateOrCreateNew;
  } else if (mode_name == "sync") {
    mode = mp::SessionWriteMode::kSynchronizedUpdate;
  } else {
    return UsageError("--mode takes create, update, upsert or sync");
  }
  if (line.has("--etag") && mode != mp::SessionWriteMode::kSynchronizedUpdate) {
    return UsageError("--etag goes with --mode sync");
  }
  auto body = ReadBody(line.value("--body"));
  if (!body) return UsageError("cannot read " + line.value("--body"));
  auto delta = nlohmann::json::parse(*body, nullptr, /*allow_exceptions=*/false);
  if (delta.is_discarded()) return UsageError("the body is not valid JSON");
  mp::MultiplayerSession session(*ref, context.xuid());
  session.set_etag(line.value("--etag"));
  if (auto merged = session.MergeRawChanges(delta); !merged) return ReportError(merged.error());
  return PrintSessionResult(context.service().WriteSessionAsync(session, mode).get());
}

int Join(CliContext& context, CommandLine const& line) {
  auto ref = Reference(line, 1);
  if (!ref) return UsageError("session join SCID TEMPLATE NAME [--active] [--initialize]");
  if (context.xuid().empty()) return UsageError("session join needs --xuid");
  mp::MultiplayerSession session(*ref, context.xuid());
  mp::JoinOptions options;
  options.active = line.has("--active");
  options.initialize = line.has("--initialize");
  if (auto joined = session.Join(options); !joined) return ReportError(joined.error());
  return PrintSessionResult(context.service().WriteSessionAsync(session, mp::SessionWriteMode::kUpdateOrCreateNew).get());
}

int Leave(CliContext& context, CommandLine const& line) {
  auto ref = Reference(line, 1);
  if (!ref) return UsageError("session leave SCID TEMPLATE NAME");
  return PrintSessionResult(context.service().LeaveSessionAsync(*ref).get());
}

int Set(CliContext& context, CommandLine const& line) {
  auto ref = Reference(line, 1);
  auto const pairs = line.values("--custom");
  if (!ref || pairs.empty()) return UsageError("session set SCID TEMPLATE NAME --custom KEY=JSON...");
  std::vector<std::pair<std::string, nlohmann::json>> changes;
  for (auto const& pair : pairs) {
    auto const equals = pair.find('=');
    if (equals == std::string::npos || equals == 0) return UsageError("--custom takes KEY=JSON, got " + pair);
    auto value = nlohmann::json::parse(pair.substr(equals + 1), nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) return UsageError("--custom " + pair.substr(0, equals) + ": the value is not JSON");
    changes.emplace_back(pair.substr(0, equals), std::move(value));
  }
  auto result = context.service()
                    .UpdateSessionAsync(*ref, [changes](mp::MultiplayerSession& session) -> xbl::Result<void> {
                      for (auto const& [key, value] : changes) {
                        if (auto set = session.SetCustomProperty(key, value); !set) return set;
                      }
                      return {};
                    })
                    .get();
  return PrintSessionResult(result);
}

}  // namespace

int RunSessionCommand(CliContext& context, std::vector<std::string> const& words) {
  std::string error;
  auto line = CommandLine::Parse(words, {"--body", "--mode", "--etag", "--custom"}, {"--active", "--initialize"}, error);
  if (!line) return UsageError(error);
  if (line->positional().empty()) return UsageError("session get|write|join|leave|set ...");
  auto const& verb = line->positional()[0];
  if (verb == "get") return Get(context, *line);
  if (verb == "write") return Write(context, *line);
  if (verb == "join") return Join(context, *line);
  if (verb == "leave") return Leave(context, *line);
  if (verb == "set") return Set(context, *line);
  return UsageError("unknown session command " + verb);
}

}  // namespace xblmp
