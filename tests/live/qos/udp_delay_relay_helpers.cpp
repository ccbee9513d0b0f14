#include "live/qos/udp_delay_relay.h"

#include "qos/qos_protocol.h"
#include "qos/stamped_udp_socket.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <algorithm>
#include <array>
#include <cerrno>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

namespace xbl::qos::testing {
namespace {
namespace asio = boost::asio;
using udp = asio::ip::udp;
using Clock = std::chrono::steady_clock;

// One direction of the emulated path: loss, then the bottleneck queue, then propagation.
struct Link {
  RelayLink config;
  std::mt19937 rng;
  Clock::time_point link_free{};

  double Uniform() { return static_cast<double>(rng()) / 4294967296.0; }
};

struct Datagram {
  std::vector<unsigned char> bytes;
  Clock::time_point arrival;  // kernel receive stamp, so a late read does not shift the schedule
};

// Reads one datagram without blocking; false when none is read (`error` says why).
bool ReceiveStamped(udp::socket& socket, Datagram& out, udp::endpoint* from, int* error = nullptr) {
  std::array<unsigned char, 2048> buffer{};
  auto read = internal::ReceiveStamped(socket, buffer.data(), buffer.size(), from);
  if (error != nullptr) *error = read.error;
  if (!read) return false;
  out.arrival = read.arrival;
  out.bytes.assign(buffer.begin(), buffer.begin() + read.size);
  return true;
}

}  // namespace

class UdpDelayRelay::Impl {
 public:
  Impl(QosEndpoint upstream, RelayLink up, RelayLink down, std::uint32_t seed)
      : front_(io_, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0)),
        upstream_(asio::ip::make_address(upstream.host), upstream.port) {
    up_.config = up;
    up_.rng.seed(seed);
    down_.config = down;
    down_.rng.seed(seed + 7919);
    internal::EnableReceiveStamps(front_);
    WaitFront();
    thread_ = std::thread([this] { io_.run(); });
  }

  ~Impl() {
    asio::post(io_, [this] { io_.stop(); });
    thread_.join();
  }

  QosEndpoint endpoint() const { return {"127.0.0.1", front_.local_endpoint().port()}; }
  RelayStats stats() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return stats_;
  }
  std::vector<RelayRecord> records() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return records_;
  }

 private:
  struct Client {
    udp::endpoint address;
    std::unique_ptr<udp::socket> socket;  // connected to upstream; its replies go back to `address`
  };

  void WaitFront() {
    front_.async_wait(udp::socket::wait_read, [this](boost::system::error_code ec) {
      if (ec) return;
      auto data = std::make_shared<Datagram>();
      udp::endpoint from;
      // Drain to EAGAIN: the reactor is edge-triggered.
      while (ReceiveStamped(front_, *data, &from)) {
        Client& client = ClientFor(from);
        Schedule(up_, data, true, [&client, data] {
          boost::system::error_code ignored;
          client.socket->send(asio::buffer(data->bytes), 0, ignored);
        });
        data = std::make_shared<Datagram>();
      }
      WaitFront();
    });
  }

  Client& ClientFor(udp::endpoint const& address) {
    auto it = clients_.find(address);
    if (it != clients_.end()) return *it->second;
    auto client = std::make_unique<Client>();
    client->address = address;
    client->socket = std::make_unique<udp::socket>(io_, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    client->socket->connect(upstream_);
    internal::EnableReceiveStamps(*client->socket);
    Client& ref = *client;
    clients_.emplace(address, std::move(client));
    WaitUpstream(ref);
    return ref;
  }

  void WaitUpstream(Client& client) {
    client.socket->async_wait(udp::socket::wait_read, [this, &client](boost::system::error_code ec) {
      if (ec) return;
      auto data = std::make_shared<Datagram>();
      for (;;) {
        int error = 0;
        if (!ReceiveStamped(*client.socket, *data, nullptr, &error)) {
          if (error == ECONNREFUSED) continue;  // an ICMP report for an earlier datagram
          break;                                // drained (EAGAIN) or closed
        }
        Schedule(down_, data, false, [this, &client, data] {
          boost::system::error_code ignored;
          front_.send_to(asio::buffer(data->bytes), client.address, 0, ignored);
        });
        data = std::make_shared<Datagram>();
      }
      WaitUpstream(client);
    });
  }

  template <typename Send>
  void Schedule(Link& link, std::shared_ptr<Datagram> const& data, bool up, Send send) {
    if (link.config.loss > 0 && link.Uniform() < link.config.loss) {
      std::lock_guard<std::mutex> lock(mutex_);
      ++(up ? stats_.up_dropped : stats_.down_dropped);
      return;
    }
    auto departs = data->arrival;
    if (link.config.rate_kbps > 0) {
      auto serialization = std::chrono::microseconds(static_cast<std::int64_t>(
          static_cast<double>(data->bytes.size()) * 8.0 * 1000.0 / link.config.rate_kbps));
      link.link_free = std::max(data->arrival, link.link_free) + serialization;
      departs = link.link_free;
    }
    auto delay = link.config.delay;
    if (link.config.jitter.count() > 0) {
      auto offset = (link.Uniform() * 2.0 - 1.0) * static_cast<double>(link.config.jitter.count());
      delay = std::max(std::chrono::microseconds(0), delay + std::chrono::microseconds(static_cast<std::int64_t>(offset)));
    }
    departs += delay;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++(up ? stats_.up_forwarded : stats_.down_forwarded);
    }
    auto forward = [this, data, up, send] {
      Record(*data, up, Clock::now());  // before sending, so the record exists once the reply can
      send();
    };
    if (departs <= Clock::now()) return forward();
    auto timer = std::make_shared<asio::steady_timer>(io_, departs);
    timer->async_wait([timer, forward](boost::system::error_code ec) {
      if (!ec) forward();
    });
  }

  void Record(Datagram const& data, bool up, Clock::time_point departure) {
    auto header = internal::ReadQosHeader(data.bytes.data(), data.bytes.size());
    if (!header) return;
    std::lock_guard<std::mutex> lock(mutex_);
    if (records_.size() >= 100000) return;  // bounded
    records_.push_back(RelayRecord{up, static_cast<int>(header->type), header->sequence, data.bytes.size(),
                                   data.arrival, departure});
  }

  asio::io_context io_;
  udp::socket front_;
  udp::endpoint upstream_;
  std::map<udp::endpoint, std::unique_ptr<Client>> clients_;
  Link up_, down_;
  mutable std::mutex mutex_;
  RelayStats stats_;
  std::vector<RelayRecord> records_;
  std::thread thread_;
};

UdpDelayRelay::UdpDelayRelay(QosEndpoint upstream, RelayLink up, RelayLink down, std::uint32_t seed)
    : impl_(std::make_unique<Impl>(std::move(upstream), up, down, seed)) {}
UdpDelayRelay::~UdpDelayRelay() = default;
QosEndpoint UdpDelayRelay::endpoint() const { return impl_->endpoint(); }
RelayStats UdpDelayRelay::stats() const { return impl_->stats(); }
std::vector<RelayRecord> UdpDelayRelay::records() const { return impl_->records(); }

}  // namespace xbl::qos::testing
