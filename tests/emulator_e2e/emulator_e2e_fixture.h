#pragma once
// An embedded emulator and a real transport: the SDK's calls end to end, as each user.
#include "xbl/auth.h"
#include "xbl/http/cpprest_http_transport.h"
#include "xbl/multiplayer/multiplayer_service.h"
#include "xbl/testing/local_session_directory.h"
#include <gtest/gtest.h>
#include <memory>
#include <string>

namespace xbl::multiplayer {

class EmulatorEndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override {
    emulator_ = std::make_unique<xbl::testing::LocalSessionDirectory>(emulator_options_);
    transport_ = MakeCpprestHttpTransport();
  }
  void TearDown() override { transport_->Shutdown(); }

  /// A service that calls as `xuid` (on its own device unless `device` says otherwise).
  std::unique_ptr<MultiplayerService> As(std::string const& xuid, std::string const& device = {}) {
    return std::make_unique<MultiplayerService>(transport_, OptionsFor(xuid, device));
  }

  /// The options `As` builds its service with, for a test that changes some (the RTA timings).
  ClientOptions OptionsFor(std::string const& xuid, std::string const& device = {}) const {
    ClientOptions options;
    options.endpoint = emulator_->base_url();
    options.rta_endpoint = emulator_->rta_url();  // used only by a test that enables subscriptions
    options.honor_environment = false;
    options.attempt_timeout = std::chrono::seconds(5);
    options.user_xuid = xuid;
    options.auth_token_provider =
        StaticAuthToken("XBL3.0 x=" + xuid + ";device=" + (device.empty() ? "d" + xuid : device) + "&title=8397267");
    return options;
  }

  /// An admin call to the emulator (`/_emulator/...`); returns the HTTP status (0: no answer).
  int Admin(std::string const& method, std::string const& path, nlohmann::json const& body = nullptr) {
    auto response = SendAdmin(method, path, body);
    return response.ok() ? response->status : 0;
  }
  /// The same, for its JSON answer (null when there is none or it is not JSON).
  nlohmann::json AdminJson(std::string const& method, std::string const& path, nlohmann::json const& body = nullptr) {
    auto response = SendAdmin(method, path, body);
    if (!response.ok()) return nullptr;
    auto answer = nlohmann::json::parse(response->body, nullptr, /*allow_exceptions=*/false);
    return answer.is_discarded() ? nullptr : answer;
  }

  /// `xuid` creates (or joins) `ref` as an active member.
  std::shared_ptr<MultiplayerSession> Join(std::string const& xuid, SessionReference const& ref) {
    MultiplayerSession session(ref, xuid);
    EXPECT_TRUE(session.Join().ok());
    auto written = As(xuid)->WriteSessionAsync(session, SessionWriteMode::kUpdateOrCreateNew).get();
    EXPECT_TRUE(written.ok()) << xuid << ": " << (written.ok() ? "" : written.error().ToString());
    return written.ok() ? written->session : nullptr;
  }

  /// How SetUp starts the emulator; a derived fixture may change it in its constructor.
  xbl::testing::LocalSessionDirectoryOptions emulator_options_ = [] {
    xbl::testing::LocalSessionDirectoryOptions options;
    options.rate_limit = false;
    return options;
  }();
  std::string const scid_ = xbl::testing::LocalSessionDirectory::kConformanceScid;
  std::unique_ptr<xbl::testing::LocalSessionDirectory> emulator_;
  std::shared_ptr<HttpTransport> transport_;

 private:
  Result<HttpResponse> SendAdmin(std::string const& method, std::string const& path, nlohmann::json const& body) {
    HttpRequest request;
    request.method = method;
    request.url = emulator_->base_url() + path;
    request.headers["Content-Type"] = "application/json";
    if (!body.is_null()) request.body = body.dump();
    return transport_->SendAsync(request, pplx::cancellation_token::none()).get();
  }
};

}  // namespace xbl::multiplayer
