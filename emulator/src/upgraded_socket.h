#pragma once
#include <boost/asio/ip/tcp.hpp>

#include <string>

namespace xbl::emulator {

/// A TCP connection the HTTP front hands over after reading a WebSocket upgrade request.
struct UpgradedSocket {
  boost::asio::ip::tcp::socket socket;
  std::string pending;  // bytes the HTTP reader had already received past the request
};

}  // namespace xbl::emulator
