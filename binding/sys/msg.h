// Message-oriented system calls: recvmsg/sendmsg with addresses and control
// data, and their batch forms recvmmsg/sendmmsg. Like syscalls.h: each
// returns >= 0 or -errno, retries EINTR, never throws. No N-API here.
#pragma once

#include <sys/socket.h>
#include <sys/types.h>

#include <cstddef>
#include <cstdint>

namespace gonet::sys {

// One datagram (or stream chunk) with its sender and control data.
// `*from_len`, `*control_len` and `*flags` are filled on success.
ssize_t RecvMsg(int fd, void* buf, size_t len, sockaddr_storage* from, socklen_t* from_len, void* control,
                size_t* control_len, int* flags);
// One datagram to `to` (null when connected), with optional control data.
// MSG_NOSIGNAL always.
ssize_t SendMsg(int fd, const void* buf, size_t len, const sockaddr* to, socklen_t to_len, const void* control,
                size_t control_len);
// Many datagrams at once; returns how many moved (>= 1) or -errno.
int RecvMmsg(int fd, mmsghdr* msgs, unsigned count);
int SendMmsg(int fd, mmsghdr* msgs, unsigned count);

// Most messages one recvmmsg/sendmmsg call takes (the kernel's UIO_MAXIOV).
constexpr unsigned kMaxBatch = 1024;

}  // namespace gonet::sys
