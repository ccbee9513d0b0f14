#pragma once
#include "http_message.h"
#include "upgraded_socket.h"

#include <memory>

namespace xbl::emulator {

struct ServiceState;

/// The `/connect` WebSocket handshake (docs/rta-protocol.md ): the refuse hook, the test
/// token (401 without one, 403 for a server principal), the subprotocol (V2 selected, 400 for a
/// list without it), then the 101 and a registered socket. Runs on the connection's strand.
void AcceptRtaUpgrade(ServiceState& state, HttpRequest const& request, std::unique_ptr<UpgradedSocket> upgraded);

/// The subprotocol the emulator serves.
constexpr char kRtaSubprotocol[] = "rta.xboxlive.com.V2";

}  // namespace xbl::emulator
