// What this platform's system calls can do and how its structs are laid
// out, for the portable C++ here and for JS (`native.platform`, typed as
// NativePlatform in lib/internal/binding.ts): the TypeScript asks instead of
// assuming Linux. One definition per platform: platform_linux.cc,
// platform_bsd.cc.
#pragma once

#include <sys/socket.h>

namespace gonet::sys {

struct Platform {
  const char* os;               // Node's process.platform spelling: "linux", "darwin", "freebsd"
  bool splice;                  // socket-to-socket copies in the kernel (io/socket_splice_*.cc)
  bool batch_syscalls;          // recvmmsg/sendmmsg (else batches loop, msg_bsd.cc)
  bool ping_sockets;            // unprivileged ICMP datagram sockets
  bool abstract_unix;           // "@name" is an abstract Unix name, not a path
  const char* peer_cred;        // how peer credentials are read: "SO_PEERCRED", "getpeereid"
  const char* peer_cred_call;   // the syscall an error from sys::PeerCred names
  unsigned cmsg_header;         // sizeof(struct cmsghdr), where the data starts
  unsigned cmsg_len_size;       // bytes of its cmsg_len field (size_t on Linux, socklen_t on BSD)
  unsigned cmsg_align;          // alignment of each control message
  unsigned linger_size;         // sizeof(struct linger): two ints (8), two u_shorts on Windows (4)
  unsigned ip_mreq_size;        // IP_ADD_MEMBERSHIP's struct: 12 (ip_mreqn, by index) or 8 (ip_mreq, by address)
  const char* keepalive_idle;   // the TCP option for keep-alive idle time: TCP_KEEPIDLE or TCP_KEEPALIVE
  const char* interfaces_call;  // the syscall Go names when listing interfaces fails
};

extern const Platform kPlatform;

// Fills the length field BSD sockaddrs carry (sin_len, sun_len); nothing on
// systems without one. Here, not with the system calls, so the pure
// sockaddr code (and fuzz/) links no system call.
void SetSockaddrLen(sockaddr_storage* sa, socklen_t len);

}  // namespace gonet::sys
