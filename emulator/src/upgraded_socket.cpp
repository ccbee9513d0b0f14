#include "upgraded_socket.h"

#include <boost/asio/write.hpp>

namespace xbl::emulator {

void AnswerAndClose(std::unique_ptr<UpgradedSocket> upgraded, int status, std::string const& reason,
                    std::string const& message) {
  struct Pending {
    boost::asio::ip::tcp::socket socket;
    std::string bytes;
  };
  auto pending = std::make_shared<Pending>(Pending{std::move(upgraded->socket), {}});
  pending->bytes = "HTTP/1.1 " + std::to_string(status) + " " + reason +
                   "\r\nServer: xbl-mpsd-emulator\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " +
                   std::to_string(message.size()) + "\r\nConnection: close\r\n\r\n" + message;
  boost::asio::async_write(pending->socket, boost::asio::buffer(pending->bytes),
                           [pending](boost::system::error_code, std::size_t) {
                             boost::system::error_code ignored;
                             pending->socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
                             pending->socket.close(ignored);
                           });
}

}  // namespace xbl::emulator
