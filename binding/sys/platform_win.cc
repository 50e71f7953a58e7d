// sys/platform.h for Windows (Winsock over mingw-w64 or MSVC).
#include "sys/platform.h"

namespace gonet::sys {

const Platform kPlatform = {
    .os = "win32",
    .splice = false,
    .batch_syscalls = false,
    .ping_sockets = false,
    .abstract_unix = false,
    .peer_cred = "none",
    // WSACMSGHDR: a SIZE_T length, then level and type; pointer-aligned. No
    // control data is carried on Windows yet (sys/msg_win.cc), so these only
    // describe the layout.
    .cmsg_header = 16,
    .cmsg_len_size = 8,
    .cmsg_align = 8,
    .linger_size = sizeof(linger),
    .ip_mreq_size = 8,  // ip_mreq, by interface address
    .keepalive_idle = "TCP_KEEPALIVE",
    .interfaces_call = "GetAdaptersAddresses",
};

}  // namespace gonet::sys
