#pragma once
// Small helpers shared by the QoS tests: a raw UDP client with a bounded receive timeout, a
// responder started on 127.0.0.1 port 0, and session documents read through the session model.
#include "xbl/multiplayer/multiplayer_session.h"
#include "xbl/qos/qos_responder.h"
#include <nlohmann/json.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <utility>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace xbl::qos::testing {

/// A member record as MPSD renders it: active, asking to initialize, with `extra_system` merged
/// into its `properties/system`. An empty token or address leaves that field out.
inline nlohmann::json Member(std::string xuid, std::string token, std::string sda,
                             nlohmann::json extra_system = nlohmann::json::object()) {
  nlohmann::json system = {{"active", true}};
  if (!sda.empty()) system["secureDeviceAddress"] = sda;
  system.update(extra_system);
  nlohmann::json member = {{"constants", {{"system", {{"xuid", xuid}, {"initialize", true}}}}},
                           {"properties", {{"system", system}}}};
  if (!token.empty()) member["deviceToken"] = token;
  return member;
}

/// A contract-107 session document with `members` (index -> record) and `system_constants`
/// merged into a small connectivity session's `constants/system`.
inline nlohmann::json Document(nlohmann::json members, nlohmann::json system_constants,
                               nlohmann::json system_properties = nlohmann::json::object()) {
  nlohmann::json constants = {{"version", 1}, {"maxMembersCount", 8}, {"capabilities", {{"connectivity", true}}}};
  constants.update(system_constants);
  return {{"contractVersion", 107},
          {"constants", {{"system", constants}}},
          {"properties", {{"system", system_properties}}},
          {"members", members},
          {"membersInfo", {{"first", 0}, {"next", static_cast<int>(members.size())}, {"count", members.size()},
                           {"accepted", members.size()}}}};
}

/// `document` read by the session model as the user `xuid` sees it (a failed read is a test failure).
inline multiplayer::MultiplayerSession ParseAs(nlohmann::json const& document, std::string const& xuid) {
  auto parsed = multiplayer::MultiplayerSession::Parse(document.dump(), "\"etag-1\"");
  EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().ToString());
  auto session = parsed.ok() ? *parsed : multiplayer::MultiplayerSession();
  session.set_current_user_xuid(xuid);
  return session;
}

inline std::unique_ptr<QosResponder> StartLoopbackResponder(QosResponderOptions options = {}) {
  options.bind_address = "127.0.0.1";
  options.port = 0;
  auto responder = std::make_unique<QosResponder>(options);
  auto started = responder->Start();
  EXPECT_TRUE(started.ok()) << (started.ok() ? "" : started.error().ToString());
  return responder;
}

/// A blocking UDP socket on 127.0.0.1 whose receives give up after `timeout`.
class RawUdpClient {
 public:
  explicit RawUdpClient(std::chrono::milliseconds timeout = std::chrono::milliseconds(300))
      : socket_(io_, boost::asio::ip::udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0)) {
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  }

  void SendTo(QosEndpoint const& to, std::vector<unsigned char> const& bytes) {
    boost::system::error_code ignored;
    socket_.send_to(boost::asio::buffer(bytes),
                    boost::asio::ip::udp::endpoint(boost::asio::ip::make_address(to.host), to.port), 0, ignored);
  }

  /// The next datagram, or empty when none arrives within the timeout.
  std::optional<std::vector<unsigned char>> Receive() {
    // Plain recv: asio's blocking receive would turn SO_RCVTIMEO's EAGAIN into an endless poll.
    std::vector<unsigned char> buffer(2048);
    auto n = ::recv(socket_.native_handle(), buffer.data(), buffer.size(), 0);
    if (n < 0) return std::nullopt;
    buffer.resize(static_cast<std::size_t>(n));
    return buffer;
  }

  /// The next datagram and its sender, or empty on timeout.
  std::optional<std::pair<std::vector<unsigned char>, QosEndpoint>> ReceiveFrom() {
    std::vector<unsigned char> buffer(2048);
    sockaddr_in from{};
    socklen_t length = sizeof(from);
    auto n = ::recvfrom(socket_.native_handle(), buffer.data(), buffer.size(), 0,
                        reinterpret_cast<sockaddr*>(&from), &length);
    if (n < 0 || from.sin_family != AF_INET) return std::nullopt;
    buffer.resize(static_cast<std::size_t>(n));
    return std::make_pair(std::move(buffer), QosEndpoint{"127.0.0.1", ntohs(from.sin_port)});
  }

  QosEndpoint endpoint() const { return {"127.0.0.1", socket_.local_endpoint().port()}; }

  /// Every datagram until one receive times out (bounded by `max`).
  std::vector<std::vector<unsigned char>> ReceiveAll(std::size_t max = 1000) {
    std::vector<std::vector<unsigned char>> all;
    while (all.size() < max) {
      auto next = Receive();
      if (!next) break;
      all.push_back(std::move(*next));
    }
    return all;
  }

 private:
  boost::asio::io_context io_;
  boost::asio::ip::udp::socket socket_;
};

}  // namespace xbl::qos::testing
