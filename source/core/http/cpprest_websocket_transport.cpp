// The only code that talks to cpprestsdk's WebSocket client. Its pitfalls decide the shape:
// a client object cannot connect twice, has no connect or close timeout of its own, may not be
// sent to from two threads at once, blocks in its destructor until it is closed, and ends the
// process when one of its tasks fails unobserved. So: one client per attempt, our own deadlines,
// one send queue per connection, every task observed, and the last reference to a client dropped
// only once it is closed.
#include "core/contained_exception.h"
#include "core/http/deadline_scheduler.h"
#include "xbl/http/websocket_transport.h"
#include <cpprest/ws_client.h>
#include <algorithm>
#include <deque>
#include <mutex>
#include <vector>

namespace xbl {
namespace {

namespace ws = web::websockets::client;
using Client = ws::websocket_callback_client;

/// Closes `client` in the background (or, when it is closed already, waits for the end of its
/// close) and keeps it alive until then, so that its destructor never waits on the thread that
/// drops it, which may be the one running its close handler.
void CloseInBackground(std::shared_ptr<Client> client) {
  if (!client) return;
  try {
    client->close().then([client](pplx::task<void> done) {
      try {
        done.get();
      } catch (...) {
        // Ending anyway: a failed close leaves nothing to do.
      }
    });
  } catch (...) {
    internal::LogContainedException(nullptr, "closing a WebSocket client");
  }
}

/// One connection: the client object, its send queue and the delivery of its events.
class Link final : public WebSocketConnection, public std::enable_shared_from_this<Link> {
 public:
  Link(WebSocketEvents events, std::chrono::milliseconds close_timeout,
       std::shared_ptr<internal::DeadlineScheduler> deadlines)
      : events_(std::move(events)), close_timeout_(close_timeout), deadlines_(std::move(deadlines)) {}

  ~Link() override { CloseInBackground(TakeClient()); }

  void Attach(std::shared_ptr<Client> client) {
    std::lock_guard<std::mutex> lock(mutex_);
    client_ = std::move(client);
  }

  /// Called once the connect has succeeded: events held until then are delivered in order.
  void Open() {
    for (;;) {
      std::deque<std::function<void()>> held;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        if (held_.empty()) {
          open_ = true;
          return;
        }
        held.swap(held_);
      }
      for (auto& deliver : held) deliver();
    }
  }

  void OnIncoming(ws::websocket_incoming_message const& message) {
    try {
      if (message.message_type() == ws::websocket_message_type::pong) {
        Deliver([this] {
          if (events_.on_pong) events_.on_pong();
        });
      } else if (message.message_type() == ws::websocket_message_type::text_message) {
        // The callback client buffers the whole message, so this completes at once.
        auto text = message.extract_string().get();
        Deliver([this, text = std::move(text)]() mutable {
          if (events_.on_text) events_.on_text(std::move(text));
        });
      }
    } catch (...) {
      internal::LogContainedException(nullptr, "reading a WebSocket message");
    }
  }

  void OnClosed(int code, std::string reason) {
    Deliver([this, code, reason = std::move(reason)]() mutable { End(code, std::move(reason)); });
  }

  void SendText(std::string text) override {
    ws::websocket_outgoing_message message;
    message.set_utf8_message(std::move(text));
    Enqueue(std::move(message));
  }

  void Ping() override {
    ws::websocket_outgoing_message message;
    message.set_ping_message();
    Enqueue(std::move(message));
  }

  void Close(int code, std::string reason) override {
    std::shared_ptr<Client> client;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (ended_ || closing_) return;
      closing_ = true;
      client = client_;
    }
    std::weak_ptr<Link> weak = shared_from_this();
    deadlines_->Schedule(close_timeout_, weak, [weak] {
      if (auto self = weak.lock()) {
        self->DeliverNow([&self] { self->End(kWebSocketAbnormalClose, "no answer to the close frame"); });
      }
    });
    try {
      client->close(static_cast<ws::websocket_close_status>(code), reason).then([client](pplx::task<void> done) {
        try {
          done.get();
        } catch (...) {
          // The close handler reports how the connection ended.
        }
      });
    } catch (...) {
      DeliverNow([this] { End(kWebSocketAbnormalClose, "the close could not be sent"); });
    }
  }

  void Abort() override {
    Deliver([this] { End(kWebSocketAbnormalClose, "aborted"); });
  }

  /// Ends a connection that was never handed out: no events, the client closed in the background.
  void Discard() { CloseInBackground(TakeClient()); }

 private:
  /// Runs `deliver` now, or holds it until `Open` when the connect has not completed yet.
  void Deliver(std::function<void()> deliver) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!open_) {
        held_.push_back(std::move(deliver));
        return;
      }
    }
    DeliverNow(deliver);
  }

  /// One event at a time; recursive, so that an event may end its own connection.
  void DeliverNow(std::function<void()> const& deliver) {
    std::lock_guard<std::recursive_mutex> lock(delivering_);
    try {
      deliver();
    } catch (...) {
      internal::LogContainedException(nullptr, "a WebSocket event");
    }
  }

  /// Reports the end once and releases the client in the background.
  void End(int code, std::string reason) {
    std::shared_ptr<Client> client;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (ended_) return;
      ended_ = true;
      queue_.clear();
      client = std::move(client_);
    }
    // After a close the client reported, its close handler is still running on a continuation
    // that holds no reference to it: the client is released only once that has finished.
    CloseInBackground(std::move(client));
    if (events_.on_closed) events_.on_closed(WebSocketCloseStatus{code, std::move(reason)});
  }

  std::shared_ptr<Client> TakeClient() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (ended_) return nullptr;
    ended_ = true;
    return std::move(client_);
  }

  void Enqueue(ws::websocket_outgoing_message message) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (ended_ || closing_ || !client_) return;
      queue_.push_back(std::move(message));
      if (sending_) return;
      sending_ = true;
    }
    SendNext();
  }

  /// Sends the head of the queue; its completion sends the next one.
  void SendNext() {
    std::shared_ptr<Client> client;
    ws::websocket_outgoing_message message;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (ended_ || queue_.empty() || !client_) {
        sending_ = false;
        return;
      }
      client = client_;
      message = std::move(queue_.front());
      queue_.pop_front();
    }
    std::weak_ptr<Link> weak = shared_from_this();
    try {
      client->send(message).then([weak, client](pplx::task<void> sent) {
        try {
          sent.get();
        } catch (...) {
          // A failed send ends the connection; the close handler reports it.
        }
        if (auto self = weak.lock()) self->SendNext();
      });
    } catch (...) {
      internal::LogContainedException(nullptr, "a WebSocket send");
      std::lock_guard<std::mutex> lock(mutex_);
      sending_ = false;
    }
  }

  WebSocketEvents const events_;
  std::chrono::milliseconds const close_timeout_;
  std::shared_ptr<internal::DeadlineScheduler> const deadlines_;
  std::recursive_mutex delivering_;
  std::mutex mutex_;
  std::shared_ptr<Client> client_;
  std::deque<std::function<void()>> held_;
  std::deque<ws::websocket_outgoing_message> queue_;
  bool open_ = false;
  bool sending_ = false;
  bool closing_ = false;
  bool ended_ = false;
};

/// The first of connect, deadline and shutdown completes the attempt.
struct PendingConnect {
  std::mutex mutex;
  bool done = false;
  WebSocketTransport::ConnectCompletion on_done;

  bool Claim() {
    std::lock_guard<std::mutex> lock(mutex);
    if (done) return false;
    done = true;
    return true;
  }
  void Finish(Result<std::shared_ptr<WebSocketConnection>> result) {
    if (Claim()) Complete(std::move(result));
  }
  /// Calls `on_done`; only after a successful `Claim`.
  void Complete(Result<std::shared_ptr<WebSocketConnection>> result) {
    try {
      on_done(std::move(result));
    } catch (...) {
      internal::LogContainedException(nullptr, "a WebSocket connect completion");
    }
  }
};

class CpprestWebSocketTransport final : public WebSocketTransport {
 public:
  ~CpprestWebSocketTransport() override { Shutdown(); }

  void ConnectAsync(WebSocketConnectRequest request, WebSocketEvents events, ConnectCompletion on_done) override {
    auto pending = std::make_shared<PendingConnect>();
    pending->on_done = std::move(on_done);
    auto link = std::make_shared<Link>(std::move(events), request.close_timeout, deadlines_);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (shut_down_) return pending->Finish(Error(ErrorCode::kShutdown, "the WebSocket transport was shut down"));
      links_.erase(std::remove_if(links_.begin(), links_.end(),
                                  [](auto const& entry) { return entry.first.expired(); }),
                   links_.end());
      links_.emplace_back(link, pending);
    }
    try {
      Start(std::move(request), pending, link);
    } catch (std::exception const& e) {
      pending->Finish(Error(ErrorCode::kNetwork, e.what()));
    }
  }

  void Shutdown() override {
    std::vector<std::pair<std::weak_ptr<Link>, std::weak_ptr<PendingConnect>>> links;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (shut_down_) return;
      shut_down_ = true;
      links.swap(links_);
    }
    for (auto& [weak_link, weak_pending] : links) {
      auto link = weak_link.lock();
      if (!link) continue;
      auto pending = weak_pending.lock();
      if (pending && pending->Claim()) {
        link->Discard();
        pending->Complete(Error(ErrorCode::kShutdown, "the WebSocket transport was shut down"));
      } else {
        link->Abort();
      }
    }
    deadlines_->Stop();
  }

 private:
  void Start(WebSocketConnectRequest request, std::shared_ptr<PendingConnect> const& pending,
             std::shared_ptr<Link> const& link) {
    ws::websocket_client_config config;
    for (auto const& [name, value] : request.headers) config.headers().add(name, value);
    for (auto const& protocol : request.subprotocols) config.add_subprotocol(protocol);
    auto client = std::make_shared<Client>(config);
    std::weak_ptr<Link> weak = link;
    client->set_message_handler([weak](ws::websocket_incoming_message const& message) {
      if (auto self = weak.lock()) self->OnIncoming(message);
    });
    client->set_close_handler(
        [weak](ws::websocket_close_status status, utility::string_t const& reason, std::error_code const&) {
          if (auto self = weak.lock()) self->OnClosed(static_cast<int>(status), reason);
        });
    link->Attach(client);

    auto const timeout = request.connect_timeout;
    std::weak_ptr<PendingConnect> weak_pending = pending;
    deadlines_->Schedule(timeout, pending, [weak_pending, weak, timeout] {
      auto attempt = weak_pending.lock();
      if (!attempt || !attempt->Claim()) return;
      if (auto self = weak.lock()) self->Discard();
      attempt->Complete(
          Error(ErrorCode::kTimeout, "no WebSocket upgrade within " + std::to_string(timeout.count()) + " ms"));
    });

    // The continuation keeps the client (not the link) alive until the connect has finished.
    client->connect(web::uri(request.url)).then([pending, link, client](pplx::task<void> connected) {
      try {
        connected.get();
      } catch (std::exception const& e) {
        link->Discard();
        return pending->Finish(Error(ErrorCode::kNetwork, std::string("WebSocket connect failed: ") + e.what()));
      }
      if (!pending->Claim()) return link->Discard();  // the deadline or a shutdown came first
      pending->Complete(std::shared_ptr<WebSocketConnection>(link));
      link->Open();
    });
  }

  std::shared_ptr<internal::DeadlineScheduler> deadlines_ = std::make_shared<internal::DeadlineScheduler>();
  std::mutex mutex_;
  bool shut_down_ = false;
  std::vector<std::pair<std::weak_ptr<Link>, std::weak_ptr<PendingConnect>>> links_;
};

}  // namespace

std::shared_ptr<WebSocketTransport> MakeCpprestWebSocketTransport() {
  return std::make_shared<CpprestWebSocketTransport>();
}

}  // namespace xbl
