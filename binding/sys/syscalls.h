// Thin system-call wrappers. Each returns >= 0 on success or -errno, never
// throws, and retries EINTR inside so that it never surfaces. No N-API here.
#pragma once

#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/types.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>

namespace gonet::sys {

// A socket born non-blocking and close-on-exec.
int Socket(int family, int type, int protocol);
int Bind(int fd, const sockaddr* sa, socklen_t len);
int Listen(int fd, int backlog);
// One accept, the new socket non-blocking and close-on-exec like Socket();
// ECONNABORTED (a peer that gave up in the queue) is retried.
int Accept(int fd, sockaddr_storage* peer, socklen_t* len);
int Connect(int fd, const sockaddr* sa, socklen_t len);
// The deferred result of a non-blocking connect (SO_ERROR): 0 or -errno.
int TakeSocketError(int fd);
ssize_t Recv(int fd, void* buf, size_t len);
// send(): a dead peer is EPIPE, never SIGPIPE (MSG_NOSIGNAL on Linux,
// SO_NOSIGPIPE set by Socket()/Accept() on the BSDs).
ssize_t Send(int fd, const void* buf, size_t len);
// A gathered send (sendmsg), with the same SIGPIPE rule.
ssize_t SendIov(int fd, const iovec* iov, int iovcnt);
int Shutdown(int fd, int how);
int Close(int fd);
int GetSockOpt(int fd, int level, int name, void* value, socklen_t* len);
int SetSockOpt(int fd, int level, int name, const void* value, socklen_t len);
int GetSockName(int fd, sockaddr_storage* sa, socklen_t* len);
int GetPeerName(int fd, sockaddr_storage* sa, socklen_t* len);

// The address family of an open socket (SO_DOMAIN, or getsockname's family
// where the system has no SO_DOMAIN): AF_* or -errno.
int SocketFamily(int fd);
// The protocol an open socket was made with (SO_PROTOCOL), or -1 where the
// system cannot say.
int SocketProtocol(int fd);
// The credentials of a Unix socket's peer when it connected; `*pid` is -1
// where the system does not report it. 0 or -errno.
int PeerCred(int fd, int* pid, uint32_t* uid, uint32_t* gid);
// True when `err` (negative) means "try again when ready".
inline bool WouldBlock(long err) { return err == -EAGAIN || err == -EWOULDBLOCK; }

}  // namespace gonet::sys
