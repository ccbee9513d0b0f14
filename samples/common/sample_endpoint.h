#pragma once
// Shared by the samples: the MPSD endpoint comes from XBL_MPSD_ENDPOINT or, when that is unset,
// from an emulator started in this process (so a sample runs anywhere, with no service).
#include "xbl/auth.h"
#include "xbl/client_options.h"
#include "xbl/http/cpprest_http_transport.h"
#include "xbl/multiplayer/multiplayer_service.h"
#include "xbl/testing/local_session_directory.h"
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

namespace xbl_samples {

class SampleEndpoint {
 public:
  SampleEndpoint() {
    if (char const* env = std::getenv("XBL_MPSD_ENDPOINT"); env != nullptr && *env != '\0') {
      url_ = env;
      std::cout << "endpoint: " << url_ << " (from XBL_MPSD_ENDPOINT)\n";
    } else {
      xbl::testing::LocalSessionDirectoryOptions options;
      options.rate_limit = false;  // samples make bursts of calls a real title would spread out
      emulator_ = std::make_unique<xbl::testing::LocalSessionDirectory>(options);
      url_ = emulator_->base_url();
      std::cout << "endpoint: " << url_ << " (local emulator started in this process)\n";
    }
    transport_ = xbl::MakeCpprestHttpTransport();
  }
  ~SampleEndpoint() { transport_->Shutdown(); }

  std::string const& url() const { return url_; }

  /// A service acting as user `xuid` (the emulator's test identity, protocol §6.2); its
  /// subscriptions use the RTA socket on the same host (the emulator serves both on one port).
  std::unique_ptr<xbl::multiplayer::MultiplayerService> ServiceFor(std::string const& xuid) const {
    xbl::ClientOptions options;
    options.endpoint = url_;
    options.rta_endpoint = xbl::RtaEndpointFor(url_);
    options.honor_environment = false;
    options.user_xuid = xuid;
    options.auth_token_provider =
        xbl::StaticAuthToken("XBL3.0 x=" + xuid + ";device=d" + xuid + "&title=8397267&gamertag=player" + xuid);
    return std::make_unique<xbl::multiplayer::MultiplayerService>(transport_, options);
  }

 private:
  std::string url_;
  std::unique_ptr<xbl::testing::LocalSessionDirectory> emulator_;
  std::shared_ptr<xbl::HttpTransport> transport_;
};

/// Prints "  ok: <what>" or "  error: <what>: <error>" and says whether it worked.
template <typename T>
bool Check(xbl::Result<T> const& result, std::string const& what) {
  if (result.ok()) {
    std::cout << "  ok: " << what << "\n";
    return true;
  }
  std::cerr << "  error: " << what << ": " << result.error().ToString() << "\n";
  return false;
}

/// A change recorded on a local session object (nothing is sent yet): silent when it is
/// recorded, an error line when the object refuses it. Says whether it was recorded.
inline bool Staged(xbl::Result<void> const& change, std::string const& what) {
  if (change.ok()) return true;
  std::cerr << "  error: " << what << ": " << change.error().ToString() << "\n";
  return false;
}

}  // namespace xbl_samples
