#pragma once
#include <boost/asio/ip/tcp.hpp>

#include <memory>
#include <string>

namespace xbl::emulator {

/// A TCP connection the HTTP front hands over after reading a WebSocket upgrade request (or a
/// request for the admin event stream).
struct UpgradedSocket {
  boost::asio::ip::tcp::socket socket;
  std::string pending;  // bytes the HTTP reader had already received past the request
};

/// Answers `HTTP/1.1 status reason` with a plain-text `message` and closes the connection.
void AnswerAndClose(std::unique_ptr<UpgradedSocket> upgraded, int status, std::string const& reason,
                    std::string const& message);

}  // namespace xbl::emulator
