// Windows implementation of sys/msg.h over recvfrom/sendto. Batches are a
// loop of single calls (no recvmmsg), stopping at the first error after at
// least one message moved, as msg_bsd.cc does. Control data is not carried:
// a receive reports none, a send with some fails with ENOTSUP (Windows'
// WSASendMsg knows neither SCM_RIGHTS nor the Linux IP options JS builds).
#include <climits>
#include <cerrno>

#include "sys/errno_win.h"
#include "sys/msg.h"

namespace gonet::sys {

namespace {
SOCKET S(int fd) { return static_cast<SOCKET>(static_cast<unsigned>(fd)); }
int Clamp(size_t len) { return len > INT_MAX ? INT_MAX : static_cast<int>(len); }

// One datagram. A datagram longer than `len` fills it and reports
// WSAEMSGSIZE on Windows; Linux returns the bytes with MSG_TRUNC set.
ssize_t RecvOne(int fd, void* buf, size_t len, sockaddr_storage* from, socklen_t* from_len, int* flags) {
  int l = sizeof(sockaddr_storage);
  int n =
      recvfrom(S(fd), static_cast<char*>(buf), Clamp(len), 0, reinterpret_cast<sockaddr*>(from), from ? &l : nullptr);
  int f = 0;
  if (n < 0) {
    int err = WSAGetLastError();
    if (err != WSAEMSGSIZE) return -WinErrno(err);
    n = Clamp(len);
    f = MSG_TRUNC;
  }
  if (from_len) *from_len = from ? l : 0;
  if (flags) *flags = f;
  return n;
}

ssize_t SendOne(int fd, const void* buf, size_t len, const sockaddr* to, socklen_t to_len) {
  int n = to ? sendto(S(fd), static_cast<const char*>(buf), Clamp(len), 0, to, to_len)
             : send(S(fd), static_cast<const char*>(buf), Clamp(len), 0);
  return n < 0 ? -WinErrno(WSAGetLastError()) : n;
}
}  // namespace

ssize_t RecvMsg(int fd, void* buf, size_t len, sockaddr_storage* from, socklen_t* from_len, void* control,
                size_t* control_len, int* flags) {
  ssize_t n = RecvOne(fd, buf, len, from, from_len, flags);
  if (n >= 0 && control_len) *control_len = 0;
  return n;
}

ssize_t SendMsg(int fd, const void* buf, size_t len, const sockaddr* to, socklen_t to_len, const void* control,
                size_t control_len) {
  if (control_len > 0) return -ENOTSUP;
  return SendOne(fd, buf, len, to, to_len);
}

int RecvBatch(int fd, BatchMsg* msgs, unsigned count) {
  unsigned i = 0;
  for (; i < count; i++) {
    msghdr& h = msgs[i].msg_hdr;
    void* base = h.msg_iovlen > 0 ? h.msg_iov[0].iov_base : nullptr;
    size_t len = h.msg_iovlen > 0 ? h.msg_iov[0].iov_len : 0;
    socklen_t from_len = 0;
    ssize_t n = RecvOne(fd, base, len, static_cast<sockaddr_storage*>(h.msg_name), &from_len, &h.msg_flags);
    if (n < 0) return i > 0 ? static_cast<int>(i) : static_cast<int>(n);
    h.msg_namelen = from_len;
    h.msg_controllen = 0;
    msgs[i].msg_len = static_cast<unsigned>(n);
  }
  return static_cast<int>(i);
}

int SendBatch(int fd, BatchMsg* msgs, unsigned count) {
  unsigned i = 0;
  for (; i < count; i++) {
    msghdr& h = msgs[i].msg_hdr;
    const void* base = h.msg_iovlen > 0 ? h.msg_iov[0].iov_base : nullptr;
    size_t len = h.msg_iovlen > 0 ? h.msg_iov[0].iov_len : 0;
    ssize_t n = SendOne(fd, base, len, static_cast<const sockaddr*>(h.msg_name), h.msg_namelen);
    if (n < 0) return i > 0 ? static_cast<int>(i) : static_cast<int>(n);
    msgs[i].msg_len = static_cast<unsigned>(n);
  }
  return static_cast<int>(i);
}

}  // namespace gonet::sys
