// Linux backend of poller.h: epoll, edge-triggered.
#include "poller/poller.h"

#include <sys/epoll.h>
#include <unistd.h>

#include <cerrno>

#include "contract.h"
#include "sys/retry.h"

namespace gonet::poll {

namespace {
// Sized for the stack: dispatch loops call Wait() again while it fills up.
constexpr int kMaxBatch = contract::kEventBatch;  // contract.def
}  // namespace

const char* const kBackendName = "epoll";
const bool kReportsUrgent = true;  // EPOLLPRI
const char* const kAddSyscall = "epoll_ctl";

Poller::~Poller() { Close(); }

int Poller::Open() {
  fd_ = watch_fd_ = epoll_create1(EPOLL_CLOEXEC);
  return fd_ < 0 ? -errno : 0;
}

void Poller::Close() {
  if (fd_ >= 0) {
    close(fd_);
    fd_ = watch_fd_ = -1;
  }
}

int Poller::Add(int fd, void* token) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLPRI | EPOLLOUT | EPOLLRDHUP | EPOLLET;
  ev.data.ptr = token;
  return epoll_ctl(fd_, EPOLL_CTL_ADD, fd, &ev) < 0 ? -errno : 0;
}

int Poller::Remove(int fd) {
  epoll_event ev{};  // non-null for kernels before 2.6.9
  return epoll_ctl(fd_, EPOLL_CTL_DEL, fd, &ev) < 0 ? -errno : 0;
}

// Edge-triggered: the next edge comes by itself.
void Poller::Rearm(int, uint32_t) {}

int Poller::Wait(Event* events, int max, int timeout_ms) {
  epoll_event raw[kMaxBatch];
  if (max > kMaxBatch) max = kMaxBatch;
  int n = sys::RetryEintr([&] { return epoll_wait(fd_, raw, max, timeout_ms); });
  if (n < 0) return n;
  for (int i = 0; i < n; i++) {
    uint32_t e = raw[i].events;
    uint32_t r = 0;
    if (e & (EPOLLIN | EPOLLPRI | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) r |= kReadable;
    if (e & EPOLLPRI) r |= kPriority;
    if (e & (EPOLLOUT | EPOLLHUP | EPOLLERR)) r |= kWritable;
    if (e & (EPOLLRDHUP | EPOLLHUP | EPOLLERR)) r |= kHangup;
    events[i] = Event{raw[i].data.ptr, r, 0};  // errors stay in SO_ERROR for the syscall
  }
  return n;
}

}  // namespace gonet::poll
