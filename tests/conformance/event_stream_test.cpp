// The admin event stream (GET /_emulator/events, server-sent events) that the explorer page listens
// to, and the page itself (GET /_emulator/ui), over real sockets: a hello, one change event per
// commit, request and clock events; not cut by the header timeout; bounded; ended by Stop.
#include "conformance_fixture.h"
#include "emulator.h"
#include "wait_for.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include <sys/socket.h>
#include <sys/time.h>

#include <chrono>
#include <thread>

namespace xbl::conformance {
namespace {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

class EventStream : public ::testing::Test {
 protected:
  void Start(std::chrono::milliseconds header_timeout = std::chrono::milliseconds(10000)) {
    emulator::EmulatorOptions options;
    options.manual_clock = true;
    options.rate_limit = false;
    options.connections.header_timeout = header_timeout;
    emu_ = std::make_unique<emulator::Emulator>(options);
    std::string error;
    ASSERT_TRUE(emu_->Start("127.0.0.1", 0, 2, &error)) << error;
    client_ = std::make_unique<HttpClient>(emu_->port());
  }

  /// A connection that has asked for the stream.
  tcp::socket OpenStream() {
    tcp::socket socket(ioc_);
    socket.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), emu_->port()));
    timeval bound{10, 0};  // no read below outlives the test
    setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &bound, sizeof bound);
    asio::write(socket, asio::buffer(std::string(
                            "GET /_emulator/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n")));
    return socket;
  }

  /// Reads until `text` has arrived (true) or the stream ends or stalls for the socket's bound.
  static bool ReadUntil(tcp::socket& socket, std::string& received, std::string const& text) {
    char chunk[4096];
    while (received.find(text) == std::string::npos) {
      boost::system::error_code ec;
      std::size_t n = socket.read_some(asio::buffer(chunk), ec);
      if (ec) return false;
      received.append(chunk, n);
    }
    return true;
  }

  /// True when the server ended the stream (end of stream), false when the read timed out.
  static bool EndedByServer(tcp::socket& socket) {
    char chunk[4096];
    for (;;) {
      boost::system::error_code ec;
      socket.read_some(asio::buffer(chunk), ec);
      if (ec) return ec == asio::error::eof || ec == asio::error::connection_reset;
    }
  }

  void Join(char const* who, std::string const& xuid, std::string const& name) {
    auto r = client_->Send("PUT", SessionPath("open", name),
                           {{"X-Xbl-Contract-Version", "107"}, {"Authorization", who}}, JoinBody(xuid).dump());
    ASSERT_EQ(r.status, 201) << r.body;
  }

  asio::io_context ioc_;
  std::unique_ptr<emulator::Emulator> emu_;
  std::unique_ptr<HttpClient> client_;
};

TEST_F(EventStream, StartsWithHelloThenSendsAChangeEventForEachCommitAndARequestEvent) {
  Start();
  auto socket = OpenStream();
  std::string got;
  ASSERT_TRUE(ReadUntil(socket, got, "event: hello\n"));
  ASSERT_TRUE(ReadUntil(socket, got, "\n\n"));
  EXPECT_EQ(got.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << got;
  EXPECT_NE(got.find("Content-Type: text/event-stream"), std::string::npos) << got;
  EXPECT_NE(got.find(R"(data: {"now":"2026-01-01T00:00:00.0000000Z","manualClock":true})"), std::string::npos) << got;
  Join(kA, "1001", "live1");
  ASSERT_TRUE(ReadUntil(socket, got, "event: change\n"));
  ASSERT_TRUE(ReadUntil(socket, got, "event: request\n"));
  auto change = got.find("event: change\ndata: ");
  auto line_end = got.find('\n', change + 20);
  Json data = Json::parse(got.substr(change + 20, line_end - change - 20));
  EXPECT_EQ(data["name"], "live1");
  EXPECT_EQ(data["changeNumber"], 1);
  EXPECT_EQ(data["cause"]["identity"], "1001");
  EXPECT_FALSE(data["deleted"].get<bool>());
  EXPECT_LT(change, got.find("event: request\n"));  // the commit is published before the request is logged
}

TEST_F(EventStream, MovingTheClockSendsAClockEvent) {
  Start();
  auto socket = OpenStream();
  std::string got;
  ASSERT_TRUE(ReadUntil(socket, got, "event: hello\n"));
  ASSERT_EQ(client_->Send("POST", "/_emulator/clock", {}, R"({"advance_ms":2500})").status, 200);
  EXPECT_TRUE(ReadUntil(socket, got, "event: clock\ndata: {\"now\":\"2026-01-01T00:00:02.5000000Z\"}\n\n")) << got;
}

TEST_F(EventStream, AnOpenStreamIsNotCutByTheHeaderTimeout) {
  Start(std::chrono::milliseconds(100));
  auto socket = OpenStream();
  std::string got;
  ASSERT_TRUE(ReadUntil(socket, got, "event: hello\n"));
  // Several header timeouts pass with nothing to send; the stream must still carry the next change.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  Join(kA, "1001", "later");
  EXPECT_TRUE(ReadUntil(socket, got, "\"name\":\"later\"")) << got;
}

TEST_F(EventStream, OneStreamPastTheCapIsAnswered503) {
  Start();
  std::vector<tcp::socket> open;
  for (std::size_t i = 0; i < emulator::EventStream::kMaxClients; ++i) {
    open.push_back(OpenStream());
    std::string got;
    ASSERT_TRUE(ReadUntil(open.back(), got, "event: hello\n")) << i;
  }
  EXPECT_EQ(emu_->state().events.open_streams(), emulator::EventStream::kMaxClients);
  auto extra = OpenStream();
  std::string got;
  ASSERT_TRUE(ReadUntil(extra, got, "\r\n\r\n"));
  EXPECT_EQ(got.rfind("HTTP/1.1 503 ", 0), 0u) << got;
  EXPECT_TRUE(EndedByServer(extra));
  // A stream that goes frees its place.
  open.pop_back();
  ASSERT_TRUE(testing_support::WaitUntil(
      [&] { return emu_->state().events.open_streams() < emulator::EventStream::kMaxClients; }));
  auto again = OpenStream();
  std::string hello;
  EXPECT_TRUE(ReadUntil(again, hello, "event: hello\n")) << hello;
}

TEST_F(EventStream, StopEndsOpenStreams) {
  Start();
  auto socket = OpenStream();
  std::string got;
  ASSERT_TRUE(ReadUntil(socket, got, "event: hello\n"));
  auto const started = std::chrono::steady_clock::now();
  emu_->Stop();
  EXPECT_TRUE(EndedByServer(socket));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(5));
}

TEST_F(EventStream, InProcessTheStreamIsRefusedPlainly) {
  Start();
  emulator::HttpRequest r;
  r.method = "GET";
  r.path = "/_emulator/events";
  EXPECT_EQ(emu_->Handle(r).status, 400);
}

class ExplorerPage : public ConformanceTest {};

TEST_F(ExplorerPage, IsServedFromTheBinaryWithItsScriptAndStyle) {
  auto page = client_->Send("GET", "/_emulator/ui");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.Header("content-type"), "text/html; charset=utf-8");
  EXPECT_NE(page.body.find("<script src=\"/_emulator/ui/app.js\""), std::string::npos);
  EXPECT_NE(page.body.find("/_emulator/ui/style.css"), std::string::npos);
  // Only its own script and style, and connections only back to this emulator.
  std::string csp = page.Header("content-security-policy");
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("connect-src 'self'"), std::string::npos) << csp;
  auto script = client_->Send("GET", "/_emulator/ui/app.js");
  ASSERT_EQ(script.status, 200);
  EXPECT_EQ(script.Header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_NE(script.body.find("new EventSource('/_emulator/events')"), std::string::npos);
  EXPECT_EQ(script.body.find("innerHTML"), std::string::npos);  // text only: nothing is parsed as markup
  auto style = client_->Send("GET", "/_emulator/ui/style.css");
  ASSERT_EQ(style.status, 200);
  EXPECT_EQ(style.Header("content-type"), "text/css; charset=utf-8");
  EXPECT_EQ(client_->Send("GET", "/_emulator/ui/other.js").status, 404);
  EXPECT_EQ(client_->Send("GET", "/_emulator/ui/").status, 200);
}

}  // namespace
}  // namespace xbl::conformance
