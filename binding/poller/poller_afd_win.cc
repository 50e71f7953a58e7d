// Windows backend of poller.h: readiness through AFD polling, completed on
// an I/O completion port (the route wepoll, mio and libuv's uv_poll take).
// docs/engine.md ("IOCP") says why readiness and not overlapped I/O.
//
// - Each registered socket owns one AFD_POLL_INFO request at most, issued
//   on a shared \Device\Afd handle tied to the port. A request is one-shot:
//   it completes once with the events present, and is issued again only for
//   what the socket layer has since consumed (Rearm(), called where it sees
//   EAGAIN). That turns AFD's level answers into the edges poller.h promises.
// - A waiter thread blocks in GetQueuedCompletionStatusEx and hands each
//   batch to the JS thread through one uv_async_t (Watch()); the JS thread
//   then drains the rest of the port without blocking. The hand-off is one
//   batch at a time: the waiter sleeps until the JS thread has taken it, so
//   the entries need no lock.
// - A request's IO_STATUS_BLOCK and AFD_POLL_INFO belong to the kernel
//   until its completion arrives: Remove() cancels (CancelIoEx) and frees
//   the record only on that completion, as engine.md rule 3 asks of buffers.
#include <winternl.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <thread>
#include <unordered_map>

#include "poller/poller.h"
#include "sys/errno_win.h"

namespace gonet::poll {

namespace {
constexpr ULONG kIoctlAfdPoll = 0x00012024;
// AFD_POLL_* event bits (the afd.sys interface; see wepoll and ReactOS).
constexpr ULONG kAfdReceive = 0x0001;
constexpr ULONG kAfdReceiveExpedited = 0x0002;
constexpr ULONG kAfdSend = 0x0004;
constexpr ULONG kAfdDisconnect = 0x0008;
constexpr ULONG kAfdAbort = 0x0010;
constexpr ULONG kAfdLocalClose = 0x0020;
constexpr ULONG kAfdAccept = 0x0080;
constexpr ULONG kAfdConnectFail = 0x0100;
// What a consumed read (write) readiness asks the kernel for again.
constexpr ULONG kReadEvents = kAfdReceive | kAfdReceiveExpedited | kAfdAccept;
constexpr ULONG kWriteEvents = kAfdSend;
// Asked for with every request, reported once (a hang-up or a failure stays).
constexpr ULONG kFinalEvents = kAfdDisconnect | kAfdAbort | kAfdConnectFail;
constexpr int kMaxBatch = 256;
// The base provider's socket under any layered one (mswsock's kSioBaseHandle).
constexpr DWORD kSioBaseHandle = 0x48000022;
constexpr NTSTATUS kStatusPending = 0x00000103;
constexpr NTSTATUS kStatusCancelled = static_cast<NTSTATUS>(0xC0000120);
// The completion key of the packet Close() posts to stop the waiter.
constexpr ULONG_PTR kStopKey = 1;

struct AfdPollHandle {
  HANDLE handle;
  ULONG events;
  NTSTATUS status;
};
struct AfdPollInfo {
  LARGE_INTEGER timeout;
  ULONG count;
  ULONG exclusive;
  AfdPollHandle handles[1];
};

using NtDeviceIoControlFileFn = NTSTATUS(NTAPI*)(HANDLE, HANDLE, PVOID, PVOID, PIO_STATUS_BLOCK, ULONG, PVOID, ULONG,
                                                 PVOID, ULONG);
using NtCreateFileFn = NTSTATUS(NTAPI*)(PHANDLE, ACCESS_MASK, POBJECT_ATTRIBUTES, PIO_STATUS_BLOCK, PLARGE_INTEGER,
                                        ULONG, ULONG, ULONG, ULONG, PVOID, ULONG);
struct Nt {
  NtDeviceIoControlFileFn ioctl = nullptr;
  NtCreateFileFn create = nullptr;
};

const Nt& NtApi() {
  static const Nt nt = [] {
    Nt n;
    HMODULE m = GetModuleHandleW(L"ntdll.dll");
    if (!m) return n;
    n.ioctl =
        reinterpret_cast<NtDeviceIoControlFileFn>(reinterpret_cast<void*>(GetProcAddress(m, "NtDeviceIoControlFile")));
    n.create = reinterpret_cast<NtCreateFileFn>(reinterpret_cast<void*>(GetProcAddress(m, "NtCreateFile")));
    return n;
  }();
  return nt;
}

int StatusErrno(NTSTATUS status) { return sys::NtStatusErrno(status); }
}  // namespace

// One socket's registration; the first two fields are the kernel's while a
// request is pending.
struct PollSock {
  IO_STATUS_BLOCK iosb{};
  AfdPollInfo info{};
  HANDLE base = nullptr;
  int fd = -1;
  void* token = nullptr;
  ULONG want = 0;     // events to ask for (consumed readiness and the final ones)
  ULONG pending = 0;  // events of the request in the kernel; 0: none
  bool cancelling = false;
  bool removed = false;  // Remove()d: freed when its request completes
};

// CancelIoEx names a request by its status block: an OVERLAPPED begins with
// one (Internal, InternalHigh), which is how Win32 passes them to the kernel.
OVERLAPPED* AsOverlapped(PollSock* s) { return reinterpret_cast<OVERLAPPED*>(&s->iosb); }

struct Poller::Impl {
  HANDLE port = nullptr;
  HANDLE afd = nullptr;
  std::unordered_map<int, PollSock*> socks;
  size_t in_kernel = 0;  // requests issued and not yet completed
  // Waiter hand-off: the waiter fills `handed`, publishes `handed_n`, wakes
  // the JS thread and sleeps on `taken` until the JS thread has used it all.
  std::thread waiter;
  HANDLE taken = nullptr;
  std::atomic<bool> stopping{false};
  OVERLAPPED_ENTRY handed[kMaxBatch];
  std::atomic<ULONG> handed_n{0};
  ULONG handed_at = 0;
  void (*notify)(void*) = nullptr;
  void* notify_arg = nullptr;
  // Sockets whose request could not be issued: reported as failed next Wait().
  std::unordered_map<int, int> failed;

  int Submit(PollSock* s);
  void Completed(PollSock* s, Event* out, int* n);
  void WaiterMain();
};

const char* const kBackendName = "iocp";
const bool kReportsUrgent = true;  // AFD_POLL_RECEIVE_EXPEDITED
const char* const kAddSyscall = "NtDeviceIoControlFile";

Poller::~Poller() { Close(); }

int Poller::Open() {
  const Nt& nt = NtApi();
  if (!nt.ioctl || !nt.create) return -ENOSYS;
  auto* impl = new Impl();
  impl->port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, nullptr, 0, 1);
  if (!impl->port) {
    int err = sys::WinErrno(static_cast<int>(GetLastError()));
    delete impl;
    return -err;
  }
  impl_ = impl;
  // "\Device\Afd\Gonet": any name under \Device\Afd opens the AFD driver.
  static WCHAR name[] = L"\\Device\\Afd\\Gonet";
  UNICODE_STRING us{static_cast<USHORT>(sizeof(name) - sizeof(WCHAR)), static_cast<USHORT>(sizeof(name)), name};
  OBJECT_ATTRIBUTES oa{};
  oa.Length = sizeof(oa);
  oa.ObjectName = &us;
  IO_STATUS_BLOCK iosb{};
  NTSTATUS st = nt.create(&impl->afd, SYNCHRONIZE, &oa, &iosb, nullptr, 0, FILE_SHARE_READ | FILE_SHARE_WRITE,
                          FILE_OPEN, 0, nullptr, 0);
  if (st != 0) {
    impl->afd = nullptr;
    int err = StatusErrno(st);
    Close();
    return -err;
  }
  if (!CreateIoCompletionPort(impl->afd, impl->port, 0, 0)) {
    int err = sys::WinErrno(static_cast<int>(GetLastError()));
    Close();
    return -err;
  }
  SetFileCompletionNotificationModes(impl->afd, FILE_SKIP_SET_EVENT_ON_HANDLE);
  impl->taken = CreateEventW(nullptr, FALSE, FALSE, nullptr);
  if (!impl->taken) {
    Close();
    return -ENOMEM;
  }
  fd_ = 0;  // open; the descriptor itself means nothing here (Watch() bridges)
  return 0;
}

void Poller::Close() {
  Impl* impl = impl_;
  if (!impl) return;
  impl_ = nullptr;
  fd_ = -1;
  if (impl->waiter.joinable()) {
    impl->stopping = true;
    PostQueuedCompletionStatus(impl->port, 0, kStopKey, nullptr);
    SetEvent(impl->taken);
    impl->waiter.join();
  }
  // Completions the waiter handed over and nobody took: their requests are done.
  for (ULONG i = impl->handed_at; i < impl->handed_n.load(); i++) {
    if (!impl->handed[i].lpOverlapped) continue;
    auto* s = reinterpret_cast<PollSock*>(impl->handed[i].lpOverlapped);
    impl->in_kernel--;
    s->pending = 0;
    if (s->removed) delete s;
  }
  // Every request still in the kernel is cancelled, and its record freed
  // only once its completion says the kernel is done with it (bounded: the
  // cancellations complete at once; 2 s covers a stalled driver). A record
  // the kernel never gives back is leaked rather than freed under it.
  for (auto& [fd, s] : impl->socks) {
    if (!s->pending) {
      delete s;
      continue;
    }
    s->removed = true;
    if (!s->cancelling) CancelIoEx(impl->afd, AsOverlapped(s));
  }
  impl->socks.clear();
  const ULONGLONG give_up = GetTickCount64() + 2000;
  while (impl->in_kernel > 0 && GetTickCount64() < give_up) {
    OVERLAPPED_ENTRY e[64];
    ULONG n = 0;
    if (!GetQueuedCompletionStatusEx(impl->port, e, 64, &n, 100, FALSE)) continue;
    for (ULONG i = 0; i < n; i++) {
      if (e[i].lpCompletionKey == kStopKey || !e[i].lpOverlapped) continue;
      impl->in_kernel--;
      delete reinterpret_cast<PollSock*>(e[i].lpOverlapped);  // every record left is removed
    }
  }
  if (impl->afd) CloseHandle(impl->afd);
  if (impl->taken) CloseHandle(impl->taken);
  CloseHandle(impl->port);
  delete impl;
}

int Poller::Impl::Submit(PollSock* s) {
  s->info = AfdPollInfo{};
  s->info.timeout.QuadPart = INT64_MAX;
  s->info.count = 1;
  s->info.exclusive = FALSE;
  s->info.handles[0].handle = s->base;
  s->info.handles[0].events = s->want;
  s->iosb = IO_STATUS_BLOCK{};
  s->iosb.Status = kStatusPending;
  // The record itself is the completion's "overlapped" pointer (ApcContext).
  NTSTATUS st = NtApi().ioctl(afd, nullptr, nullptr, s, &s->iosb, kIoctlAfdPoll, &s->info, sizeof(s->info), &s->info,
                              sizeof(s->info));
  // Success and pending both complete through the port (no skip-on-success).
  if (st != 0 && st != kStatusPending) return -StatusErrno(st);
  s->pending = s->want;
  in_kernel++;
  return 0;
}

int Poller::Add(int fd, void* token) {
  if (!impl_) return -EBADF;
  // AFD wants the base provider's handle, not a layered one (LSPs).
  SOCKET base = INVALID_SOCKET;
  DWORD bytes = 0;
  if (WSAIoctl(static_cast<SOCKET>(fd), kSioBaseHandle, nullptr, 0, &base, sizeof(base), &bytes, nullptr, nullptr) !=
      0) {
    return -sys::WinErrno(WSAGetLastError());
  }
  auto [it, fresh] = impl_->socks.try_emplace(fd, nullptr);
  if (!fresh) return -EEXIST;
  auto* s = new PollSock();
  s->base = reinterpret_cast<HANDLE>(base);
  s->fd = fd;
  s->token = token;
  it->second = s;
  // Nothing is asked for yet: the socket layer starts out assuming it may
  // read and write, and Rearm()s a side only once that side saw EAGAIN.
  return 0;
}

int Poller::Remove(int fd) {
  if (!impl_) return -EBADF;
  auto it = impl_->socks.find(fd);
  if (it == impl_->socks.end()) return -ENOENT;
  PollSock* s = it->second;
  impl_->socks.erase(it);
  impl_->failed.erase(fd);
  if (!s->pending) {
    delete s;
    return 0;
  }
  s->removed = true;
  s->token = nullptr;
  if (!s->cancelling) CancelIoEx(impl_->afd, AsOverlapped(s));
  s->cancelling = true;
  return 0;
}

void Poller::Rearm(int fd, uint32_t readiness) {
  if (!impl_) return;
  auto it = impl_->socks.find(fd);
  if (it == impl_->socks.end()) return;
  PollSock* s = it->second;
  ULONG add = kFinalEvents;
  if (readiness & kReadable) add |= kReadEvents;
  if (readiness & kWritable) add |= kWriteEvents;
  s->want |= add;
  if (s->pending) {
    // A request is in the kernel; if it lacks what is wanted now, cancel it:
    // its completion (cancelled) issues the wider one.
    if ((s->pending & s->want) != s->want && !s->cancelling) {
      s->cancelling = true;
      CancelIoEx(impl_->afd, AsOverlapped(s));
    }
    return;
  }
  int r = impl_->Submit(s);
  if (r < 0) impl_->failed[fd] = r;
}

// A request came back: turns its events into readiness (once per edge),
// then asks again for what is still wanted.
void Poller::Impl::Completed(PollSock* s, Event* out, int* n) {
  in_kernel--;
  s->pending = 0;
  s->cancelling = false;
  if (s->removed) {
    delete s;
    return;
  }
  NTSTATUS st = s->iosb.Status;
  ULONG got = 0;
  int32_t error = 0;
  if (st == kStatusCancelled) {
    // Cancelled by Rearm() to widen the request: nothing happened yet.
  } else if (st != 0) {
    got = kAfdAbort;
    error = -StatusErrno(st);
  } else if (s->info.count > 0) {
    got = s->info.handles[0].events;
    if (got & kAfdConnectFail) error = -StatusErrno(s->info.handles[0].status);
  }
  if (got & kAfdLocalClose) {
    // The socket was closed under its registration: nothing more to report.
    s->want = 0;
    return;
  }
  uint32_t r = 0;
  if (got & (kReadEvents | kFinalEvents)) r |= kReadable;
  if (got & kAfdReceiveExpedited) r |= kPriority;
  if (got & (kWriteEvents | kAfdAbort | kAfdConnectFail)) r |= kWritable;
  if (got & kFinalEvents) r |= kHangup;
  // Reported readiness is the socket's until it says it consumed it again.
  if (r & kReadable) s->want &= ~kReadEvents;
  if (r & kWritable) s->want &= ~kWriteEvents;
  s->want &= ~(got & kFinalEvents);
  if (r) out[(*n)++] = Event{s->token, r, error};
  // Only what is still wanted besides the final events is worth a request.
  if (s->want & (kReadEvents | kWriteEvents)) {
    int e = Submit(s);
    if (e < 0) failed[s->fd] = e;
  }
}

int Poller::Wait(Event* events, int max, int timeout_ms) {
  Impl* impl = impl_;
  if (!impl) return -EBADF;
  if (max > kMaxBatch) max = kMaxBatch;
  int n = 0;
  // Requests that could not be issued: the socket retries its syscall and
  // meets the real error there.
  for (auto it = impl->failed.begin(); it != impl->failed.end() && n < max;) {
    auto s = impl->socks.find(it->first);
    if (s != impl->socks.end()) events[n++] = Event{s->second->token, kReadable | kWritable | kHangup, it->second};
    it = impl->failed.erase(it);
  }
  // First the batch the waiter handed over, then what else is queued.
  ULONG handed = impl->handed_n.load(std::memory_order_acquire);
  while (impl->handed_at < handed && n < max) {
    OVERLAPPED_ENTRY& e = impl->handed[impl->handed_at++];
    if (e.lpOverlapped) impl->Completed(reinterpret_cast<PollSock*>(e.lpOverlapped), events, &n);
  }
  if (handed > 0 && impl->handed_at == handed) {
    impl->handed_at = 0;
    impl->handed_n.store(0, std::memory_order_release);
    SetEvent(impl->taken);
  } else if (handed > 0) {
    // `events` is full and the dispatch may stop here: come back for the rest.
    impl->notify(impl->notify_arg);
    return n;
  }
  while (n < max) {
    OVERLAPPED_ENTRY raw[kMaxBatch];
    ULONG got = 0;
    // Each completion yields at most one event: never dequeue more than fits.
    if (!GetQueuedCompletionStatusEx(impl->port, raw, static_cast<ULONG>(max - n), &got,
                                     n == 0 ? static_cast<DWORD>(timeout_ms) : 0, FALSE) ||
        got == 0) {
      break;
    }
    for (ULONG i = 0; i < got; i++) {
      if (raw[i].lpCompletionKey == kStopKey || !raw[i].lpOverlapped) continue;
      impl->Completed(reinterpret_cast<PollSock*>(raw[i].lpOverlapped), events, &n);
    }
  }
  return n;
}

void Poller::Impl::WaiterMain() {
  while (!stopping.load()) {
    ULONG n = 0;
    if (!GetQueuedCompletionStatusEx(port, handed, kMaxBatch, &n, INFINITE, FALSE) || n == 0) continue;
    bool stop = false;
    for (ULONG i = 0; i < n; i++) {
      if (handed[i].lpCompletionKey == kStopKey) {
        handed[i].lpOverlapped = nullptr;  // skipped by Wait()
        stop = true;
      }
    }
    handed_n.store(n, std::memory_order_release);
    notify(notify_arg);
    if (stop) break;
    WaitForSingleObject(taken, INFINITE);
  }
}

int Poller::StartWaiter(void (*notify)(void*), void* arg) {
  if (!impl_) return -EBADF;
  impl_->notify = notify;
  impl_->notify_arg = arg;
  try {
    impl_->waiter = std::thread([impl = impl_] { impl->WaiterMain(); });
  } catch (...) {
    return -EAGAIN;
  }
  return 0;
}

}  // namespace gonet::poll
