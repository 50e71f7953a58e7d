// The poller contract: one kernel readiness queue per Node environment.
// Backends: poller_epoll.cc (Linux), poller_kqueue.cc (macOS, FreeBSD;
// libkqueue on Linux for testing), poller_afd_win.cc (Windows: AFD polling
// through a completion port).
//
// Requirements every backend meets:
// - Registration is edge-triggered and made once per socket, for both
//   directions (as Go's netpoller does): the socket layer keeps its own
//   `readable`/`writable` flags and only clears them on EAGAIN, so no
//   Modify() call is ever needed on the hot path.
// - An Event carries the token given to Add() and the readiness seen.
//   Hang-up and error set both kReadable and kWritable so that pending
//   operations retry and collect the real error from their syscall.
// - Wait() with timeout 0 never blocks; the loop bridge only calls it when
//   fd() is readable in Node's own loop.
// - All methods return >= 0 on success or -errno, and never throw.
#pragma once

#include <cstdint>

namespace gonet::poll {

enum Readiness : uint32_t {
  kReadable = 1u << 0,
  kWritable = 1u << 1,
  // The peer hung up or the socket failed: data may still be queued, but no
  // further edge will announce it. Sockets stop guessing "drained" from here on.
  kHangup = 1u << 2,
  // Urgent (out-of-band) data is queued: reads stop short at its mark with
  // ordinary data still behind it. Reported with kReadable.
  kPriority = 1u << 3,
};

// The backend's name (`native.backend`: "epoll", "kqueue") and the system
// call Add() makes, which an error from Loop::Register names.
extern const char* const kBackendName;
extern const char* const kAddSyscall;
// Whether the backend reports urgent data (kPriority). Where it cannot, a
// short TCP read never proves the queue drained: the kernel also stops a
// read short at the urgent mark, with data behind it and no edge to come.
extern const bool kReportsUrgent;

struct Event {
  void* token;
  uint32_t readiness;
  // -errno when the backend saw the socket's error itself (kqueue reports
  // it in the kevent, and libkqueue clears SO_ERROR to do so), else 0. The
  // socket keeps it for the op that would otherwise have read SO_ERROR.
  int32_t error;
};

class Poller {
 public:
  Poller() = default;
  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;
  ~Poller();

  int Open();
  void Close();
  // Watch `fd` for both directions, edge-triggered; events carry `token`.
  int Add(int fd, void* token);
  // Stop watching `fd`. The socket layer calls it before every close():
  // close() alone does not deregister while another descriptor shares the
  // file (dup, fork, a child's stdio), and the socket's token would outlive it.
  int Remove(int fd);
  // The socket layer met EAGAIN on these sides of `fd` (kReadable,
  // kWritable) and waits for their next edge. Edge-triggered backends need
  // nothing here; a one-shot one (AFD polling) asks the kernel again.
  void Rearm(int fd, uint32_t readiness);
  // Collects up to `max` events; returns their count or -errno.
  int Wait(Event* events, int max, int timeout_ms);
  // The descriptor the loop bridge watches in Node's loop (loop/wake_unix.cc).
  int fd() const { return watch_fd_; }
  // Windows instead: starts the thread that waits on the completion port
  // and calls `notify(arg)` from there whenever Wait() has events
  // (loop/wake_win.cc). Not defined on the other backends.
  int StartWaiter(void (*notify)(void*), void* arg);

 private:
  struct Impl;   // a backend's state beyond one descriptor (poller_afd_win.cc)
  int fd_ = -1;  // the kernel's queue
  // What the loop bridge watches: fd_ itself, except for a kqueue over
  // libkqueue (Linux test builds), whose inner epoll is watched instead.
  int watch_fd_ = -1;
  Impl* impl_ = nullptr;
};

}  // namespace gonet::poll
