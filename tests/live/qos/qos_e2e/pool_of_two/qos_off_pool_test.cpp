// QoS measures off the cpprestsdk pool. The pool is sized to two threads here (before anything
// uses it, so this test owns its executable) and two measurements run to their 5 s deadline
// against a target that never answers; an MPSD write through the same pool must complete while
// both are still running. If a measurement held a pool thread, the two would take the whole pool
// and the write would wait for their deadline.
#include "wait_for.h"
#include "xbl/auth.h"
#include "xbl/client_options.h"
#include "xbl/http/cpprest_http_transport.h"
#include "xbl/multiplayer/multiplayer_service.h"
#include "xbl/qos/qos_address.h"
#include "xbl/qos/qos_measurer.h"
#include "xbl/qos/qos_session.h"
#include "xbl/testing/local_session_directory.h"

#include "live/qos/qos_test_support.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <gtest/gtest.h>
#include <pplx/threadpool.h>
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>

namespace xbl::qos {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
namespace mp = xbl::multiplayer;
using xbl::testing::LocalSessionDirectory;

constexpr char const* kTemplate = "qospool";

// Waits at most `limit`, so that a regression shows as a failure, never a hang.
using testing_support::WaitFor;

// A session read as member "100", with a second member whose device is `peer`.
mp::MultiplayerSession SessionWithPeerAt(QosEndpoint const& peer) {
  using testing::Member;
  auto document = testing::Document({{"0", Member("100", "aaaa", EncodeSecureDeviceAddress({"127.0.0.1", 1}))},
                                     {"1", Member("101", "bbbb", EncodeSecureDeviceAddress(peer))}},
                                    json::object());
  return testing::ParseAs(document, "100");
}

TEST(QosOffThePoolTest, MpsdWriteCompletesWhileTwoFiveSecondMeasurementsRunOnAPoolOfTwo) {
  xbl::testing::LocalSessionDirectoryOptions directory_options;
  directory_options.rate_limit = false;
  LocalSessionDirectory directory(directory_options);
  ASSERT_TRUE(directory.InstallTemplate(LocalSessionDirectory::kConformanceScid, kTemplate,
                                        {{"constants", {{"system", {{"version", 1}, {"maxMembersCount", 4}}}}}}));

  // Bound and never read: probes are queued, never answered, and no ICMP unreachable comes back.
  boost::asio::io_context io;
  boost::asio::ip::udp::socket silent(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  QosEndpoint const silent_endpoint{"127.0.0.1", silent.local_endpoint().port()};

  QosMeasurerOptions options;
  options.probes_per_target = 4;
  options.probe_interval = 10ms;
  options.probe_timeout = 60s;  // longer than the deadline: the run lasts until its deadline
  options.train_size = 0;
  options.deadline = 5s;
  auto direct = QosMeasurer(options).MeasureAsync({QosTarget::AtEndpoint(QosTargetKind::kPeer, "silent", silent_endpoint)});
  auto session_run = MeasureSessionAsync(SessionWithPeerAt(silent_endpoint), options);

  ClientOptions client;
  client.endpoint = directory.base_url();
  client.honor_environment = false;
  client.auth_token_provider = StaticAuthToken("XBL3.0 x=100;device=dev100");
  mp::MultiplayerService service(MakeCpprestHttpTransport(), client);
  mp::MultiplayerSession session(mp::SessionReference{LocalSessionDirectory::kConformanceScid, kTemplate, "pool"}, "100");
  ASSERT_TRUE(session.Join(mp::JoinOptions{}).ok());
  auto written = WaitFor(service.WriteSessionAsync(session, mp::SessionWriteMode::kCreateNew), 20s);
  bool const direct_running = !direct.is_done();
  bool const session_running = !session_run.is_done();

  ASSERT_TRUE(written.has_value()) << "the write never completed";
  ASSERT_TRUE(written->ok()) << written->error().ToString();
  EXPECT_TRUE(direct_running) << "the write waited for MeasureAsync to reach its deadline";
  EXPECT_TRUE(session_running) << "the write waited for MeasureSessionAsync to reach its deadline";

  auto direct_result = WaitFor(direct, 20s);
  ASSERT_TRUE(direct_result.has_value() && direct_result->ok());
  EXPECT_TRUE((*direct_result)->deadline_reached);
  EXPECT_EQ((*direct_result)->targets.at(0).status, QosStatus::kTimeout);
  auto session_result = WaitFor(session_run, 20s);
  ASSERT_TRUE(session_result.has_value() && session_result->ok());
  EXPECT_TRUE((*session_result)->run.deadline_reached);
}

}  // namespace
}  // namespace xbl::qos

// cpprestsdk sizes its shared pool once, on first use; this must come before any task or client.
int main(int argc, char** argv) {
  crossplat::threadpool::initialize_with_threads(2);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
