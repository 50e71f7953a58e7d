// The POSIX part of sys/msg.h: one recvmsg/sendmsg. The flags and the
// close-on-exec fix-up each platform needs come from msg_linux.cc or
// msg_bsd.cc (sys/msg_platform.h).
#include "sys/msg.h"
#include "sys/msg_platform.h"
#include "sys/retry.h"

namespace gonet::sys {

ssize_t RecvMsg(int fd, void* buf, size_t len, sockaddr_storage* from, socklen_t* from_len, void* control,
                size_t* control_len, int* flags) {
  iovec iov{buf, len};
  msghdr msg{};
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  ssize_t n = RetryEintr([&] {
    msg.msg_name = from;
    msg.msg_namelen = from ? sizeof(sockaddr_storage) : 0;
    msg.msg_control = control;
    msg.msg_controllen = control ? static_cast<socklen_t>(*control_len) : 0;
    msg.msg_flags = 0;
    return ::recvmsg(fd, &msg, kRecvMsgFlags);
  });
  if (n >= 0) {
    if (control) AfterRecvMsg(&msg);
    if (from_len) *from_len = msg.msg_namelen;
    if (control_len) *control_len = control ? msg.msg_controllen : 0;
    if (flags) *flags = msg.msg_flags;
  }
  return n;
}

ssize_t SendMsg(int fd, const void* buf, size_t len, const sockaddr* to, socklen_t to_len, const void* control,
                size_t control_len) {
  iovec iov{const_cast<void*>(buf), len};
  msghdr msg{};
  msg.msg_name = const_cast<sockaddr*>(to);
  msg.msg_namelen = to ? to_len : 0;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  msg.msg_control = control_len ? const_cast<void*>(control) : nullptr;
  msg.msg_controllen = static_cast<socklen_t>(control_len);
  return RetryEintr([&] { return ::sendmsg(fd, &msg, kSendMsgFlags); });
}

}  // namespace gonet::sys
