// EINTR never surfaces: every system-call wrapper retries it here (as
// libuv's uv__accept and Go's ignoringEINTRIO do) and reports a failure as
// -errno. No N-API here.
#pragma once

#include <cerrno>

namespace gonet::sys {

// Calls `f`, a system call returning >= 0 or -1 with errno, until it is not
// interrupted; returns its result, or -errno.
template <typename F>
auto RetryEintr(F f) -> decltype(f()) {
  decltype(f()) r;
  do {
    r = f();
  } while (r < 0 && errno == EINTR);
  return r < 0 ? -errno : r;
}

}  // namespace gonet::sys
