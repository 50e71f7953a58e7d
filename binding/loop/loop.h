// The per-environment event loop: one poller, watched by one uv_poll_t in
// that environment's libuv loop, plus one uv_timer_t armed at the earliest
// socket deadline. Everything runs on the environment's JS thread.
//
// Completions of one poll turn are delivered to JS inside ONE callback
// scope, so promise continuations run once per batch, not once per event.
#pragma once

#include <node_api.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "contract.h"
#include "loop/deadline_heap.h"
#include "loop/uv_min.h"
#include "poller/poller.h"

namespace gonet::io {
class Socket;
struct SideDeadline;
}  // namespace gonet::io

namespace gonet::loop {

// Debug counters, so tests can assert that everything returns to zero.
struct Stats {
  int64_t live_sockets = 0;
  int64_t open_fds = 0;  // descriptors registered with the poller
  int64_t parked_ops = 0;
  int64_t held_buffers = 0;  // caller buffers pinned by parked ops
};

class Loop {
 public:
  // Creates the loop of `env`; returns null (with a JS exception pending) on failure.
  static Loop* Create(napi_env env);
  void Retain() { refs_++; }
  void Release();

  napi_env env() const { return env_; }
  bool torn_down() const { return torn_down_; }
  Stats& stats() { return stats_; }
  size_t armed_deadlines() const { return heap_.size(); }

  // The JS completion sink: sink(handle, kind, result, extra).
  void SetSink(napi_env env, napi_value sink);
  void Deliver(napi_value handle, int32_t kind, napi_value result, double extra);

  // Sockets
  int Register(io::Socket* s);  // adds to the poller and the live list
  void Forget(io::Socket* s);   // the descriptor is going: leave the live list
  void Unregister(int fd) { poller_.Remove(fd); }
  // The socket met EAGAIN on these sides (poller.h, Rearm).
  void Rearm(int fd, uint32_t readiness) { poller_.Rearm(fd, readiness); }
  void Retire(io::Socket* s);  // delete now, or after the batch being dispatched

  // A socket whose last parked op finished: its wrapper may turn weak, but
  // only after the current batch, when continuations have parked again.
  void ReleaseLater(io::Socket* s);

  // Resumes `s` (Socket::Resume) at the next loop turn: a socket that
  // stopped at its per-turn budget gets no new edge for what is queued.
  void Kick(io::Socket* s);
  void Unkick(io::Socket* s);
  // Counts callbacks from libuv; sockets use it to cap their work per turn.
  uint64_t turn() const { return turn_; }

  // Parked ops on ref'd sockets keep Node's loop alive, like Node's own handles.
  void AddActive(int delta);

  void SetDeadline(io::SideDeadline* node, int64_t when_us);
  void ClearDeadline(io::SideDeadline* node);

  // A read scratch area for reads that allocate only what arrived.
  uint8_t* scratch() { return scratch_.data(); }
  size_t scratch_size() const { return scratch_.size(); }

  // EMFILE in accept: drop queued connections using the reserve descriptor
  // so the listener is not reported ready forever.
  void ShedConnections(int listen_fd);

  // Set by the JS layer: makes the JS object of a freshly accepted socket.
  napi_value (*wrap_accepted)(napi_env env, io::Socket* s) = nullptr;

 private:
  explicit Loop(napi_env env) : env_(env) {}
  ~Loop();
  int Init();
  // The handle that tells this thread the poller has events
  // (loop/wake_unix.cc: a uv_poll_t on its descriptor; loop/wake_win.cc: a
  // uv_async_t its waiter thread signals). Stopped by Teardown.
  int OpenWake();
  void StopWake();
  void AdoptWake(uv_handle_t* h);  // OpenWake's handle, initialised: ours to close
  static void OnTimer(uv_timer_t* h);
  static void OnKick(uv_idle_t* h);
  template <typename Work>
  void InBatch(Work&& work);
  static void OnCleanup(napi_async_cleanup_hook_handle handle, void* arg);
  static void OnHandleClosed(uv_handle_t* h);
  void Dispatch();
  void FireDeadlines();
  void ArmTimer();
  void Teardown();
  void AfterBatch();

  napi_env env_;
  int refs_ = 1;
  bool torn_down_ = false;
  bool dispatching_ = false;  // walking the events of a batch
  bool in_batch_ = false;     // ... or running the microtasks after it
  uv_loop_t* uv_ = nullptr;
  poll::Poller poller_;
  uv_handle_t* wake_ = nullptr;  // OpenWake()
  uv_timer_t* timer_ = nullptr;
  uv_idle_t* kick_ = nullptr;  // active only while sockets wait in kicked_
  std::vector<io::Socket*> kicked_;
  uint64_t turn_ = 0;
  int open_handles_ = 0;
  int64_t timer_due_us_ = -1;
  int active_ = 0;
  int reserve_fd_ = -1;
  napi_ref sink_ = nullptr;
  napi_ref resource_ = nullptr;
  napi_async_context async_ = nullptr;
  napi_async_cleanup_hook_handle cleanup_ = nullptr;
  DeadlineHeap heap_;
  io::Socket* sockets_ = nullptr;
  std::vector<io::Socket*> graveyard_;
  std::vector<io::Socket*> release_;  // sockets for ReleaseWrapper() after the batch
  std::vector<uint8_t> scratch_ = std::vector<uint8_t>(contract::kReadChunk);
  Stats stats_;
};

}  // namespace gonet::loop
