// The HTTP front under clients that hold connections: a cap on open connections answers one past it
// at once, and a client that does not finish its header within the header timeout loses its slot,
// so new clients keep being served.
#include "conformance_fixture.h"
#include "emulator.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include <sys/socket.h>
#include <sys/time.h>

#include <chrono>
#include <thread>
#include <vector>

namespace xbl::conformance {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class ConnectionCap : public ::testing::Test {
 protected:
  void Start(std::size_t max_connections, std::chrono::milliseconds header_timeout) {
    emulator::EmulatorOptions options;
    options.manual_clock = true;
    options.rate_limit = false;
    options.connections.max_connections = max_connections;
    options.connections.header_timeout = header_timeout;
    emulator_ = std::make_unique<emulator::Emulator>(options);
    std::string error;
    ASSERT_TRUE(emulator_->Start("127.0.0.1", 0, 2, &error)) << error;
  }

  /// A client that connects and sends `bytes` (possibly an unfinished header), then holds on.
  tcp::socket Hold(std::string const& bytes) {
    tcp::socket socket(ioc_);
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), emulator_->port()));
    if (!bytes.empty()) asio::write(socket, asio::buffer(bytes));
    timeval bound{10, 0};  // a blocking read below never outlives the test
    setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &bound, sizeof bound);
    return socket;
  }

  /// Waits (bounded) until the emulator counts `n` open connections.
  bool WaitForOpen(std::size_t n) {
    for (int i = 0; i < 1000 && emulator_->open_connections() != n; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return emulator_->open_connections() == n;
  }

  /// True when the server closed the socket (end of stream) rather than the read timing out.
  static bool ClosedByServer(tcp::socket& socket) {
    char chunk[512];
    boost::system::error_code ec;
    for (;;) {
      socket.read_some(asio::buffer(chunk), ec);
      if (ec) return ec == asio::error::eof || ec == asio::error::connection_reset;
    }
  }

  std::string Health() {
    return HttpClient::SendRaw(emulator_->port(), "GET /_emulator/health HTTP/1.1\r\nHost: x\r\n\r\n");
  }

  asio::io_context ioc_;
  std::unique_ptr<emulator::Emulator> emulator_;
};

TEST_F(ConnectionCap, OnePastTheCapIsAnsweredBusyAtOnceAndServedOnceSlotsFree) {
  Start(3, std::chrono::milliseconds(400));
  std::vector<tcp::socket> hostile;
  for (int i = 0; i < 3; ++i) hostile.push_back(Hold(""));
  ASSERT_TRUE(WaitForOpen(3));
  std::string const busy = Health();
  EXPECT_NE(busy.find(" 503 "), std::string::npos) << busy;
  EXPECT_NE(busy.find("Retry-After: 1"), std::string::npos) << busy;
  // The silent clients lose their slots at the header timeout; then a new client is served.
  for (auto& socket : hostile) EXPECT_TRUE(ClosedByServer(socket));
  ASSERT_TRUE(WaitForOpen(0));
  std::string const served = Health();
  EXPECT_NE(served.find(" 200 "), std::string::npos) << served;
}

TEST_F(ConnectionCap, NewClientsAreServedWhileSlowSendersHoldConnections) {
  Start(16, std::chrono::milliseconds(300));
  std::vector<tcp::socket> slow;
  for (int i = 0; i < 8; ++i) slow.push_back(Hold("GET /_emulator/health HTTP/1.1\r\nHost: x\r\n"));  // no end
  ASSERT_TRUE(WaitForOpen(8));
  for (int i = 0; i < 5; ++i) {
    std::string const served = Health();
    EXPECT_NE(served.find(" 200 "), std::string::npos) << served;
  }
  for (auto& socket : slow) EXPECT_TRUE(ClosedByServer(socket));  // not kept for minutes
  EXPECT_TRUE(WaitForOpen(0));
}

TEST_F(ConnectionCap, AnIdleKeepAliveConnectionFreesItsSlotAtTheHeaderTimeout) {
  Start(16, std::chrono::milliseconds(300));
  auto socket = Hold("GET /_emulator/health HTTP/1.1\r\nHost: x\r\n\r\n");
  char chunk[512];
  boost::system::error_code ec;
  std::size_t const n = socket.read_some(asio::buffer(chunk), ec);  // the answer; the connection stays open
  ASSERT_FALSE(ec);
  EXPECT_NE(std::string(chunk, n).find(" 200 "), std::string::npos);
  EXPECT_TRUE(ClosedByServer(socket));
  EXPECT_TRUE(WaitForOpen(0));
}

}  // namespace
}  // namespace xbl::conformance
