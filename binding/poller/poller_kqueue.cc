// macOS/FreeBSD backend of poller.h: kqueue, edge-triggered (EV_CLEAR).
// Each socket gets two filters, EVFILT_READ and EVFILT_WRITE, registered
// once; a kevent reports one direction, so a socket may see two Events in a
// batch. Also built on Linux against libkqueue (GONET_LIBKQUEUE_PREFIX in
// CMakeLists.txt) so the whole suite runs over this file here.
#include <sys/types.h>
#include <sys/event.h>
#include <sys/time.h>
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "poller/poller.h"
#include "sys/retry.h"

namespace gonet::poll {

const char* const kBackendName = "kqueue";
const char* const kAddSyscall = "kevent";
// macOS flags urgent data on the read filter (EV_OOBAND); FreeBSD and
// libkqueue have no such flag.
#ifdef EV_OOBAND
const bool kReportsUrgent = true;
#else
const bool kReportsUrgent = false;
#endif

namespace {
constexpr int kMaxBatch = 256;

// The socket error a kevent carries: with EV_EOF, fflags holds it (the
// kernel's so_error; libkqueue reads and clears SO_ERROR to fill it, so it
// would be lost if not passed on); with EV_ERROR, data does.
int32_t EventError(const struct kevent& ev) {
  if (ev.flags & EV_ERROR) return ev.data > 0 ? -static_cast<int32_t>(ev.data) : 0;
  if ((ev.flags & EV_EOF) && ev.fflags != 0) return -static_cast<int32_t>(ev.fflags);
  return 0;
}
}  // namespace

#ifdef GONET_LIBKQUEUE
int LibkqueueWatchFd(int kq);  // poller/libkqueue_linux.cc
#endif

Poller::~Poller() { Close(); }

int Poller::Open() {
  fd_ = kqueue();
  if (fd_ < 0) return -errno;
  // A kqueue is not inherited by fork() on the BSDs; libkqueue's is an
  // ordinary descriptor, so keep it from leaking into exec'd children.
  fcntl(fd_, F_SETFD, FD_CLOEXEC);
#ifdef GONET_LIBKQUEUE
  watch_fd_ = LibkqueueWatchFd(fd_);
  if (watch_fd_ < 0) return watch_fd_;
#else
  watch_fd_ = fd_;
#endif
  return 0;
}

void Poller::Close() {
  if (fd_ >= 0) {
    close(fd_);  // libkqueue frees its epoll with it
    fd_ = watch_fd_ = -1;
  }
}

int Poller::Add(int fd, void* token) {
  struct kevent changes[2];
  // Write filter first: libkqueue merges both filters into one epoll
  // registration, and adding the write filter after the read one drops
  // EPOLLRDHUP from it, so EOF behind data would come without EV_EOF (and,
  // after a short read, without any edge at all). Harmless on the BSDs.
  EV_SET(&changes[0], fd, EVFILT_WRITE, EV_ADD | EV_CLEAR, 0, 0, token);
  EV_SET(&changes[1], fd, EVFILT_READ, EV_ADD | EV_CLEAR, 0, 0, token);
  return kevent(fd_, changes, 2, nullptr, 0, nullptr) < 0 ? -errno : 0;
}

int Poller::Remove(int fd) {
  struct kevent changes[2];
  EV_SET(&changes[0], fd, EVFILT_READ, EV_DELETE, 0, 0, nullptr);
  EV_SET(&changes[1], fd, EVFILT_WRITE, EV_DELETE, 0, 0, nullptr);
  // EV_RECEIPT: one answer per change, so a filter already gone (ENOENT)
  // does not stop the other from being deleted.
  changes[0].flags |= EV_RECEIPT;
  changes[1].flags |= EV_RECEIPT;
  struct kevent answers[2];
  int n = kevent(fd_, changes, 2, answers, 2, nullptr);
  if (n < 0) return -errno;
  for (int i = 0; i < n; i++) {
    if ((answers[i].flags & EV_ERROR) && answers[i].data != 0 && answers[i].data != ENOENT) {
      return -static_cast<int>(answers[i].data);
    }
  }
  return 0;
}

// EV_CLEAR filters report every new edge by themselves.
void Poller::Rearm(int, uint32_t) {}

int Poller::Wait(Event* events, int max, int timeout_ms) {
  struct kevent raw[kMaxBatch];
  if (max > kMaxBatch) max = kMaxBatch;
  timespec ts{timeout_ms / 1000, (timeout_ms % 1000) * 1000000L};
  int n = sys::RetryEintr([&] { return kevent(fd_, nullptr, 0, raw, max, timeout_ms < 0 ? nullptr : &ts); });
  if (n < 0) return n;
  for (int i = 0; i < n; i++) {
    const struct kevent& ev = raw[i];
    const int32_t error = EventError(ev);
    uint32_t r = ev.filter == EVFILT_WRITE ? kWritable : kReadable;
    // EOF on the read filter is the peer's FIN (epoll's EPOLLRDHUP); on the
    // write filter, or with an error, the socket is done both ways: wake
    // both directions so each pending op collects the outcome.
    if (ev.flags & EV_EOF) r |= kHangup;
#ifdef EV_OOBAND
    if (ev.filter == EVFILT_READ && (ev.flags & EV_OOBAND)) r |= kPriority;
#endif
    if (ev.filter == EVFILT_WRITE && (ev.flags & EV_EOF)) r |= kReadable;
    if (error != 0 || (ev.flags & EV_ERROR)) r |= kReadable | kWritable | kHangup;
    events[i] = Event{ev.udata, r, error};
  }
  return n;
}

}  // namespace gonet::poll
