// Message-oriented system calls: recvmsg/sendmsg with addresses and control
// data, and their batch forms (recvmmsg/sendmmsg on Linux, msg_linux.cc; a
// loop of single calls elsewhere, msg_bsd.cc). Like syscalls.h: each
// returns >= 0 or -errno, retries EINTR, never throws. No N-API here.
// Received descriptors are always close-on-exec, as Go's ReadMsgUnix makes them.
#pragma once

#include <sys/socket.h>
#include <sys/types.h>

#include <cstddef>
#include <cstdint>

#include "contract.h"

namespace gonet::sys {

// One datagram (or stream chunk) with its sender and control data.
// `*from_len`, `*control_len` and `*flags` are filled on success.
ssize_t RecvMsg(int fd, void* buf, size_t len, sockaddr_storage* from, socklen_t* from_len, void* control,
                size_t* control_len, int* flags);
// One datagram to `to` (null when connected), with optional control data.
// Never raises SIGPIPE.
ssize_t SendMsg(int fd, const void* buf, size_t len, const sockaddr* to, socklen_t to_len, const void* control,
                size_t control_len);
// One message of a batch: its header and the bytes it moved (the shape of
// Linux's struct mmsghdr, which msg_linux.cc checks).
struct BatchMsg {
  msghdr msg_hdr;
  unsigned msg_len;
};

// Many datagrams at once; returns how many moved (>= 1) or -errno (the
// error only when not even the first moved).
int RecvBatch(int fd, BatchMsg* msgs, unsigned count);
int SendBatch(int fd, BatchMsg* msgs, unsigned count);

// Most messages one batch call takes (Linux's UIO_MAXIOV; contract.def).
constexpr unsigned kMaxBatch = contract::kMaxBatch;

}  // namespace gonet::sys
