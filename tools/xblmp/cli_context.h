#pragma once
#include "command.h"
#include "command_line.h"
#include "xbl/har_writer.h"
#include "xbl/multiplayer/multiplayer_service.h"
#include <memory>
#include <string>

namespace xblmp {

/// What every command gets: the parsed global options and a ready service.
class CliContext {
 public:
  /// Builds the service from the global options; on a usage problem returns null and sets `error`.
  static std::unique_ptr<CliContext> Create(CommandLine const& globals, std::string& error);
  ~CliContext();

  xbl::multiplayer::MultiplayerService& service() { return *service_; }
  std::string const& xuid() const { return xuid_; }
  /// The MPSD base URL the service talks to (for the emulator's own endpoints).
  std::string const& endpoint() const { return endpoint_; }
  /// The HTTP transport the service uses, for requests that are not MPSD calls.
  xbl::HttpTransport& transport() { return *transport_; }
  /// Writes the HAR file when `--har` was given (called once, at the end of the run).
  bool Finish();

 private:
  std::string xuid_;
  std::string endpoint_;
  std::string har_path_;
  std::shared_ptr<xbl::HarWriter> har_;
  std::shared_ptr<xbl::HttpTransport> transport_;
  std::unique_ptr<xbl::multiplayer::MultiplayerService> service_;
};

/// The options that come before the command word, as help lists them.
std::vector<OptionSpec> const& GlobalOptions();

}  // namespace xblmp
