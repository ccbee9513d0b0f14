#include "rta_upgrade.h"

#include "auth.h"
#include "rta_socket.h"
#include "service_state.h"
#include "upgraded_socket.h"
#include "websocket_framing.h"

#include <boost/asio/write.hpp>

namespace xbl::emulator {
namespace {

std::string Trim(std::string s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(s.begin());
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  return s;
}

char const* Reason(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Refused";
  }
}

// Answers with a plain-text status and closes: no upgrade.
void Refuse(std::unique_ptr<UpgradedSocket> upgraded, int status, std::string const& message) {
  AnswerAndClose(std::move(upgraded), status, Reason(status), message);
}

}  // namespace

void AcceptRtaUpgrade(ServiceState& state, HttpRequest const& request, std::unique_ptr<UpgradedSocket> upgraded) {
  if (auto status = state.rta.TakeRefusal())
    return Refuse(std::move(upgraded), *status, "The RTA service refused this connection (test hook).");
  auto principal = ParseAuthorization(request.Header("authorization"));
  if (!principal) return Refuse(std::move(upgraded), 401, "The Authorization header is missing or is not a valid test identity.");
  if (!principal->has_user()) return Refuse(std::move(upgraded), 403, "An RTA socket belongs to a user; a server principal cannot open one.");
  std::string offered = request.Header("sec-websocket-protocol");
  std::string selected;
  if (!Trim(offered).empty()) {
    std::size_t start = 0;
    while (start <= offered.size()) {
      std::size_t end = offered.find(',', start);
      if (end == std::string::npos) end = offered.size();
      if (Trim(offered.substr(start, end - start)) == kRtaSubprotocol) selected = kRtaSubprotocol;
      start = end + 1;
    }
    if (selected.empty())
      return Refuse(std::move(upgraded), 400, std::string("Sec-WebSocket-Protocol must offer ") + kRtaSubprotocol + ".");
  }
  std::string key = Trim(request.Header("sec-websocket-key"));
  if (key.empty() || Trim(request.Header("sec-websocket-version")) != "13")
    return Refuse(std::move(upgraded), 400, "A WebSocket upgrade needs Sec-WebSocket-Key and Sec-WebSocket-Version 13.");

  std::string response = "HTTP/1.1 101 Switching Protocols\r\nServer: xbl-mpsd-emulator\r\nUpgrade: websocket\r\n"
                         "Connection: Upgrade\r\nSec-WebSocket-Accept: " + ws::AcceptKey(key) + "\r\n";
  if (!selected.empty()) response += "Sec-WebSocket-Protocol: " + selected + "\r\n";
  response += "\r\n";
  auto socket = std::make_shared<RtaSocket>(std::move(upgraded->socket), std::move(upgraded->pending));
  state.rta.Open(socket, principal->xuid, selected, std::move(response));
}

}  // namespace xbl::emulator
