// Zero-copy socket-to-socket copies: splice(2) through a kernel pipe, as Go's
// TCPConn.ReadFrom does. The bytes never enter user space.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "io/socket.h"
#include "sys/retry.h"
#include "sys/syscalls.h"

namespace gonet::io {

namespace {
// Bytes one step may move before it yields, so a fast pair of sockets cannot
// keep the rest of the loop waiting.
constexpr size_t kStepBudget = 4u << 20;
constexpr size_t kChunk = 1u << 20;
constexpr unsigned kFlags = SPLICE_F_MOVE | SPLICE_F_NONBLOCK;

ssize_t Splice(int from, int to, size_t len) {
  return sys::RetryEintr([&] { return splice(from, nullptr, to, nullptr, len, kFlags); });
}
}  // namespace

struct Socket::SpliceState {
  int rd = -1;
  int wr = -1;
  size_t buffered = 0;  // bytes sitting in the pipe
};

void Socket::FreeSplice() {
  if (!splice_) return;
  // Bytes still in the pipe are dropped, like a buffered copy's on error.
  close(splice_->rd);
  close(splice_->wr);
  delete splice_;
  splice_ = nullptr;
}

int32_t Socket::SpliceTo(Socket* dst, size_t* moved) {
  *moved = 0;
  if (closed() || dst->closed()) return kClosed;
  if (expired_[kReadSide]) return kTimeout;
  if (dst->expired_[kWriteSide]) return kTimeout;
  if (!splice_) {
    int fds[2];
    if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) < 0) return -errno;
    // A larger pipe moves more per pair of splices (the default is 64 KiB);
    // if the system caps it lower, the default works too.
    fcntl(fds[1], F_SETPIPE_SZ, static_cast<int>(kChunk));
    splice_ = new SpliceState{fds[0], fds[1], 0};
  }
  SpliceState& p = *splice_;
  while (*moved < kStepBudget) {
    if (p.buffered > 0) {
      ssize_t n = Splice(p.rd, dst->fd_, p.buffered);
      if (n < 0) {
        if (sys::WouldBlock(n)) {
          dst->writable_ = false;
          return kNeedWrite;
        }
        return static_cast<int32_t>(n);
      }
      p.buffered -= static_cast<size_t>(n);
      *moved += static_cast<size_t>(n);
      continue;
    }
    ssize_t n = Splice(fd_, p.wr, kChunk);
    if (n == 0) return kEof;
    if (n < 0) {
      if (sys::WouldBlock(n)) {
        readable_ = false;
        return kNeedRead;
      }
      return static_cast<int32_t>(n);
    }
    p.buffered += static_cast<size_t>(n);
  }
  return kYield;
}

}  // namespace gonet::io
