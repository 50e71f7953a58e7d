// macOS and FreeBSD part of sys/msg.h. macOS has no recvmmsg,
// sendmmsg or MSG_CMSG_CLOEXEC: batches are a loop of single calls that
// stops at the first error after at least one message moved (the error
// comes back on the next call, as recvmmsg reports it), and received
// descriptors are made close-on-exec right after the call. SIGPIPE is off
// per socket (SO_NOSIGPIPE, syscalls_bsd.cc).
// Reviewed against the macOS and FreeBSD man pages; not compiled here.
#include <fcntl.h>

#include <cerrno>
#include <cstring>

#include "sys/msg.h"
#include "sys/msg_platform.h"
#include "sys/retry.h"

namespace gonet::sys {

#ifdef MSG_CMSG_CLOEXEC  // FreeBSD: atomic, as on Linux
const int kRecvMsgFlags = MSG_CMSG_CLOEXEC;
void AfterRecvMsg(msghdr*) {}
#else
const int kRecvMsgFlags = 0;
void AfterRecvMsg(msghdr* msg) {
  for (cmsghdr* c = CMSG_FIRSTHDR(msg); c; c = CMSG_NXTHDR(msg, c)) {
    if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) continue;
    size_t n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
    for (size_t i = 0; i < n; i++) {
      int fd;
      memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(int));
      fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
  }
}
#endif
const int kSendMsgFlags = 0;  // SO_NOSIGPIPE is set on every socket

int RecvBatch(int fd, BatchMsg* msgs, unsigned count) {
  unsigned i = 0;
  for (; i < count; i++) {
    ssize_t n = RetryEintr([&] { return ::recvmsg(fd, &msgs[i].msg_hdr, kRecvMsgFlags); });
    if (n < 0) return i > 0 ? static_cast<int>(i) : static_cast<int>(n);
    msgs[i].msg_len = static_cast<unsigned>(n);
  }
  return static_cast<int>(i);
}

int SendBatch(int fd, BatchMsg* msgs, unsigned count) {
  unsigned i = 0;
  for (; i < count; i++) {
    ssize_t n = RetryEintr([&] { return ::sendmsg(fd, &msgs[i].msg_hdr, 0); });
    if (n < 0) return i > 0 ? static_cast<int>(i) : static_cast<int>(n);
    msgs[i].msg_len = static_cast<unsigned>(n);
  }
  return static_cast<int>(i);
}

}  // namespace gonet::sys
