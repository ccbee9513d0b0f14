#include "rta_socket.h"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include <chrono>

namespace xbl::emulator {

namespace asio = boost::asio;

RtaSocket::RtaSocket(asio::ip::tcp::socket socket, std::string pending)
    : socket_(std::move(socket)), linger_(socket_.get_executor()), pending_(std::move(pending)) {}

RtaSocket::~RtaSocket() = default;

void RtaSocket::Start(RtaSocketEvents events, std::string preamble) {
  events_ = std::move(events);
  if (!preamble.empty()) Enqueue(std::move(preamble), false);
  asio::post(socket_.get_executor(), [self = shared_from_this()] {
    if (!self->pending_.empty()) {
      self->reader_.Feed(self->pending_.data(), self->pending_.size());
      self->pending_.clear();
      self->OnRead(0);
      return;
    }
    self->Read();
  });
}

void RtaSocket::Read() {
  socket_.async_read_some(asio::buffer(read_buffer_),
                          [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
                            if (ec) {
                              self->End();
                              self->CloseTcp();
                              return;
                            }
                            self->reader_.Feed(self->read_buffer_, n);
                            self->OnRead(n);
                          });
}

void RtaSocket::OnRead(std::size_t) {
  for (;;) {
    ws::Message message;
    int code = 0;
    std::string reason;
    auto status = reader_.Next(message, code, reason);
    if (status == ws::FrameReader::Status::kNeedMore) break;
    if (status == ws::FrameReader::Status::kError) {
      End();
      Enqueue(ws::EncodeClose(code, reason), true);
      break;
    }
    Handle(message);
    std::lock_guard<std::mutex> lock(mutex_);
    if (tcp_closed_) return;
  }
  Read();
}

void RtaSocket::Handle(ws::Message const& message) {
  bool ended = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ended = ended_;
  }
  if (message.opcode == ws::kClose) {
    if (ended) return CloseTcp();  // the client's answer to our close frame
    End();                         // retired before the closing reply goes out
    if (deaf_) return CloseTcp();
    std::string code = message.payload.size() >= 2 ? message.payload.substr(0, 2) : std::string();
    Enqueue(ws::EncodeFrame(ws::kClose, code), true);
    return;
  }
  if (ended) return;
  // The frame log shows what arrived even on a deaf socket, which then discards it.
  if (message.opcode == ws::kText && events_.on_frame) events_.on_frame(false, message.payload);
  if (deaf_) return;
  if (message.opcode == ws::kPing) return Enqueue(ws::EncodeFrame(ws::kPong, message.payload), false);
  if (message.opcode == ws::kPong) return;
  if (message.opcode == ws::kBinary) {
    End();
    return Enqueue(ws::EncodeClose(1003, "binary frames are not accepted"), true);
  }
  if (events_.on_text) events_.on_text(message.payload);
}

void RtaSocket::Send(std::string const& text) {
  if (deaf_) return;
  SendVerbatim(text);
}

void RtaSocket::SendVerbatim(std::string const& text) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closing_ || tcp_closed_) return;
  }
  if (events_.on_frame) events_.on_frame(true, text);
  Enqueue(ws::EncodeFrame(ws::kText, text), false);
}

void RtaSocket::Close(int code, std::string const& reason) {
  End();
  Enqueue(ws::EncodeClose(code, reason), true);
}

void RtaSocket::Drop() {
  End();
  asio::post(socket_.get_executor(), [self = shared_from_this()] { self->CloseTcp(); });
}

void RtaSocket::Enqueue(std::string frame, bool then_close) {
  bool start = false;
  bool overflow = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (closing_ || tcp_closed_) return;
    if (then_close) closing_ = close_after_ = true;
    queued_bytes_ += frame.size();
    overflow = queued_bytes_ > kMaxQueuedBytes;
    if (!overflow) {
      queue_.push_back(std::move(frame));
      if (!writing_) start = writing_ = true;
    }
  }
  // A client that does not read is cut off, not buffered forever. Posted: Enqueue never ends
  // the socket synchronously, so callers may hold their own locks.
  if (overflow) asio::post(socket_.get_executor(), [self = shared_from_this()] { self->CloseTcp(); });
  if (start) asio::post(socket_.get_executor(), [self = shared_from_this()] { self->WriteNext(); });
}

void RtaSocket::WriteNext() {
  std::string const* front = nullptr;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (tcp_closed_) {
      writing_ = false;
      return;
    }
    if (queue_.empty()) {
      writing_ = false;
      if (!close_after_) return;
    } else {
      front = &queue_.front();  // deque elements stay put while others are appended
    }
  }
  if (!front) {
    // Our close frame is out: stop sending and wait (bounded) for the client to finish.
    boost::system::error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
    linger_.expires_after(std::chrono::seconds(5));
    linger_.async_wait([self = shared_from_this()](boost::system::error_code ec) {
      if (!ec) self->CloseTcp();
    });
    return;
  }
  asio::async_write(socket_, asio::buffer(*front), [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
    {
      std::lock_guard<std::mutex> lock(self->mutex_);
      self->queued_bytes_ -= self->queue_.front().size();
      self->queue_.pop_front();
    }
    if (ec) {
      self->End();
      self->CloseTcp();
      return;
    }
    self->WriteNext();
  });
}

void RtaSocket::End() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (ended_) return;
    ended_ = true;
  }
  if (events_.on_end) events_.on_end();
}

void RtaSocket::CloseTcp() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (tcp_closed_) return;
    tcp_closed_ = true;
  }
  End();
  boost::system::error_code ignored;
  linger_.cancel();
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

}  // namespace xbl::emulator
