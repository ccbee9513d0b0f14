#include "qos/stamped_udp_socket.h"

#include <sys/socket.h>
#include <sys/uio.h>
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>

namespace xbl::internal {

void EnableReceiveStamps(boost::asio::ip::udp::socket& socket) {
  int on = 1;
  ::setsockopt(socket.native_handle(), SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on));
}

StampedRead ReceiveStamped(boost::asio::ip::udp::socket& socket, unsigned char* buffer, std::size_t capacity,
                           boost::asio::ip::udp::endpoint* sender) {
  iovec iov{buffer, capacity};
  alignas(cmsghdr) unsigned char control[CMSG_SPACE(sizeof(timespec)) * 2];
  sockaddr_storage from{};
  msghdr message{};
  message.msg_name = &from;
  message.msg_namelen = sizeof(from);
  message.msg_iov = &iov;
  message.msg_iovlen = 1;
  message.msg_control = control;
  message.msg_controllen = sizeof(control);
  StampedRead read;
  auto n = ::recvmsg(socket.native_handle(), &message, MSG_DONTWAIT);
  if (n < 0) {
    read.error = errno;
    return read;
  }
  read.size = static_cast<std::ptrdiff_t>(n);
  read.arrival = std::chrono::steady_clock::now();
  if (sender != nullptr) {
    sender->resize(std::min<std::size_t>(message.msg_namelen, sender->capacity()));
    std::memcpy(sender->data(), &from, sender->size());
  }
  for (cmsghdr* c = CMSG_FIRSTHDR(&message); c != nullptr; c = CMSG_NXTHDR(&message, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_TIMESTAMPNS) continue;
    timespec stamp{};
    std::memcpy(&stamp, CMSG_DATA(c), sizeof(stamp));
    timespec real_now{};
    clock_gettime(CLOCK_REALTIME, &real_now);
    // The stamp is wall-clock time; its age moves it onto the steady clock. A stamp from the
    // future or older than a second means the wall clock was stepped: the read time is safer.
    auto age = std::chrono::seconds(real_now.tv_sec - stamp.tv_sec) +
               std::chrono::nanoseconds(real_now.tv_nsec - stamp.tv_nsec);
    if (age >= std::chrono::nanoseconds::zero() && age < std::chrono::seconds(1)) {
      read.arrival -= std::chrono::duration_cast<std::chrono::steady_clock::duration>(age);
      read.kernel_stamped = true;
    }
  }
  return read;
}

}  // namespace xbl::internal
