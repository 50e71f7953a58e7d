#include "loop/loop.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "contract.h"
#include "io/socket.h"
#include "sys/descriptors.h"
#include "sys/syscalls.h"

namespace gonet::loop {

namespace {
constexpr int kBatch = contract::kEventBatch;  // contract.def
// Rounds of Wait() per wake-up: bounded so that a flood on some sockets
// cannot keep Node's loop (timers, other I/O) from turning.
constexpr int kMaxRounds = 4;

void* AllocHandle(int type) { return calloc(1, uv_handle_size(type)); }
}  // namespace

Loop* Loop::Create(napi_env env) {
  auto* loop = new Loop(env);
  int r = loop->Init();
  if (r < 0) {
    loop->Teardown();
    loop->Release();
    napi_throw_error(env, nullptr, "gonet: cannot start the event loop");
    return nullptr;
  }
  return loop;
}

int Loop::Init() {
  if (napi_get_uv_event_loop(env_, reinterpret_cast<struct uv_loop_s**>(&uv_)) != napi_ok) return -EINVAL;
  int r = poller_.Open();
  if (r < 0) return r;
  reserve_fd_ = sys::OpenReserve();

  timer_ = static_cast<uv_timer_t*>(AllocHandle(GONET_UV_TIMER));
  kick_ = static_cast<uv_idle_t*>(AllocHandle(GONET_UV_IDLE));
  if (!timer_ || !kick_) return -ENOMEM;
  if ((r = uv_timer_init(uv_, timer_)) < 0) return r;
  open_handles_++;
  uv_handle_set_data(reinterpret_cast<uv_handle_t*>(timer_), this);
  if ((r = uv_idle_init(uv_, kick_)) < 0) return r;
  open_handles_++;
  uv_handle_set_data(reinterpret_cast<uv_handle_t*>(kick_), this);
  // No handle keeps the process alive by itself: AddActive() refs the
  // wake handle while operations are parked; deadlines only matter then.
  uv_unref(reinterpret_cast<uv_handle_t*>(timer_));
  uv_unref(reinterpret_cast<uv_handle_t*>(kick_));
  if ((r = OpenWake()) < 0) return r;

  napi_value resource, name;
  napi_create_object(env_, &resource);
  napi_create_string_utf8(env_, "gonet", NAPI_AUTO_LENGTH, &name);
  napi_create_reference(env_, resource, 1, &resource_);
  if (napi_async_init(env_, resource, name, &async_) != napi_ok) return -EINVAL;
  Retain();  // held by the cleanup hook until the handles are closed
  if (napi_add_async_cleanup_hook(env_, OnCleanup, this, &cleanup_) != napi_ok) {
    Release();
    return -EINVAL;
  }
  return 0;
}

void Loop::AdoptWake(uv_handle_t* h) {
  wake_ = h;
  open_handles_++;
  uv_handle_set_data(h, this);
  uv_unref(h);
}

Loop::~Loop() { sys::CloseReserve(reserve_fd_); }

void Loop::Release() {
  if (--refs_ == 0) delete this;
}

void Loop::SetSink(napi_env env, napi_value sink) {
  if (sink_) napi_delete_reference(env, sink_);
  napi_create_reference(env, sink, 1, &sink_);
}

void Loop::Deliver(napi_value handle, int32_t kind, napi_value result, double extra) {
  if (!sink_ || torn_down_) return;
  napi_value sink, argv[4];
  napi_get_reference_value(env_, sink_, &sink);
  argv[0] = handle;
  napi_create_int32(env_, kind, &argv[1]);
  argv[2] = result;
  // Only a write's progress matters; most completions skip the fourth value.
  size_t argc = 3;
  if (extra != 0) napi_create_double(env_, extra, &argv[argc++]);
  if (napi_call_function(env_, handle, sink, argc, argv, nullptr) == napi_pending_exception) {
    // The sink is our own code and should not throw; if it does, report it
    // as an uncaught exception rather than dropping the rest of the batch.
    // No exception pending means the environment is terminating: JS can no
    // longer run, and there is nothing to report.
    bool pending = false;
    if (napi_is_exception_pending(env_, &pending) != napi_ok || !pending) return;
    napi_value err;
    napi_get_and_clear_last_exception(env_, &err);
    napi_fatal_exception(env_, err);
  }
}

int Loop::Register(io::Socket* s) {
  int r = poller_.Add(s->fd(), s);
  if (r < 0) return r;
  s->next_ = sockets_;
  if (sockets_) sockets_->prev_ = s;
  sockets_ = s;
  stats_.open_fds++;
  return 0;
}

void Loop::Forget(io::Socket* s) {
  if (s != sockets_ && !s->prev_) return;  // never registered (the poller refused it)
  if (s->prev_) s->prev_->next_ = s->next_;
  if (s->next_) s->next_->prev_ = s->prev_;
  if (sockets_ == s) sockets_ = s->next_;
  s->prev_ = s->next_ = nullptr;
  stats_.open_fds--;
}

void Loop::Retire(io::Socket* s) {
  // Events already collected for this socket may still be in the batch
  // being dispatched; free it only once the batch is done.
  if (dispatching_) {
    graveyard_.push_back(s);
  } else {
    delete s;
  }
}

void Loop::ReleaseLater(io::Socket* s) {
  if (dispatching_ || in_batch_) {
    release_.push_back(s);
  } else {
    s->ReleaseWrapper();
  }
}

void Loop::AfterBatch() {
  in_batch_ = false;
  // A socket listed twice, or closed meanwhile, is harmless: ReleaseWrapper
  // checks the live state. None can be freed here: it was strong until now.
  for (io::Socket* s : release_) s->ReleaseWrapper();
  release_.clear();
  for (io::Socket* s : graveyard_) delete s;
  graveyard_.clear();
}

void Loop::AddActive(int delta) {
  if (torn_down_) return;
  const int before = active_;
  active_ += delta;
  if (before == 0 && active_ > 0) uv_ref(wake_);
  if (before > 0 && active_ == 0) uv_unref(wake_);
}

void Loop::SetDeadline(io::SideDeadline* node, int64_t when_us) {
  heap_.Set(node, when_us);
  ArmTimer();
}

void Loop::ClearDeadline(io::SideDeadline* node) {
  if (!node->armed()) return;
  heap_.Remove(node);
  ArmTimer();
}

void Loop::ArmTimer() {
  if (torn_down_) return;
  DeadlineNode* top = heap_.Top();
  if (!top) {
    if (timer_due_us_ >= 0) uv_timer_stop(timer_);
    timer_due_us_ = -1;
    return;
  }
  if (top->when_us == timer_due_us_) return;
  timer_due_us_ = top->when_us;
  const int64_t wait_us = top->when_us - MonotonicMicros();
  // Round up: libuv may fire a little early by our clock, and FireDeadlines
  // re-arms rather than expiring anything before its time.
  const uint64_t wait_ms = wait_us <= 0 ? 0 : static_cast<uint64_t>((wait_us + 999) / 1000);
  uv_update_time(uv_);
  uv_timer_start(timer_, OnTimer, wait_ms, 0);
}

void Loop::OnTimer(uv_timer_t* h) {
  auto* self = static_cast<Loop*>(uv_handle_get_data(reinterpret_cast<uv_handle_t*>(h)));
  self->timer_due_us_ = -1;
  self->InBatch([self] { self->FireDeadlines(); });
  self->ArmTimer();
}

void Loop::FireDeadlines() {
  const int64_t now = MonotonicMicros();
  while (DeadlineNode* top = heap_.Top()) {
    if (top->when_us > now) break;
    heap_.Remove(top);
    auto* node = static_cast<io::SideDeadline*>(top);
    node->socket->OnDeadline(node->side);
  }
}

template <typename Work>
void Loop::InBatch(Work&& work) {
  turn_++;
  napi_handle_scope scope;
  napi_open_handle_scope(env_, &scope);
  napi_value resource;
  napi_get_reference_value(env_, resource_, &resource);
  napi_callback_scope cb_scope;
  napi_open_callback_scope(env_, resource, async_, &cb_scope);
  dispatching_ = in_batch_ = true;
  try {
    work();
  } catch (...) {
    // Only a terminating environment makes N-API calls fail here (creating
    // an accepted socket's object, say); nothing may unwind into libuv.
  }
  dispatching_ = false;
  napi_close_callback_scope(env_, cb_scope);  // runs the microtasks of the batch
  napi_close_handle_scope(env_, scope);
  AfterBatch();
}

void Loop::Dispatch() {
  InBatch([this] {
    poll::Event events[kBatch];
    for (int round = 0; round < kMaxRounds; round++) {
      int n = poller_.Wait(events, kBatch, 0);
      for (int i = 0; i < n; i++) {
        auto* s = static_cast<io::Socket*>(events[i].token);
        // A socket closed earlier in this batch has left the poller; its
        // stale event is dropped here (the object itself lives until the
        // graveyard is flushed).
        if (!s->closed()) s->OnReady(events[i].readiness, events[i].error);
      }
      if (n < kBatch) break;
    }
  });
}

void Loop::Kick(io::Socket* s) {
  if (torn_down_) return;
  kicked_.push_back(s);
  // An idle handle runs once per loop iteration (and keeps the poll phase
  // from blocking): a zero-delay timer started from a timer callback would
  // run in the same pass and give nobody else a turn.
  if (kicked_.size() == 1) uv_idle_start(kick_, OnKick);
}

void Loop::Unkick(io::Socket* s) { std::erase(kicked_, s); }

void Loop::OnKick(uv_idle_t* h) {
  auto* self = static_cast<Loop*>(uv_handle_get_data(reinterpret_cast<uv_handle_t*>(h)));
  uv_idle_stop(h);
  std::vector<io::Socket*> kicked;
  kicked.swap(self->kicked_);
  self->InBatch([&kicked] {
    for (io::Socket* s : kicked) {
      if (!s->closed()) s->Resume();
    }
  });
}

void Loop::ShedConnections(int listen_fd) {
  if (reserve_fd_ < 0) return;
  sys::CloseReserve(reserve_fd_);
  reserve_fd_ = -1;
  // With one descriptor free, accept and drop what is queued: those peers
  // see a reset instead of waiting, and edge-triggered readiness is re-armed.
  for (int i = 0; i < 1024; i++) {
    sockaddr_storage ss;
    socklen_t len;
    int fd = sys::Accept(listen_fd, &ss, &len);
    if (fd < 0) break;
    sys::Close(fd);
  }
  reserve_fd_ = sys::OpenReserve();
}

void Loop::OnCleanup(napi_async_cleanup_hook_handle handle, void* arg) { static_cast<Loop*>(arg)->Teardown(); }

void Loop::Teardown() {
  if (torn_down_) return;
  torn_down_ = true;
  // The environment is going away: release every descriptor; no JS runs.
  while (sockets_) sockets_->CloseForTeardown();
  poller_.Close();
  if (open_handles_ == 0) {
    if (cleanup_) napi_remove_async_cleanup_hook(cleanup_);
    return;
  }
  if (wake_) StopWake();
  if (timer_) uv_timer_stop(timer_);
  if (kick_) uv_idle_stop(kick_);
  kicked_.clear();
  if (wake_) uv_close(wake_, OnHandleClosed);
  uv_close(reinterpret_cast<uv_handle_t*>(timer_), OnHandleClosed);
  uv_close(reinterpret_cast<uv_handle_t*>(kick_), OnHandleClosed);
}

void Loop::OnHandleClosed(uv_handle_t* h) {
  auto* self = static_cast<Loop*>(uv_handle_get_data(h));
  free(h);
  if (--self->open_handles_ > 0) return;
  self->wake_ = nullptr;
  self->timer_ = nullptr;
  self->kick_ = nullptr;
  if (self->cleanup_) {
    napi_remove_async_cleanup_hook(self->cleanup_);
    self->cleanup_ = nullptr;
    self->Release();
  }
}

}  // namespace gonet::loop
