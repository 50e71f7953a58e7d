// The loop's wake-up on readiness backends with a descriptor of their own
// (epoll, kqueue): one uv_poll_t on it in Node's loop. When it is readable
// the batch is drained with Wait(…, 0) on this thread (loop.cc, Dispatch).
#include <cerrno>
#include <cstdlib>

#include "loop/loop.h"

namespace gonet::loop {

int Loop::OpenWake() {
  auto* h = static_cast<uv_poll_t*>(calloc(1, uv_handle_size(GONET_UV_POLL)));
  if (!h) return -ENOMEM;
  int r = uv_poll_init(uv_, h, poller_.fd());
  if (r < 0) {
    free(h);
    return r;
  }
  AdoptWake(reinterpret_cast<uv_handle_t*>(h));
  return uv_poll_start(h, GONET_UV_READABLE, [](uv_poll_t* h, int status, int) {
    auto* self = static_cast<Loop*>(uv_handle_get_data(reinterpret_cast<uv_handle_t*>(h)));
    if (status < 0 || self->torn_down_) return;
    self->Dispatch();
  });
}

void Loop::StopWake() { uv_poll_stop(reinterpret_cast<uv_poll_t*>(wake_)); }

}  // namespace gonet::loop
