// Zero-copy socket-to-socket copies: splice(2) through a kernel pipe, as Go's
// TCPConn.ReadFrom does. The bytes never enter user space.
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
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

// splice(2) into a socket has no MSG_NOSIGNAL: a peer that is gone raises
// SIGPIPE, which kills a process that has not ignored it (Node ignores it,
// but an embedder or a JS 'SIGPIPE' listener changes that). Where SIGPIPE
// is not ignored, block it for this thread around the call and take back
// the one this call raised, so that only EPIPE remains.
class QuietPipe {
 public:
  QuietPipe() {
    struct sigaction sa;
    if (sigaction(SIGPIPE, nullptr, &sa) == 0 && sa.sa_handler == SIG_IGN) return;
    sigset_t pipe;
    sigemptyset(&pipe);
    sigaddset(&pipe, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    blocked_ = pthread_sigmask(SIG_BLOCK, &pipe, &old_) == 0;
  }
  ~QuietPipe() {
    if (!blocked_) return;
    if (raised_ && !was_pending_) {
      sigset_t pipe;
      sigemptyset(&pipe);
      sigaddset(&pipe, SIGPIPE);
      const timespec zero{0, 0};
      sigtimedwait(&pipe, nullptr, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  QuietPipe(const QuietPipe&) = delete;
  QuietPipe& operator=(const QuietPipe&) = delete;
  void Saw(ssize_t result) {
    if (result == -EPIPE) raised_ = true;
  }

 private:
  sigset_t old_;
  bool blocked_ = false;
  bool was_pending_ = false;
  bool raised_ = false;
};
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
  if (!splice_) {
    int fds[2];
    if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) < 0) {
      // Out of descriptors or memory for a pipe: Go copies through a buffer then.
      const int err = errno;
      return err == EMFILE || err == ENFILE || err == ENOMEM ? kNoPipe : -err;
    }
    // A larger pipe moves more per pair of splices (the default is 64 KiB);
    // if the system caps it lower, the default works too.
    fcntl(fds[1], F_SETPIPE_SZ, static_cast<int>(kChunk));
    splice_ = new SpliceState{fds[0], fds[1], 0};
  }
  SpliceState& p = *splice_;
  QuietPipe quiet;  // for the whole step: one look at SIGPIPE's disposition
  while (*moved < kStepBudget) {
    if (p.buffered > 0) {
      // Bytes taken from the source go out before anything ends the copy;
      // writes parked on the destination before the copy go first.
      if (dst->expired_[kWriteSide] || dst->Overdue(kWriteSide)) return kTimeout;
      if (!dst->writes_.empty()) return kNeedWrite;
      ssize_t n = Splice(p.rd, dst->fd_, p.buffered);
      quiet.Saw(n);
      if (n < 0) {
        if (sys::WouldBlock(n)) {
          dst->NotReady(dst->writable_);
          return kNeedWrite;
        }
        return static_cast<int32_t>(n);
      }
      p.buffered -= static_cast<size_t>(n);
      *moved += static_cast<size_t>(n);
      continue;
    }
    // The source's deadline and its earlier reads matter only when the
    // next bytes are to be taken from it.
    if (expired_[kReadSide] || Overdue(kReadSide)) return kTimeout;
    if (!reads_.empty()) return kNeedRead;
    ssize_t n = Splice(fd_, p.wr, kChunk);
    if (n == 0) return kEof;
    if (n < 0) {
      if (sys::WouldBlock(n)) {
        NotReady(readable_);
        return kNeedRead;
      }
      return static_cast<int32_t>(n);
    }
    p.buffered += static_cast<size_t>(n);
  }
  return kYield;
}

}  // namespace gonet::io
