#pragma once
#include "xbl/http/websocket_transport.h"
#include <gmock/gmock.h>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace xbl::testing {

/// A GoogleMock `WebSocketConnection`: what the code under test sends, closes or aborts.
class MockWebSocketConnection : public WebSocketConnection {
 public:
  MOCK_METHOD(void, SendText, (std::string text), (override));
  MOCK_METHOD(void, Ping, (), (override));
  MOCK_METHOD(void, Close, (int code, std::string reason), (override));
  MOCK_METHOD(void, Abort, (), (override));
};

/// A GoogleMock `WebSocketTransport` for titles' unit tests (target `xbl::testing`):
///   EXPECT_CALL(*transport, ConnectAsync(_, _, _)).WillOnce(AcceptWith(connection, &events));
class MockWebSocketTransport : public WebSocketTransport {
 public:
  MOCK_METHOD(void, ConnectAsync, (WebSocketConnectRequest request, WebSocketEvents events, ConnectCompletion on_done),
              (override));
  MOCK_METHOD(void, Shutdown, (), (override));
};

/// One connect the code under test made, held so that the test decides when and how it completes
/// and then plays the server through `events`.
struct PendingWebSocketConnect {
  WebSocketConnectRequest request;
  WebSocketEvents events;
  WebSocketTransport::ConnectCompletion on_done;
};

/// A `ConnectAsync` action that completes at once with `connection` and stores the events the
/// code under test gave, so that the test can deliver frames and closes through them.
inline auto AcceptWith(std::shared_ptr<WebSocketConnection> connection, WebSocketEvents* events) {
  return [connection = std::move(connection), events](WebSocketConnectRequest const&, WebSocketEvents given,
                                                      WebSocketTransport::ConnectCompletion const& on_done) {
    *events = std::move(given);
    on_done(connection);
  };
}

/// A `ConnectAsync` action that completes at once with `error` (a refused or failed upgrade).
inline auto RefuseWith(Error error) {
  return [error = std::move(error)](WebSocketConnectRequest const&, WebSocketEvents const&,
                                    WebSocketTransport::ConnectCompletion const& on_done) { on_done(error); };
}

/// A `ConnectAsync` action that leaves the connect pending in `pending` (thread-safe).
class HoldConnects {
 public:
  auto Action() {
    return
        [this](WebSocketConnectRequest request, WebSocketEvents events, WebSocketTransport::ConnectCompletion on_done) {
          std::lock_guard<std::mutex> lock(mutex_);
          pending_.push_back(PendingWebSocketConnect{std::move(request), std::move(events), std::move(on_done)});
        };
  }
  std::size_t size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return pending_.size();
  }
  PendingWebSocketConnect at(std::size_t index) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return pending_.at(index);
  }

 private:
  mutable std::mutex mutex_;
  std::vector<PendingWebSocketConnect> pending_;
};

}  // namespace xbl::testing
