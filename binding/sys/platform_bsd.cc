// sys/platform.h for macOS and FreeBSD. Neither has splice, abstract Unix
// names, SO_PEERCRED or ip_mreqn (IP_ADD_MEMBERSHIP takes struct ip_mreq, by
// interface address); macOS also lacks recvmmsg/sendmmsg and names the
// keep-alive idle option TCP_KEEPALIVE.
// Reviewed against the macOS and FreeBSD man pages; not compiled here.
#include <netinet/in.h>
#include <sys/socket.h>

#include "sys/platform.h"

namespace gonet::sys {

const Platform kPlatform = {
#ifdef __APPLE__
    .os = "darwin",
#else
    .os = "freebsd",
#endif
    .splice = false,
    .batch_syscalls = false,  // msg_bsd.cc loops (FreeBSD's recvmmsg is not used)
#ifdef __APPLE__
    .ping_sockets = true,  // SOCK_DGRAM + IPPROTO_ICMP, as on Linux
#else
    .ping_sockets = false,
#endif
    .abstract_unix = false,
    .peer_cred = "getpeereid",
    .peer_cred_call = "getpeereid",
    .cmsg_header = CMSG_LEN(0),
    .cmsg_len_size = sizeof(cmsghdr::cmsg_len),
    .cmsg_align = CMSG_SPACE(1) - CMSG_SPACE(0),
    .ip_mreq_size = sizeof(ip_mreq),
#ifdef __APPLE__
    .keepalive_idle = "TCP_KEEPALIVE",
#else
    .keepalive_idle = "TCP_KEEPIDLE",
#endif
    .interfaces_call = "getifaddrs",
};

void SetSockaddrLen(sockaddr_storage* sa, socklen_t len) { sa->ss_len = static_cast<uint8_t>(len); }

}  // namespace gonet::sys
