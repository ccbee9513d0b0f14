#include "xbl/qos/qos_responder.h"

#include "qos/qos_protocol.h"
#include "qos/stamped_udp_socket.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/ip/v6_only.hpp>
#include <boost/asio/post.hpp>
#include <algorithm>
#include <array>
#include <atomic>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace xbl::qos {
namespace {

namespace asio = boost::asio;
using udp = asio::ip::udp;
using internal::QosPacketHeader;
using internal::QosPacketType;

// Token bucket per source address and port: requests and reply bytes.
struct SourceBucket {
  double packets = 0;
  double bytes = 0;
  std::chrono::steady_clock::time_point refilled;
};

}  // namespace

class QosResponder::Impl {
 public:
  explicit Impl(QosResponderOptions options) : options_(std::move(options)) {}

  Result<void> Start() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (thread_.joinable()) return Error(ErrorCode::kInvalidState, "QoS responder already started");
    boost::system::error_code ec;
    auto address = asio::ip::make_address(options_.bind_address, ec);
    if (ec) return Error(ErrorCode::kInvalidArgument, "QoS responder bind address is not numeric: " + options_.bind_address);
    if (options_.max_train_packets < 1 || options_.packets_per_second <= 0 || options_.packet_burst < 1 ||
        options_.bytes_per_second <= 0 || options_.byte_burst < 1 || options_.max_sources < 1) {
      return Error(ErrorCode::kInvalidArgument, "QoS responder limits must be positive");
    }
    io_.restart();
    socket_ = std::make_unique<udp::socket>(io_);
    udp::endpoint bind_to(address, options_.port);
    socket_->open(bind_to.protocol(), ec);
    if (!ec && address.is_v6()) socket_->set_option(asio::ip::v6_only(false), ec);
    if (!ec) socket_->bind(bind_to, ec);
    if (!ec) internal::EnableReceiveStamps(*socket_);  // upload-train acks report kernel arrival
    if (ec) {
      socket_.reset();
      return Error(ErrorCode::kNetwork, "QoS responder cannot bind " + bind_to.address().to_string() + ":" +
                                            std::to_string(options_.port) + ": " + ec.message());
    }
    auto local = socket_->local_endpoint(ec);
    endpoint_ = QosEndpoint{local.address().to_string(), local.port()};
    stats_ = {};
    buckets_.clear();
    running_ = true;
    Receive();
    thread_ = std::thread([this] { io_.run(); });
    return {};
  }

  void Stop() {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!thread_.joinable()) return;
    asio::post(io_, [this] {
      boost::system::error_code ignored;
      socket_->close(ignored);
    });
    thread_.join();
    socket_.reset();
    running_ = false;
  }

  bool running() const { return running_; }
  QosEndpoint endpoint() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return endpoint_;
  }
  QosResponderStats stats() const {
    std::lock_guard<std::mutex> lock(stats_mutex_);
    return stats_;
  }

 private:
  // Waits for readability, then drains with recvmsg so each datagram carries the kernel's arrival
  // stamp: upload-train acks report when a packet arrived, not when this thread got to it.
  void Receive() {
    socket_->async_wait(udp::socket::wait_read, [this](boost::system::error_code ec) {
      if (ec == asio::error::operation_aborted || !socket_->is_open()) return;  // stopped
      OnReadable();
    });
  }

  void OnReadable() {
    if (!socket_->is_open()) return;
    for (int i = 0; i < kMaxDrain; ++i) {
      auto read = internal::ReceiveStamped(*socket_, in_.data(), in_.size(), &sender_);
      // Drained, or an error such as an ICMP report from an earlier reply: wait for more.
      if (!read) return Receive();
      auto arrival_us = std::chrono::duration_cast<std::chrono::microseconds>(read.arrival.time_since_epoch());
      Handle(static_cast<std::size_t>(read.size), static_cast<std::uint64_t>(arrival_us.count()));
    }
    // More queued: the reactor is edge-triggered, so keep draining after other work.
    asio::post(io_, [this] { OnReadable(); });
  }

  void Handle(std::size_t size, std::uint64_t arrival_us) {
    Count(&QosResponderStats::received);
    auto header = internal::ReadQosHeader(in_.data(), size);
    if (!header) return Count(&QosResponderStats::malformed);
    switch (header->type) {
      case QosPacketType::kLatencyRequest: {
        if (!Admit(kReplyOverhead)) return;
        auto now = internal::QosNowMicros();
        header->hold_us = now > arrival_us ? static_cast<std::uint32_t>(std::min<std::uint64_t>(now - arrival_us, 1000000)) : 0;
        Reply(*header, QosPacketType::kLatencyReply, 0);
        break;
      }
      case QosPacketType::kUpTrainPacket:
        if (!Admit(kReplyOverhead)) return;
        header->hold_us = 0;
        Reply(*header, QosPacketType::kUpTrainAck, arrival_us);
        break;
      case QosPacketType::kDownTrainRequest:
        SendTrain(*header);
        break;
      default:
        Count(&QosResponderStats::malformed);  // replies sent to a responder are foreign here
        break;
    }
  }

  void Reply(QosPacketHeader header, QosPacketType type, std::uint64_t timestamp) {
    header.type = type;
    if (timestamp != 0) header.timestamp_us = timestamp;
    internal::WriteQosHeader(header, out_.data());
    Send(internal::kQosHeaderSize);
    Count(&QosResponderStats::answered);
  }

  void SendTrain(QosPacketHeader header) {
    auto count = static_cast<int>(header.train_count);
    std::size_t size = header.train_size;
    if (count < 1 || count > options_.max_train_packets || size < internal::kQosHeaderSize ||
        size > internal::kQosMaxDatagram) {
      return Count(&QosResponderStats::malformed);
    }
    if (!Admit(static_cast<double>(count) * static_cast<double>(size + kReplyOverhead))) return;
    Count(&QosResponderStats::answered);
    std::fill(out_.begin(), out_.end(), 0);
    header.type = QosPacketType::kDownTrainPacket;
    header.hold_us = 0;
    // Back to back: the receiver estimates the bottleneck from the train's dispersion.
    for (int i = 0; i < count; ++i) {
      header.sequence = static_cast<std::uint32_t>(i);
      header.timestamp_us = internal::QosNowMicros();
      internal::WriteQosHeader(header, out_.data());
      Send(size);
    }
  }

  void Send(std::size_t size) {
    boost::system::error_code ec;
    socket_->send_to(asio::buffer(out_.data(), size), sender_, 0, ec);
    if (!ec) Count(&QosResponderStats::sent);
  }

  // Per-source token buckets; a request costs one packet token and its reply bytes.
  bool Admit(double reply_bytes) {
    auto now = std::chrono::steady_clock::now();
    auto it = buckets_.find(sender_);
    if (it == buckets_.end()) {
      if (buckets_.size() >= options_.max_sources) Evict(now);
      if (buckets_.size() >= options_.max_sources) {
        Count(&QosResponderStats::rate_limited);
        return false;
      }
      it = buckets_.emplace(sender_, SourceBucket{options_.packet_burst, options_.byte_burst, now}).first;
    }
    SourceBucket& bucket = it->second;
    double seconds = std::chrono::duration<double>(now - bucket.refilled).count();
    bucket.refilled = now;
    bucket.packets = std::min(options_.packet_burst, bucket.packets + seconds * options_.packets_per_second);
    bucket.bytes = std::min(options_.byte_burst, bucket.bytes + seconds * options_.bytes_per_second);
    if (bucket.packets < 1 || bucket.bytes < reply_bytes) {
      Count(&QosResponderStats::rate_limited);
      return false;
    }
    bucket.packets -= 1;
    bucket.bytes -= reply_bytes;
    return true;
  }

  // Sources idle long enough to have refilled completely carry no state worth keeping.
  void Evict(std::chrono::steady_clock::time_point now) {
    double refill_seconds = std::max(options_.packet_burst / options_.packets_per_second,
                                     options_.byte_burst / options_.bytes_per_second);
    auto idle = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(refill_seconds));
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      it = (now - it->second.refilled >= idle) ? buckets_.erase(it) : std::next(it);
    }
  }

  void Count(std::uint64_t QosResponderStats::*field) {
    std::lock_guard<std::mutex> lock(stats_mutex_);
    ++(stats_.*field);
  }

  struct EndpointHash {
    std::size_t operator()(udp::endpoint const& e) const {
      std::size_t h = std::hash<std::string>()(e.address().to_string());
      return h ^ (static_cast<std::size_t>(e.port()) * 0x9E3779B97F4A7C15ull);
    }
  };

  static constexpr double kReplyOverhead = internal::kQosHeaderSize;
  static constexpr int kMaxDrain = 64;  // datagrams per wake-up before yielding

  QosResponderOptions options_;
  asio::io_context io_;
  std::unique_ptr<udp::socket> socket_;
  std::thread thread_;
  mutable std::mutex mutex_;
  mutable std::mutex stats_mutex_;
  std::atomic<bool> running_{false};
  QosEndpoint endpoint_;
  QosResponderStats stats_;
  udp::endpoint sender_;
  std::array<unsigned char, internal::kQosMaxDatagram + 1> in_{};
  std::array<unsigned char, internal::kQosMaxDatagram> out_{};
  std::unordered_map<udp::endpoint, SourceBucket, EndpointHash> buckets_;
};

QosResponder::QosResponder(QosResponderOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}
QosResponder::~QosResponder() { Stop(); }
Result<void> QosResponder::Start() { return impl_->Start(); }
void QosResponder::Stop() { impl_->Stop(); }
bool QosResponder::running() const { return impl_->running(); }
QosEndpoint QosResponder::endpoint() const { return impl_->endpoint(); }
QosResponderStats QosResponder::stats() const { return impl_->stats(); }

}  // namespace xbl::qos
