#include "rta_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <regex>
#include <thread>

namespace xbl::conformance {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

Json RtaFrame::json() const {
  Json j = Json::parse(text, nullptr, false);
  return j.is_discarded() ? Json(nullptr) : j;
}

struct RtaClient::Impl {
  explicit Impl(std::uint16_t p) : port(p), ws(ioc) {}
  std::uint16_t port;
  asio::io_context ioc;
  websocket::stream<beast::tcp_stream> ws;
  beast::flat_buffer buffer;
  std::map<std::string, std::string> headers;
  std::string body;
  int pongs = 0;
  bool broken = false;

  // Runs the io_context until `done` or the timeout; on timeout cancels and drains.
  bool RunUntil(bool const& done, std::chrono::milliseconds timeout) {
    ioc.restart();
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done && std::chrono::steady_clock::now() < deadline) ioc.run_one_until(deadline);
    if (done) return true;
    beast::get_lowest_layer(ws).cancel();
    ioc.restart();
    ioc.run_for(std::chrono::seconds(1));
    broken = true;
    return false;
  }
};

RtaClient::RtaClient(std::uint16_t port) : impl_(std::make_unique<Impl>(port)) {}
RtaClient::~RtaClient() {
  beast::error_code ignored;
  beast::get_lowest_layer(impl_->ws).socket().close(ignored);
}

int RtaClient::Connect(char const* authorization, std::string const& subprotocols, std::string const& target) {
  auto& ws = impl_->ws;
  beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(5));
  beast::get_lowest_layer(ws).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), impl_->port));
  ws.set_option(websocket::stream_base::decorator([authorization, subprotocols](websocket::request_type& req) {
    if (authorization) req.set(beast::http::field::authorization, authorization);
    if (!subprotocols.empty()) req.set(beast::http::field::sec_websocket_protocol, subprotocols);
  }));
  ws.control_callback([impl = impl_.get()](websocket::frame_type kind, beast::string_view) {
    if (kind == websocket::frame_type::pong) ++impl->pongs;
  });
  websocket::response_type res;
  beast::error_code ec;
  bool done = false;
  ws.async_handshake(res, "127.0.0.1", target, [&](beast::error_code e) {
    ec = e;
    done = true;
  });
  impl_->RunUntil(done, std::chrono::seconds(5));
  beast::get_lowest_layer(ws).expires_never();
  for (auto const& f : res) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    impl_->headers[name] = std::string(f.value());
  }
  impl_->body = res.body();
  return static_cast<int>(res.result_int());
}

std::map<std::string, std::string> const& RtaClient::response_headers() const { return impl_->headers; }
std::string const& RtaClient::response_body() const { return impl_->body; }

void RtaClient::SendText(std::string const& text) {
  impl_->ws.text(true);
  beast::error_code ec;
  impl_->ws.write(asio::buffer(text), ec);
}

void RtaClient::SendBinary(std::string const& bytes) {
  impl_->ws.binary(true);
  beast::error_code ec;
  impl_->ws.write(asio::buffer(bytes), ec);
  impl_->ws.text(true);
}

void RtaClient::Ping() {
  beast::error_code ec;
  impl_->ws.ping({}, ec);
}

int RtaClient::pongs() const { return impl_->pongs; }

void RtaClient::Close(int code) {
  bool done = false;
  impl_->ws.async_close(websocket::close_reason(static_cast<std::uint16_t>(code)), [&](beast::error_code) { done = true; });
  impl_->RunUntil(done, std::chrono::seconds(5));
}

void RtaClient::Abort() {
  beast::error_code ignored;
  beast::get_lowest_layer(impl_->ws).socket().shutdown(tcp::socket::shutdown_both, ignored);
  beast::get_lowest_layer(impl_->ws).socket().close(ignored);
}

RtaFrame RtaClient::Read(std::chrono::milliseconds timeout) {
  RtaFrame frame;
  if (impl_->broken) return frame;
  beast::error_code ec;
  bool done = false;
  impl_->buffer.clear();
  impl_->ws.async_read(impl_->buffer, [&](beast::error_code e, std::size_t) {
    ec = e;
    done = true;
  });
  if (!impl_->RunUntil(done, timeout)) return frame;  // kTimeout
  if (!ec) {
    frame.kind = RtaFrame::Kind::kText;
    frame.text = beast::buffers_to_string(impl_->buffer.data());
    return frame;
  }
  impl_->broken = true;
  if (ec == websocket::error::closed) {
    frame.kind = RtaFrame::Kind::kClosed;
    frame.close_code = impl_->ws.reason().code;
    frame.close_reason = std::string(impl_->ws.reason().reason.c_str());
  } else {
    frame.kind = RtaFrame::Kind::kLost;  // what a client reports as 1006
    frame.close_code = 1006;
  }
  return frame;
}

std::string RtaClient::Subscribe(std::int64_t seq) {
  SendJson(Json::array({1, seq, kMpsdResource}));
  RtaFrame reply = Read();
  Json j = reply.json();
  if (!j.is_array() || j.size() != 5 || j[2] != 0) return {};
  sub_id_ = j[3].get<std::int64_t>();
  return j[4].value("ConnectionId", std::string());
}

bool IsLowercaseGuid(std::string const& text) {
  static std::regex const guid("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  return std::regex_match(text, guid);
}

std::unique_ptr<RtaClient> RtaTest::Open(char const* who, std::string* id) {
  auto client = std::make_unique<RtaClient>(emulator_->port());
  EXPECT_EQ(client->Connect(who), 101);
  std::string connection = client->Subscribe();
  EXPECT_TRUE(IsLowercaseGuid(connection)) << connection;
  if (id) *id = connection;
  return client;
}

Json RtaTest::BoundMe(std::string const& xuid, std::string const& connection, Json change_types) {
  Json body = JoinBody(xuid);
  auto& sys = body["members"]["me"]["properties"]["system"];
  sys["connection"] = connection;
  sys["subscription"] = Json{{"id", "5b0c1b3e-0000-4000-8000-00000000" + xuid.substr(0, 4)},
                             {"changeTypes", std::move(change_types)}};
  return body;
}

Response RtaTest::CreateRtaSession(char const* who, std::string const& xuid, std::string const& name,
                                   std::string const& connection, Json change_types) {
  Json body = BoundMe(xuid, connection, std::move(change_types));
  body["constants"] = {{"system", {{"maxMembersCount", 4}, {"capabilities", {{"connectionRequiredForActiveMembers", true}}}}}};
  return Put(who, SessionPath("dyn", name), body);
}

Response RtaTest::JoinRta(char const* who, std::string const& xuid, std::string const& name,
                          std::string const& connection, Json change_types) {
  return Put(who, SessionPath("dyn", name), BoundMe(xuid, connection, std::move(change_types)));
}

std::vector<Json> RtaTest::DrainUntilMarker(RtaClient& client, int socket) {
  std::vector<Json> events;
  EXPECT_EQ(Admin("POST", "/rta/connections/" + std::to_string(socket) + "/resync").status, 200);
  for (int i = 0; i < 1000; ++i) {
    RtaFrame f = client.Read();
    if (f.kind != RtaFrame::Kind::kText) {
      ADD_FAILURE() << "no resync marker: the socket ended or timed out";
      break;
    }
    Json j = f.json();
    if (j == Json::array({4})) break;
    events.push_back(j);
  }
  return events;
}

int RtaTest::SocketOf(std::string const& connection_id) {
  Json list = Admin("GET", "/rta/connections").JsonBody();
  for (auto const& c : list["connections"])
    if (c["connectionId"] == connection_id) return c["socket"].get<int>();
  return 0;
}

bool RtaTest::WaitForInboundFrame(std::string const& text) {
  for (int i = 0; i < 500; ++i) {  // bounded: about 5 s
    Json frames = Admin("GET", "/rta/frames").JsonBody()["frames"];
    for (auto const& f : frames)
      if (f["direction"] == "in" && f["text"] == text) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

}  // namespace xbl::conformance
