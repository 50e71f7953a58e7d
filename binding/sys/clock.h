// The wall clock (CLOCK_REALTIME) in nanoseconds: the clock the kernel's
// receive timestamps (SO_TIMESTAMPNS) use, so the two can be subtracted.
#pragma once

#include <chrono>
#include <cstdint>

namespace gonet::sys {

inline int64_t RealtimeNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace gonet::sys
