// Windows implementation of sys/syscalls.h over Winsock. A SOCKET is carried
// as an int like a descriptor: Windows keeps handle values within 32 bits
// (so that 32- and 64-bit processes can share them). Errors are mapped from
// WSAGetLastError() (sys/errno_win.cc); there is no EINTR to retry and no
// SIGPIPE to suppress.
#include <climits>
#include <cerrno>
#include <cstring>

#include "sys/errno_win.h"
#include "sys/syscalls.h"

namespace gonet::sys {

namespace {
// SIO_UDP_CONNRESET (mswsock.h in the Windows SDK; mingw-w64 lacks it).
constexpr DWORD kSioUdpConnReset = 0x9800000C;

int LastError() { return -WinErrno(WSAGetLastError()); }

SOCKET S(int fd) { return static_cast<SOCKET>(static_cast<unsigned>(fd)); }

// Winsock needs WSAStartup once per process (Node's libuv has called it
// already; the call is counted, so ours is harmless).
bool Started() {
  static const bool ok = [] {
    WSADATA data;
    return WSAStartup(MAKEWORD(2, 2), &data) == 0;
  }();
  return ok;
}

// Non-blocking, not inherited by child processes (as SOCK_CLOEXEC).
int Prepare(SOCKET s, int type) {
  u_long on = 1;
  if (ioctlsocket(s, FIONBIO, &on) != 0) return LastError();
  SetHandleInformation(reinterpret_cast<HANDLE>(s), HANDLE_FLAG_INHERIT, 0);
  if (type == SOCK_DGRAM) {
    // Windows reports an ICMP port-unreachable as WSAECONNRESET on the next
    // recvfrom of an unconnected UDP socket; Linux (and Go) do not.
    BOOL report = FALSE;
    DWORD bytes = 0;
    WSAIoctl(s, kSioUdpConnReset, &report, sizeof(report), nullptr, 0, &bytes, nullptr, nullptr);
  }
  return 0;
}

int Clamp(size_t len) { return len > INT_MAX ? INT_MAX : static_cast<int>(len); }
}  // namespace

int Socket(int family, int type, int protocol) {
  if (!Started()) return -ENOSYS;
  SOCKET s = WSASocketW(family, type, protocol, nullptr, 0, WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
  if (s == INVALID_SOCKET) return LastError();
  int r = Prepare(s, type);
  if (r < 0) {
    closesocket(s);
    return r;
  }
  return static_cast<int>(s);
}

int Bind(int fd, const sockaddr* sa, socklen_t len) { return bind(S(fd), sa, len) != 0 ? LastError() : 0; }

int Listen(int fd, int backlog) { return listen(S(fd), backlog) != 0 ? LastError() : 0; }

int Accept(int fd, sockaddr_storage* peer, socklen_t* len) {
  for (;;) {
    int l = sizeof(sockaddr_storage);
    SOCKET s = accept(S(fd), reinterpret_cast<sockaddr*>(peer), &l);
    if (s == INVALID_SOCKET) {
      int err = LastError();
      if (err == -ECONNABORTED || err == -ECONNRESET) continue;  // a peer that gave up in the queue
      return err;
    }
    int type = SOCK_STREAM;
    int r = Prepare(s, type);
    if (r < 0) {
      closesocket(s);
      return r;
    }
    *len = l;
    return static_cast<int>(s);
  }
}

int Connect(int fd, const sockaddr* sa, socklen_t len) {
  if (connect(S(fd), sa, len) == 0) return 0;
  int err = LastError();
  // A non-blocking connect under way reports WSAEWOULDBLOCK on Windows.
  return err == -EAGAIN ? -EINPROGRESS : err;
}

int TakeSocketError(int fd) {
  int err = 0;
  int len = sizeof(err);
  if (getsockopt(S(fd), SOL_SOCKET, SO_ERROR, reinterpret_cast<char*>(&err), &len) != 0) return LastError();
  return -WinErrno(err);
}

ssize_t Recv(int fd, void* buf, size_t len) {
  int n = recv(S(fd), static_cast<char*>(buf), Clamp(len), 0);
  if (n >= 0) return n;
  // After shutdown(SD_RECEIVE) Windows fails reads; Linux (and Go) read EOF.
  return WSAGetLastError() == WSAESHUTDOWN ? 0 : LastError();
}

ssize_t Send(int fd, const void* buf, size_t len) {
  int n = send(S(fd), static_cast<const char*>(buf), Clamp(len), 0);
  return n < 0 ? LastError() : n;
}

ssize_t SendIov(int fd, const iovec* iov, int iovcnt) {
  constexpr int kMax = 64;
  WSABUF bufs[kMax];
  if (iovcnt > kMax) iovcnt = kMax;  // a short write: the caller sends the rest
  for (int i = 0; i < iovcnt; i++) {
    bufs[i].buf = static_cast<char*>(iov[i].iov_base);
    bufs[i].len = static_cast<ULONG>(iov[i].iov_len > ULONG_MAX ? ULONG_MAX : iov[i].iov_len);
  }
  DWORD sent = 0;
  if (WSASend(S(fd), bufs, static_cast<DWORD>(iovcnt), &sent, 0, nullptr, nullptr) != 0) return LastError();
  return static_cast<ssize_t>(sent);
}

int Shutdown(int fd, int how) { return shutdown(S(fd), how) != 0 ? LastError() : 0; }

int Close(int fd) { return closesocket(S(fd)) != 0 ? LastError() : 0; }

int GetSockOpt(int fd, int level, int name, void* value, socklen_t* len) {
  return getsockopt(S(fd), level, name, static_cast<char*>(value), len) != 0 ? LastError() : 0;
}

int SetSockOpt(int fd, int level, int name, const void* value, socklen_t len) {
  if (setsockopt(S(fd), level, name, static_cast<const char*>(value), len) == 0) return 0;
  int err = LastError();
  // Windows before 10.0.16299 (and wine 8) lack TCP_KEEPALIVE as a socket
  // option: set the idle time through SIO_KEEPALIVE_VALS, with Go's default
  // 15 s interval, as Go does there. The interval and count stay ENOPROTOOPT.
  if (err == -ENOPROTOOPT && level == IPPROTO_TCP && name == TCP_KEEPALIVE && len == sizeof(int)) {
    int seconds;
    memcpy(&seconds, value, sizeof(seconds));
    if (seconds <= 0 || seconds > INT_MAX / 1000) return -EINVAL;
    tcp_keepalive ka{1, static_cast<ULONG>(seconds) * 1000, 15 * 1000};
    DWORD bytes = 0;
    if (WSAIoctl(S(fd), SIO_KEEPALIVE_VALS, &ka, sizeof(ka), nullptr, 0, &bytes, nullptr, nullptr) != 0) {
      return LastError();
    }
    return 0;
  }
  return err;
}

int GetSockName(int fd, sockaddr_storage* sa, socklen_t* len) {
  *len = sizeof(sockaddr_storage);
  return getsockname(S(fd), reinterpret_cast<sockaddr*>(sa), len) != 0 ? LastError() : 0;
}

int GetPeerName(int fd, sockaddr_storage* sa, socklen_t* len) {
  *len = sizeof(sockaddr_storage);
  return getpeername(S(fd), reinterpret_cast<sockaddr*>(sa), len) != 0 ? LastError() : 0;
}

int SocketFamily(int fd) {
  WSAPROTOCOL_INFOW info;
  int len = sizeof(info);
  if (getsockopt(S(fd), SOL_SOCKET, SO_PROTOCOL_INFOW, reinterpret_cast<char*>(&info), &len) != 0) return LastError();
  return info.iAddressFamily;
}

int SocketProtocol(int fd) {
  WSAPROTOCOL_INFOW info;
  int len = sizeof(info);
  if (getsockopt(S(fd), SOL_SOCKET, SO_PROTOCOL_INFOW, reinterpret_cast<char*>(&info), &len) != 0) return -1;
  return info.iProtocol;
}

int PeerCred(int, int*, uint32_t*, uint32_t*) { return -ENOTSUP; }

void SetSockaddrLen(sockaddr_storage*, socklen_t) {}

}  // namespace gonet::sys
