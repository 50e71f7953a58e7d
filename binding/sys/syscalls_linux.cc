// Linux part of sys/syscalls.h: sockets born non-blocking and close-on-exec
// (SOCK_NONBLOCK, accept4), MSG_NOSIGNAL on every send, SO_DOMAIN and
// SO_PROTOCOL to say what an adopted socket is, SO_PEERCRED.
#include <sys/socket.h>

#include <cerrno>

#include "sys/retry.h"
#include "sys/syscalls.h"

namespace gonet::sys {

int Socket(int family, int type, int protocol) {
  return RetryEintr([&] { return ::socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol); });
}

int Accept(int fd, sockaddr_storage* peer, socklen_t* len) {
  for (;;) {
    socklen_t l = sizeof(sockaddr_storage);
    int r = ::accept4(fd, reinterpret_cast<sockaddr*>(peer), &l, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (r >= 0) {
      *len = l;
      return r;
    }
    if (errno == EINTR || errno == ECONNABORTED) continue;
    return -errno;
  }
}

ssize_t Send(int fd, const void* buf, size_t len) {
  return RetryEintr([&] { return ::send(fd, buf, len, MSG_NOSIGNAL); });
}

ssize_t SendIov(int fd, const iovec* iov, int iovcnt) {
  msghdr msg{};
  msg.msg_iov = const_cast<iovec*>(iov);
  msg.msg_iovlen = static_cast<size_t>(iovcnt);
  return RetryEintr([&] { return ::sendmsg(fd, &msg, MSG_NOSIGNAL); });
}

int SocketFamily(int fd) {
  int family = 0;
  socklen_t len = sizeof(family);
  int r = GetSockOpt(fd, SOL_SOCKET, SO_DOMAIN, &family, &len);
  return r < 0 ? r : family;
}

int SocketProtocol(int fd) {
  int protocol = -1;
  socklen_t len = sizeof(protocol);
  return GetSockOpt(fd, SOL_SOCKET, SO_PROTOCOL, &protocol, &len) < 0 ? -1 : protocol;
}

int PeerCred(int fd, int* pid, uint32_t* uid, uint32_t* gid) {
  ucred cred{};
  socklen_t len = sizeof(cred);
  int r = GetSockOpt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len);
  if (r < 0) return r;
  *pid = cred.pid;
  *uid = cred.uid;
  *gid = cred.gid;
  return 0;
}

}  // namespace gonet::sys
