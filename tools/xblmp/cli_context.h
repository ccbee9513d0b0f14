#pragma once
#include "command_line.h"
#include "xbl/har_writer.h"
#include "xbl/multiplayer/multiplayer_service.h"
#include <memory>
#include <string>

namespace xblmp {

/// Exit statuses: part of the tool's interface, so scripts can branch on them.
enum ExitCode { kExitOk = 0, kExitServiceError = 1, kExitUsage = 2, kExitNoSuchSession = 3, kExitConflict = 4 };

/// What every command gets: the parsed global options and a ready service.
class CliContext {
 public:
  /// Builds the service from the global options; on a usage problem returns null and sets `error`.
  static std::unique_ptr<CliContext> Create(CommandLine const& globals, std::string& error);
  ~CliContext();

  xbl::multiplayer::MultiplayerService& service() { return *service_; }
  std::string const& xuid() const { return xuid_; }
  /// Writes the HAR file when `--har` was given (called once, at the end of the run).
  bool Finish();

 private:
  std::string xuid_;
  std::string har_path_;
  std::shared_ptr<xbl::HarWriter> har_;
  std::shared_ptr<xbl::HttpTransport> transport_;
  std::unique_ptr<xbl::multiplayer::MultiplayerService> service_;
};

/// Prints `error: <code> <http status> <message>` on stderr and returns the exit status for it.
int ReportError(xbl::Error const& error);
/// Prints a usage error (`error: usage <message>`) and returns kExitUsage.
int UsageError(std::string const& message);
/// Prints one JSON document on stdout.
void PrintJson(nlohmann::json const& document);

/// The commands; `words` are what follows the command's own name.
int RunSessionCommand(CliContext& context, std::vector<std::string> const& words);
int RunSessionsCommand(CliContext& context, std::vector<std::string> const& words);
int RunTemplatesCommand(CliContext& context, std::vector<std::string> const& words);
/// QoS needs no service: it runs before a context exists.
int RunQosCommand(std::vector<std::string> const& words);

}  // namespace xblmp
