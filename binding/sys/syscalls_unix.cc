// The POSIX part of sys/syscalls.h, the same on every Unix. What differs
// (how a socket is born non-blocking, how SIGPIPE is kept away, which
// options say what a socket is) is in syscalls_linux.cc and syscalls_bsd.cc.
#include "sys/syscalls.h"

#include <unistd.h>

#include <cerrno>

#include "sys/retry.h"

namespace gonet::sys {

int Bind(int fd, const sockaddr* sa, socklen_t len) {
  return RetryEintr([&] { return ::bind(fd, sa, len); });
}

int Listen(int fd, int backlog) {
  return RetryEintr([&] { return ::listen(fd, backlog); });
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
