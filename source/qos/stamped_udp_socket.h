#pragma once
// Reading UDP datagrams with the kernel's receive stamp (recvmsg with SCM_TIMESTAMPNS), so that an
// arrival time does not include how long the reading thread took to get to the datagram: the QoS
// measurer, the responder and the tests' delay relay all time packets this way (internal; Linux).
#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <cstddef>

namespace xbl::internal {

/// Asks the kernel to stamp each datagram's arrival on `socket` (SO_TIMESTAMPNS). Without it, or
/// where the kernel refuses, reads carry the time of the read instead. The kernel switches its
/// stamping on a moment later (deferred work), so the first datagrams may still be stamped when
/// read: a measurement then errs long, never short.
void EnableReceiveStamps(boost::asio::ip::udp::socket& socket);

/// What one read gave.
struct StampedRead {
  std::ptrdiff_t size = -1;  ///< Bytes copied into the buffer (a longer datagram is cut); -1: nothing read.
  /// errno of a read that gave nothing: EAGAIN or EWOULDBLOCK when drained, ECONNREFUSED when an
  /// ICMP unreachable answered an earlier send on a connected socket.
  int error = 0;
  /// When the datagram arrived, on the steady clock: the kernel's stamp when it gave a plausible one
  /// (not in the future and under a second old), else the time of the read.
  std::chrono::steady_clock::time_point arrival;
  bool kernel_stamped = false;  ///< `arrival` came from the kernel's stamp.

  explicit operator bool() const { return size >= 0; }
};

/// Reads one queued datagram into `buffer` without blocking. `sender`, when given, is set to the
/// datagram's source address.
StampedRead ReceiveStamped(boost::asio::ip::udp::socket& socket, unsigned char* buffer, std::size_t capacity,
                           boost::asio::ip::udp::endpoint* sender = nullptr);

}  // namespace xbl::internal
