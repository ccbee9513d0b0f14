#pragma once
#include "xbl/http/websocket_transport.h"
#include "xbl/service_context.h"
#include <memory>

namespace xbl::internal {

/// `inner`, reporting each upgrade and each text message sent or received on its connections to
/// the context's `websocket_event_handler`. The events are stamped by the context's clock where
/// they happen and handed over on its callback executor, so title code never runs on the socket's
/// thread. A context already gone records nothing.
std::shared_ptr<WebSocketTransport> MakeRecordingWebSocketTransport(std::shared_ptr<WebSocketTransport> inner,
                                                                    std::weak_ptr<ServiceContext const> context);

}  // namespace xbl::internal
