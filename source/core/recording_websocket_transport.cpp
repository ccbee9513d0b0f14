#include "core/recording_websocket_transport.h"
#include "core/logger.h"
#include <atomic>

namespace xbl::internal {
namespace {

// Process-wide, so that one writer fed by several clients never mixes up two connections.
std::atomic<std::uint64_t> last_connection_id{0};

/// What the wrappers of one connection share.
class Recorder {
 public:
  explicit Recorder(std::weak_ptr<ServiceContext const> context)
      : id_(++last_connection_id), context_(std::move(context)) {}

  /// Stamps `event` with this connection and hands it to the handler off this thread.
  void Report(WebSocketEvent event) const {
    auto const context = context_.lock();
    if (!context) return;
    event.connection = id_;
    context->PostCallback("the WebSocket event handler",
                          [logger = LoggerOf(*context), event = std::move(event)] { logger->WebSocket(event); });
  }

  void Message(WebSocketEvent::Type type, std::string const& text) const {
    auto const context = context_.lock();
    if (!context) return;
    WebSocketEvent event;
    event.type = type;
    event.time = context->clock()->SystemNow();
    event.data = text;
    Report(std::move(event));
  }

  std::shared_ptr<ServiceContext const> context() const { return context_.lock(); }
  void MarkEnded() { ended_ = true; }
  bool ended() const { return ended_; }

 private:
  std::uint64_t const id_;
  std::weak_ptr<ServiceContext const> const context_;
  std::atomic<bool> ended_{false};
};

class RecordingConnection final : public WebSocketConnection {
 public:
  RecordingConnection(std::shared_ptr<WebSocketConnection> inner, std::shared_ptr<Recorder> recorder)
      : inner_(std::move(inner)), recorder_(std::move(recorder)) {}

  void SendText(std::string text) override {
    // After the end a send goes nowhere, so the archive does not show it.
    if (!recorder_->ended()) recorder_->Message(WebSocketEvent::Type::kSend, text);
    inner_->SendText(std::move(text));
  }
  void Ping() override { inner_->Ping(); }
  void Close(int code, std::string reason) override { inner_->Close(code, std::move(reason)); }
  void Abort() override { inner_->Abort(); }

 private:
  std::shared_ptr<WebSocketConnection> const inner_;
  std::shared_ptr<Recorder> const recorder_;
};

/// The upgrade as the archive shows it: the transport adds the subprotocol header itself.
WebSocketEvent UpgradeEvent(WebSocketConnectRequest const& request, Clock const& clock) {
  WebSocketEvent event;
  event.type = WebSocketEvent::Type::kUpgrade;
  event.time = clock.SystemNow();
  event.url = request.url;
  event.request_headers = request.headers;
  std::string offered;
  for (auto const& subprotocol : request.subprotocols) offered += (offered.empty() ? "" : ", ") + subprotocol;
  if (!offered.empty()) event.request_headers["Sec-WebSocket-Protocol"] = offered;
  return event;
}

class RecordingTransport final : public WebSocketTransport {
 public:
  RecordingTransport(std::shared_ptr<WebSocketTransport> inner, std::weak_ptr<ServiceContext const> context)
      : inner_(std::move(inner)), context_(std::move(context)) {}

  void ConnectAsync(WebSocketConnectRequest request, WebSocketEvents events, ConnectCompletion on_done) override {
    auto recorder = std::make_shared<Recorder>(context_);
    auto const context = recorder->context();
    if (!context) return inner_->ConnectAsync(std::move(request), std::move(events), std::move(on_done));
    auto upgrade = UpgradeEvent(request, *context->clock());
    auto const started = context->clock()->Now();
    events.on_text = [recorder, on_text = std::move(events.on_text)](std::string text) {
      recorder->Message(WebSocketEvent::Type::kReceive, text);
      if (on_text) on_text(std::move(text));
    };
    events.on_closed = [recorder, on_closed = std::move(events.on_closed)](WebSocketCloseStatus status) {
      recorder->MarkEnded();
      if (on_closed) on_closed(std::move(status));
    };
    inner_->ConnectAsync(
        std::move(request), std::move(events),
        [recorder, upgrade = std::move(upgrade), started,
         on_done = std::move(on_done)](Result<std::shared_ptr<WebSocketConnection>> result) mutable {
          if (auto const context = recorder->context()) {
            upgrade.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(context->clock()->Now() - started);
          }
          upgrade.status = result.ok() ? 101 : result.error().http_status;
          if (!result.ok()) upgrade.error = result.error().ToString();
          // Reported before the connection is handed on, so it comes ahead of every message.
          recorder->Report(std::move(upgrade));
          if (result.ok() && *result) {
            result = std::shared_ptr<WebSocketConnection>(std::make_shared<RecordingConnection>(*result, recorder));
          }
          on_done(std::move(result));
        });
  }

  void Shutdown() override { inner_->Shutdown(); }

 private:
  std::shared_ptr<WebSocketTransport> const inner_;
  std::weak_ptr<ServiceContext const> const context_;
};

}  // namespace

std::shared_ptr<WebSocketTransport> MakeRecordingWebSocketTransport(std::shared_ptr<WebSocketTransport> inner,
                                                                    std::weak_ptr<ServiceContext const> context) {
  return std::make_shared<RecordingTransport>(std::move(inner), std::move(context));
}

}  // namespace xbl::internal
