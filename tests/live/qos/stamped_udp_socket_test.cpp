// The one stamped-read helper the measurer, the responder and the delay relay share: a datagram's
// arrival is when the kernel received it, not when a thread got round to reading it.
#include "qos/stamped_udp_socket.h"

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>
#include <array>
#include <cerrno>
#include <chrono>
#include <thread>
#include <vector>

namespace xbl::internal {
namespace {

using namespace std::chrono_literals;
namespace asio = boost::asio;
using udp = asio::ip::udp;
using Clock = std::chrono::steady_clock;

class StampedUdpSocketTest : public ::testing::Test {
 protected:
  udp::endpoint Loopback() const { return {asio::ip::make_address("127.0.0.1"), 0}; }
  void Send(std::vector<unsigned char> const& bytes) { sender_.send_to(asio::buffer(bytes), receiver_.local_endpoint()); }

  // The kernel turns its receive stamps on a moment after a socket asks for them (deferred work,
  // and later still while another process's last stamped socket is turning them off); a datagram
  // that arrives before then is stamped when it is read. Probes, a bounded number of times, until
  // a datagram comes back stamped on arrival; from then on this open socket keeps stamps on.
  bool StampsTakenOnArrival() {
    for (int probe = 0; probe < 200; ++probe) {
      Send({0});
      std::this_thread::sleep_for(2ms);
      auto const before_read = Clock::now();
      auto read = ReceiveStamped(receiver_, buffer_.data(), buffer_.size());
      if (read && read.kernel_stamped && before_read - read.arrival >= 1ms) return true;
    }
    return false;
  }

  asio::io_context io_;
  udp::socket receiver_{io_, Loopback()};
  udp::socket sender_{io_, Loopback()};
  std::array<unsigned char, 64> buffer_{};
};

TEST_F(StampedUdpSocketTest, WithStampsEnabled_ArrivalIsTheKernelsReceiveTimeNotTheReadTime) {
  EnableReceiveStamps(receiver_);
  ASSERT_TRUE(StampsTakenOnArrival()) << "the kernel never stamped a datagram on arrival";
  auto before_send = Clock::now();
  Send({1, 2, 3});
  std::this_thread::sleep_for(50ms);  // the datagram waits in the socket's queue
  auto before_read = Clock::now();
  auto read = ReceiveStamped(receiver_, buffer_.data(), buffer_.size());
  ASSERT_TRUE(read) << "errno " << read.error;
  EXPECT_EQ(read.size, 3);
  EXPECT_TRUE(read.kernel_stamped);
  EXPECT_GE(before_read - read.arrival, 49ms) << "the wait in the queue is not part of the arrival time";
  EXPECT_GE(read.arrival, before_send - 1ms);
}

TEST_F(StampedUdpSocketTest, WithoutStamps_ArrivalIsTheTimeOfTheRead) {
  Send({1});
  std::this_thread::sleep_for(20ms);
  auto before_read = Clock::now();
  auto read = ReceiveStamped(receiver_, buffer_.data(), buffer_.size());
  auto after_read = Clock::now();
  ASSERT_TRUE(read);
  EXPECT_FALSE(read.kernel_stamped);
  EXPECT_GE(read.arrival, before_read);
  EXPECT_LE(read.arrival, after_read);
}

TEST_F(StampedUdpSocketTest, GivesTheBytesAndTheSender) {
  EnableReceiveStamps(receiver_);
  Send({9, 8, 7, 6});
  std::this_thread::sleep_for(5ms);
  udp::endpoint from;
  auto read = ReceiveStamped(receiver_, buffer_.data(), buffer_.size(), &from);
  ASSERT_TRUE(read);
  ASSERT_EQ(read.size, 4);
  EXPECT_EQ(std::vector<unsigned char>(buffer_.begin(), buffer_.begin() + 4), (std::vector<unsigned char>{9, 8, 7, 6}));
  EXPECT_EQ(from, sender_.local_endpoint());
}

TEST_F(StampedUdpSocketTest, DatagramLongerThanTheBuffer_IsCutToTheBuffer) {
  Send(std::vector<unsigned char>(100, 0xAB));
  std::this_thread::sleep_for(5ms);
  auto read = ReceiveStamped(receiver_, buffer_.data(), 10);
  ASSERT_TRUE(read);
  EXPECT_EQ(read.size, 10);
}

TEST_F(StampedUdpSocketTest, EmptyQueue_ReadsNothingWithoutBlocking) {
  auto read = ReceiveStamped(receiver_, buffer_.data(), buffer_.size());
  EXPECT_FALSE(read);
  EXPECT_EQ(read.size, -1);
  EXPECT_TRUE(read.error == EAGAIN || read.error == EWOULDBLOCK) << "errno " << read.error;
}

TEST_F(StampedUdpSocketTest, ConnectedSocket_ReportsAnIcmpUnreachableAsConnectionRefused) {
  udp::endpoint closed;
  {
    udp::socket gone(io_, Loopback());
    closed = gone.local_endpoint();
  }  // nothing listens there any more
  udp::socket client(io_, Loopback());
  client.connect(closed);
  client.send(asio::buffer(std::array<unsigned char, 1>{0}));
  StampedRead read;
  for (int i = 0; i < 100 && read.error != ECONNREFUSED; ++i) {  // bounded: the report is near-instant on loopback
    read = ReceiveStamped(client, buffer_.data(), buffer_.size());
    if (read.error != ECONNREFUSED) std::this_thread::sleep_for(5ms);
  }
  EXPECT_FALSE(read);
  EXPECT_EQ(read.error, ECONNREFUSED);
}

}  // namespace
}  // namespace xbl::internal
