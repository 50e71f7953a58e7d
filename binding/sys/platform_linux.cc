// sys/platform.h for Linux.
#include <netinet/in.h>
#include <sys/socket.h>

#include "sys/platform.h"

namespace gonet::sys {

const Platform kPlatform = {
    .os = "linux",
    .splice = true,
    .batch_syscalls = true,
    .ping_sockets = true,
    .abstract_unix = true,
    .peer_cred = "SO_PEERCRED",
    .peer_cred_call = "getsockopt",
    .cmsg_header = CMSG_LEN(0),
    .cmsg_len_size = sizeof(cmsghdr::cmsg_len),
    .cmsg_align = CMSG_SPACE(1) - CMSG_SPACE(0),
    .ip_mreq_size = sizeof(ip_mreqn),
    .keepalive_idle = "TCP_KEEPIDLE",
    .interfaces_call = "netlinkrib",
};

void SetSockaddrLen(sockaddr_storage*, socklen_t) {}  // Linux sockaddrs carry no length

}  // namespace gonet::sys
