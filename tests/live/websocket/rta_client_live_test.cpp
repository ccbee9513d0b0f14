// The RTA client over the real cpprestsdk transport against the emulator's /connect, on its
// manual clock and the SDK's stepped sleeper: subscribe, a shoulder tap, a drop without a close
// frame (docs/rta-protocol.md R-38) and the reconnect with a fresh ConnectionId.
#include "wait_for.h"
#include "xbl/http/cpprest_http_transport.h"
#include "xbl/rta/rta_client.h"
#include "xbl/testing/local_session_directory.h"
#include "xbl/testing/stepped_sleeper.h"
#include <gtest/gtest.h>
#include <mutex>

namespace xbl::rta {
namespace {

using testing_support::WaitUntil;

class RtaClientLiveTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::LocalSessionDirectoryOptions options;
    options.manual_clock = true;
    options.rate_limit = false;
    emulator_ = std::make_unique<testing::LocalSessionDirectory>(options);
  }
  void TearDown() override {
    if (client_) client_->Shutdown();
    websocket_->Shutdown();
    http_->Shutdown();
  }

  void Start() {
    ClientOptions options;
    options.honor_environment = false;
    options.endpoint = emulator_->base_url();
    options.rta_endpoint = emulator_->rta_url();
    options.user_xuid = "1001";
    options.auth_token_provider = StaticAuthToken("XBL3.0 x=1001;device=d1001&title=8397267");
    options.clock = clock_;
    options.sleeper = sleeper_;
    options.jitter = [] { return 0.0; };
    context_ = ServiceContext::Create(http_, options);
    RtaSubscription mpsd;
    mpsd.resource = "https://sessiondirectory.xboxlive.com/connections/";
    mpsd.accept = [](nlohmann::json const& data) { return data.contains("ConnectionId"); };
    mpsd.on_subscribed = [this](nlohmann::json const& data) {
      std::lock_guard<std::mutex> lock(mutex_);
      ids_.push_back(data["ConnectionId"].get<std::string>());
    };
    RtaClientOptions rta;
    rta.transport = websocket_;
    client_ = RtaClient::Create(context_, {mpsd}, {}, rta);
    client_->Start();
  }

  std::size_t id_count() {
    std::lock_guard<std::mutex> lock(mutex_);
    return ids_.size();
  }

  int Hook(std::string const& path) {
    HttpRequest request;
    request.method = "POST";
    request.url = emulator_->base_url() + "/_emulator/rta/" + path;
    request.headers["Content-Type"] = "application/json";
    request.body = "{}";
    auto response = http_->SendAsync(request, pplx::cancellation_token::none()).get();
    return response.ok() ? response->status : 0;
  }

  std::unique_ptr<testing::LocalSessionDirectory> emulator_;
  std::shared_ptr<testing::ManualClock> clock_ = std::make_shared<testing::ManualClock>();
  std::shared_ptr<testing::SteppedSleeper> sleeper_ = std::make_shared<testing::SteppedSleeper>(clock_);
  std::shared_ptr<HttpTransport> http_ = MakeCpprestHttpTransport();
  std::shared_ptr<WebSocketTransport> websocket_ = MakeCpprestWebSocketTransport();
  std::shared_ptr<ServiceContext> context_;
  std::shared_ptr<RtaClient> client_;
  std::mutex mutex_;
  std::vector<std::string> ids_;
};

TEST_F(RtaClientLiveTest, SubscribesThenReconnectsAfterADropWithAFreshConnectionId) {
  Start();
  ASSERT_TRUE(WaitUntil([&] { return id_count() == 1; }));
  EXPECT_TRUE(client_->subscribed());
  ASSERT_EQ(Hook("connections/1/drop"), 200);
  ASSERT_TRUE(WaitUntil([&] { return !client_->subscribed(); }));
  // The reconnect waits for the backoff on the SDK's manual clock: move it.
  ASSERT_TRUE(WaitUntil([&] {
    sleeper_->Advance(std::chrono::milliseconds(100));
    return id_count() == 2;
  }));
  std::lock_guard<std::mutex> lock(mutex_);
  EXPECT_NE(ids_[0], ids_[1]);
}

TEST_F(RtaClientLiveTest, ShutdownUnsubscribesAndClosesSoTheIdIsRetired) {
  Start();
  ASSERT_TRUE(WaitUntil([&] { return id_count() == 1; }));
  client_->Shutdown();
  // the emulator lists the id as retired (its grace period running).
  ASSERT_TRUE(WaitUntil([&] {
    HttpRequest request;
    request.url = emulator_->base_url() + "/_emulator/rta/connections";
    auto response = http_->SendAsync(request, pplx::cancellation_token::none()).get();
    if (!response.ok()) return false;
    auto const listing = nlohmann::json::parse(response->body, nullptr, false);
    return listing.is_object() && listing["connections"].empty() && listing["retired"].size() == 1;
  }));
}

}  // namespace
}  // namespace xbl::rta
