// Windows (mingw-w64): the POSIX socket names the portable code uses, over
// Winsock. Force-included first in every translation unit of the Windows
// build (CMakeLists.txt), so the portable files compile unchanged; the
// headers under binding/win/include/ (sys/socket.h, netinet/in.h...) only
// point back here.
#pragma once

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <afunix.h>
#include <mstcpip.h>

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

// ---- error numbers
// On Windows an errno-style value in gonet is libuv's number for it
// (ECONNREFUSED is 4078: Node's UV_ECONNREFUSED is -4078), never the C
// library's. Node's util.getSystemErrorName() on Windows knows exactly these,
// so JS gets the same `code`s as on Linux; sys/strerror_win.cc gives Go's
// Linux messages for them, and sys/errno_win.cc maps every WSA error to one.
// Values checked against util.getSystemErrorMap() of node.exe 20.20.2.
// errno.h has been included above, so its include guard keeps these.
#undef E2BIG
#define E2BIG 4093
#undef EACCES
#define EACCES 4092
#undef EADDRINUSE
#define EADDRINUSE 4091
#undef EADDRNOTAVAIL
#define EADDRNOTAVAIL 4090
#undef EAFNOSUPPORT
#define EAFNOSUPPORT 4089
#undef EAGAIN
#define EAGAIN 4088
#undef EALREADY
#define EALREADY 4084
#undef EBADF
#define EBADF 4083
#undef EBUSY
#define EBUSY 4082
#undef ECANCELED
#define ECANCELED 4081
#undef ECONNABORTED
#define ECONNABORTED 4079
#undef ECONNREFUSED
#define ECONNREFUSED 4078
#undef ECONNRESET
#define ECONNRESET 4077
#undef EDESTADDRREQ
#define EDESTADDRREQ 4076
#undef EEXIST
#define EEXIST 4075
#undef EFAULT
#define EFAULT 4074
#undef EHOSTUNREACH
#define EHOSTUNREACH 4073
#undef EINTR
#define EINTR 4072
#undef EINVAL
#define EINVAL 4071
#undef EIO
#define EIO 4070
#undef EISCONN
#define EISCONN 4069
#undef ELOOP
#define ELOOP 4067
#undef EMFILE
#define EMFILE 4066
#undef EMSGSIZE
#define EMSGSIZE 4065
#undef ENAMETOOLONG
#define ENAMETOOLONG 4064
#undef ENETDOWN
#define ENETDOWN 4063
#undef ENETUNREACH
#define ENETUNREACH 4062
#undef ENFILE
#define ENFILE 4061
#undef ENOBUFS
#define ENOBUFS 4060
#undef ENODEV
#define ENODEV 4059
#undef ENOENT
#define ENOENT 4058
#undef ENOMEM
#define ENOMEM 4057
#undef ENOSPC
#define ENOSPC 4055
#undef ENOSYS
#define ENOSYS 4054
#undef ENOTCONN
#define ENOTCONN 4053
#undef ENOTSOCK
#define ENOTSOCK 4050
#undef ENOTSUP
#define ENOTSUP 4049
#undef EPERM
#define EPERM 4048
#undef EPIPE
#define EPIPE 4047
#undef EPROTO
#define EPROTO 4046
#undef EPROTONOSUPPORT
#define EPROTONOSUPPORT 4045
#undef EPROTOTYPE
#define EPROTOTYPE 4044
#undef ESHUTDOWN
#define ESHUTDOWN 4042
#undef ETIMEDOUT
#define ETIMEDOUT 4039
#undef ENOPROTOOPT
#define ENOPROTOOPT 4035
#undef ERANGE
#define ERANGE 4034
#undef EHOSTDOWN
#define EHOSTDOWN 4031
#undef EOVERFLOW
#define EOVERFLOW 4026
#undef ESOCKTNOSUPPORT
#define ESOCKTNOSUPPORT 4025
#undef ENODATA
#define ENODATA 4024
// Not libuv errors: used inside gonet only, never handed to JS.
#undef EINPROGRESS
#define EINPROGRESS 4200
#undef EWOULDBLOCK
#define EWOULDBLOCK EAGAIN
#undef EBADMSG
#define EBADMSG EPROTO

// ---- POSIX names Winsock spells differently
#define SHUT_RD SD_RECEIVE
#define SHUT_WR SD_SEND
#define SHUT_RDWR SD_BOTH
// Windows never raises SIGPIPE: a dead peer is WSAECONNRESET/WSAESHUTDOWN.
#define MSG_NOSIGNAL 0
// Winsock sockets are made non-blocking once (FIONBIO), not per call.
#define MSG_DONTWAIT 0
#define SOCK_NONBLOCK 0
#define SOCK_CLOEXEC 0

// Names the Windows SDK has and mingw-w64's headers lack (SDK values).
#ifndef MSG_TRUNC
#define MSG_TRUNC 0x0100
#endif
#ifndef MSG_CTRUNC
#define MSG_CTRUNC 0x0200
#endif
#ifndef TCP_KEEPALIVE
#define TCP_KEEPALIVE 3
#endif
#ifndef TCP_KEEPIDLE
#define TCP_KEEPIDLE TCP_KEEPALIVE
#endif
#ifndef TCP_KEEPCNT
#define TCP_KEEPCNT 16
#endif
#ifndef TCP_KEEPINTVL
#define TCP_KEEPINTVL 17
#endif

typedef ADDRESS_FAMILY sa_family_t;

// A gathered buffer, as sys/uio.h has it (Winsock's is WSABUF, with the
// fields the other way round: sys/syscalls_win.cc converts).
struct iovec {
  void* iov_base;
  size_t iov_len;
};

// POSIX's message header, for the portable batch code (sys/msg.h); the
// Windows calls take WSAMSG, converted in sys/msg_win.cc.
struct msghdr {
  void* msg_name;
  socklen_t msg_namelen;
  struct iovec* msg_iov;
  size_t msg_iovlen;
  void* msg_control;
  size_t msg_controllen;
  int msg_flags;
};
