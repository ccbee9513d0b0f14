#include "unit/qos/udp_delay_relay.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <algorithm>
#include <array>
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
using Bytes = std::shared_ptr<std::vector<unsigned char>>;

// One direction of the emulated path: loss, then the bottleneck queue, then propagation.
struct Link {
  RelayLink config;
  std::mt19937 rng;
  Clock::time_point link_free{};

  double Uniform() { return static_cast<double>(rng()) / 4294967296.0; }
};
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
    ReceiveFront();
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

 private:
  struct Client {
    udp::endpoint address;
    std::unique_ptr<udp::socket> socket;  // connected to upstream; its replies go back to `address`
    std::array<unsigned char, 2048> in{};
  };

  void ReceiveFront() {
    front_.async_receive_from(asio::buffer(front_in_), front_sender_, [this](boost::system::error_code ec, std::size_t n) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) {
        Client& client = ClientFor(front_sender_);
        auto data = std::make_shared<std::vector<unsigned char>>(front_in_.begin(), front_in_.begin() + n);
        Schedule(up_, data, true, [&client, data] {
          boost::system::error_code ignored;
          client.socket->send(asio::buffer(*data), 0, ignored);
        });
      }
      ReceiveFront();
    });
  }

  Client& ClientFor(udp::endpoint const& address) {
    auto it = clients_.find(address);
    if (it != clients_.end()) return *it->second;
    auto client = std::make_unique<Client>();
    client->address = address;
    client->socket = std::make_unique<udp::socket>(io_, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    client->socket->connect(upstream_);
    Client& ref = *client;
    clients_.emplace(address, std::move(client));
    ReceiveUpstream(ref);
    return ref;
  }

  void ReceiveUpstream(Client& client) {
    client.socket->async_receive(asio::buffer(client.in), [this, &client](boost::system::error_code ec, std::size_t n) {
      if (ec == asio::error::operation_aborted) return;
      if (!ec) {
        auto data = std::make_shared<std::vector<unsigned char>>(client.in.begin(), client.in.begin() + n);
        Schedule(down_, data, false, [this, &client, data] {
          boost::system::error_code ignored;
          front_.send_to(asio::buffer(*data), client.address, 0, ignored);
        });
      }
      ReceiveUpstream(client);
    });
  }

  template <typename Send>
  void Schedule(Link& link, Bytes const& data, bool up, Send send) {
    if (link.config.loss > 0 && link.Uniform() < link.config.loss) {
      std::lock_guard<std::mutex> lock(mutex_);
      ++(up ? stats_.up_dropped : stats_.down_dropped);
      return;
    }
    auto now = Clock::now();
    auto departs = now;
    if (link.config.rate_kbps > 0) {
      auto serialization = std::chrono::microseconds(
          static_cast<std::int64_t>(static_cast<double>(data->size()) * 8.0 * 1000.0 / link.config.rate_kbps));
      link.link_free = std::max(now, link.link_free) + serialization;
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
    if (departs <= now) return send();
    auto timer = std::make_shared<asio::steady_timer>(io_, departs);
    timer->async_wait([timer, send](boost::system::error_code ec) {
      if (!ec) send();
    });
  }

  asio::io_context io_;
  udp::socket front_;
  udp::endpoint upstream_;
  udp::endpoint front_sender_;
  std::array<unsigned char, 2048> front_in_{};
  std::map<udp::endpoint, std::unique_ptr<Client>> clients_;
  Link up_, down_;
  mutable std::mutex mutex_;
  RelayStats stats_;
  std::thread thread_;
};

UdpDelayRelay::UdpDelayRelay(QosEndpoint upstream, RelayLink up, RelayLink down, std::uint32_t seed)
    : impl_(std::make_unique<Impl>(std::move(upstream), up, down, seed)) {}
UdpDelayRelay::~UdpDelayRelay() = default;
QosEndpoint UdpDelayRelay::endpoint() const { return impl_->endpoint(); }
RelayStats UdpDelayRelay::stats() const { return impl_->stats(); }

}  // namespace xbl::qos::testing
