// The loop's wake-up on Windows: the poller's waiter thread, blocked in
// GetQueuedCompletionStatusEx (poller/poller_afd_win.cc), signals one
// uv_async_t; its callback drains the batch on this thread (Dispatch).
#include <cerrno>
#include <cstdlib>

#include "loop/loop.h"

namespace gonet::loop {

int Loop::OpenWake() {
  auto* h = static_cast<uv_async_t*>(calloc(1, uv_handle_size(GONET_UV_ASYNC)));
  if (!h) return -ENOMEM;
  int r = uv_async_init(uv_, h, [](uv_async_t* h) {
    auto* self = static_cast<Loop*>(uv_handle_get_data(reinterpret_cast<uv_handle_t*>(h)));
    if (self->torn_down_) return;
    self->Dispatch();
  });
  if (r < 0) {
    free(h);
    return r;
  }
  AdoptWake(reinterpret_cast<uv_handle_t*>(h));
  return poller_.StartWaiter([](void* h) { uv_async_send(static_cast<uv_async_t*>(h)); }, h);
}

// Teardown has closed the poller, which joined the waiter: nothing signals
// the handle any more, and uv_close may follow.
void Loop::StopWake() {}

}  // namespace gonet::loop
