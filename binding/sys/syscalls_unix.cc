// POSIX implementation of sys/syscalls.h (Linux; the BSDs differ only in
// SOCK_NONBLOCK/accept4 availability and SO_NOSIGPIPE, not handled yet).
#include "sys/syscalls.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "sys/retry.h"

namespace gonet::sys {

int Socket(int family, int type, int protocol) {
  return RetryEintr([&] { return ::socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol); });
}

int Bind(int fd, const sockaddr* sa, socklen_t len) {
  return RetryEintr([&] { return ::bind(fd, sa, len); });
}

int Listen(int fd, int backlog) {
  return RetryEintr([&] { return ::listen(fd, backlog); });
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

int Connect(int fd, const sockaddr* sa, socklen_t len) {
  // EINTR on a non-blocking connect means the attempt goes on in the
  // background, exactly like EINPROGRESS; never call connect() twice.
  int r = ::connect(fd, sa, len);
  if (r == 0) return 0;
  return errno == EINTR ? -EINPROGRESS : -errno;
}

int TakeSocketError(int fd) {
  int err = 0;
  socklen_t len = sizeof(err);
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0) return -errno;
  return -err;
}

ssize_t Recv(int fd, void* buf, size_t len) {
  return RetryEintr([&] { return ::recv(fd, buf, len, 0); });
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

int Shutdown(int fd, int how) {
  return RetryEintr([&] { return ::shutdown(fd, how); });
}

int Close(int fd) {
  // Linux releases the descriptor even when close() reports EINTR; retrying
  // could close a descriptor another thread just opened.
  return ::close(fd) < 0 && errno != EINTR ? -errno : 0;
}

int GetSockOpt(int fd, int level, int name, void* value, socklen_t* len) {
  return ::getsockopt(fd, level, name, value, len) < 0 ? -errno : 0;
}

int SetSockOpt(int fd, int level, int name, const void* value, socklen_t len) {
  return ::setsockopt(fd, level, name, value, len) < 0 ? -errno : 0;
}

int GetSockName(int fd, sockaddr_storage* sa, socklen_t* len) {
  *len = sizeof(sockaddr_storage);
  return ::getsockname(fd, reinterpret_cast<sockaddr*>(sa), len) < 0 ? -errno : 0;
}

int GetPeerName(int fd, sockaddr_storage* sa, socklen_t* len) {
  *len = sizeof(sockaddr_storage);
  return ::getpeername(fd, reinterpret_cast<sockaddr*>(sa), len) < 0 ? -errno : 0;
}

}  // namespace gonet::sys
