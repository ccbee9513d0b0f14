#pragma once
#include "websocket_framing.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

namespace xbl::emulator {

/// What a socket reports to its owner (the RTA hub). Called on the socket's strand, never under
/// the socket's own lock.
struct RtaSocketEvents {
  /// A text message; returns nothing, replies go through Send.
  std::function<void(std::string const& text)> on_text;
  /// The socket is ending (close frame received, TCP lost, protocol error): called once, before
  /// any closing reply is written.
  std::function<void()> on_end;
  /// Every frame text written or received, for the frame log.
  std::function<void(bool out, std::string const& text)> on_frame;
};

/// One accepted `/connect` WebSocket after its 101: reads and reassembles client frames, answers
/// pings, writes queued text frames in order, and implements the hooks (deaf, drop, close).
/// Thread-safe: Send/Drop/Close/SetDeaf may be called from any thread; I/O runs on the strand
/// of the socket's executor.
class RtaSocket : public std::enable_shared_from_this<RtaSocket> {
 public:
  /// `pending` holds bytes read after the upgrade request, if any.
  RtaSocket(boost::asio::ip::tcp::socket socket, std::string pending);
  ~RtaSocket();

  /// Starts reading; `preamble` (the 101 response) is written before any frame.
  void Start(RtaSocketEvents events, std::string preamble);
  /// Queues a text frame; dropped when deaf or closing. Send and SendVerbatim never call
  /// `on_end` synchronously; Close and Drop do (so call them without locks `on_end` takes).
  void Send(std::string const& text);
  /// Queues a text frame even when deaf (the send hook).
  void SendVerbatim(std::string const& text);
  /// Sends a close frame with `code`, then ends the TCP connection once the client answers
  /// (or after 5 s).
  void Close(int code, std::string const& reason);
  /// Ends the TCP connection at once, without a close frame (the client sees 1006).
  void Drop();
  void SetDeaf(bool deaf) { deaf_ = deaf; }
  bool deaf() const { return deaf_; }
  /// Bytes queued but not yet written; a client that stops reading is dropped past kMaxQueued.
  static constexpr std::size_t kMaxQueuedBytes = 4 * 1024 * 1024;

 private:
  void Read();
  void OnRead(std::size_t n);
  void Handle(ws::Message const& message);
  void Enqueue(std::string frame, bool then_close);
  void WriteNext();
  void End();
  void CloseTcp();

  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer linger_;
  ws::FrameReader reader_;
  std::string pending_;
  char read_buffer_[16384];
  RtaSocketEvents events_;
  std::atomic<bool> deaf_{false};

  std::mutex mutex_;  // guards the fields below
  std::deque<std::string> queue_;
  std::size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool closing_ = false;      // a close frame is queued: nothing more is sent
  bool close_after_ = false;  // shut the TCP down once the queue drains
  bool ended_ = false;        // on_end was called
  bool tcp_closed_ = false;
};

}  // namespace xbl::emulator
