// macOS and FreeBSD part of sys/syscalls.h. macOS has neither
// SOCK_NONBLOCK nor accept4, so every new descriptor is made non-blocking
// and close-on-exec with fcntl (a fork in between could leak it to a child
// without FD_CLOEXEC; Node does not fork behind our back, and libuv accepts
// the same way there). SIGPIPE is kept away per socket with SO_NOSIGPIPE,
// which both systems have, instead of MSG_NOSIGNAL on each send.
// Reviewed against the macOS and FreeBSD man pages; not compiled here.
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>

#include "sys/retry.h"
#include "sys/syscalls.h"

namespace gonet::sys {

namespace {
// Makes a fresh descriptor what Socket() promises; closes it on failure.
int Prepare(int fd) {
  int one = 1;
  int fl = fcntl(fd, F_GETFL);
  if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 || fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 ||
      setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof(one)) < 0) {
    int err = errno;
    ::close(fd);
    return -err;
  }
  return fd;
}
}  // namespace

int Socket(int family, int type, int protocol) {
  int fd = RetryEintr([&] { return ::socket(family, type, protocol); });
  return fd < 0 ? fd : Prepare(fd);
}

int Accept(int fd, sockaddr_storage* peer, socklen_t* len) {
  for (;;) {
    socklen_t l = sizeof(sockaddr_storage);
    int r = ::accept(fd, reinterpret_cast<sockaddr*>(peer), &l);
    if (r >= 0) {
      *len = l;
      return Prepare(r);
    }
    if (errno == EINTR || errno == ECONNABORTED) continue;
    return -errno;
  }
}

ssize_t Send(int fd, const void* buf, size_t len) {
  return RetryEintr([&] { return ::send(fd, buf, len, 0); });
}

ssize_t SendIov(int fd, const iovec* iov, int iovcnt) {
  msghdr msg{};
  msg.msg_iov = const_cast<iovec*>(iov);
  msg.msg_iovlen = iovcnt;
  return RetryEintr([&] { return ::sendmsg(fd, &msg, 0); });
}

int SocketFamily(int fd) {
  // Go's newFileFD does the same: the family of the socket's own name.
  sockaddr_storage ss;
  socklen_t len;
  int r = GetSockName(fd, &ss, &len);
  return r < 0 ? r : ss.ss_family;
}

int SocketProtocol(int fd) {
#ifdef SO_PROTOCOL  // FreeBSD; macOS has no such option
  int protocol = -1;
  socklen_t len = sizeof(protocol);
  return GetSockOpt(fd, SOL_SOCKET, SO_PROTOCOL, &protocol, &len) < 0 ? -1 : protocol;
#else
  return -1;
#endif
}

int PeerCred(int fd, int* pid, uint32_t* uid, uint32_t* gid) {
  uid_t u;
  gid_t g;
  if (getpeereid(fd, &u, &g) < 0) return -errno;
  *uid = u;
  *gid = g;
  *pid = -1;
#ifdef LOCAL_PEERPID  // macOS
  pid_t p;
  socklen_t len = sizeof(p);
  if (GetSockOpt(fd, SOL_LOCAL, LOCAL_PEERPID, &p, &len) == 0) *pid = p;
#endif
  return 0;
}

}  // namespace gonet::sys
