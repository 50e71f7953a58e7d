// The wall clock at nanosecond resolution. Kernel receive timestamps
// (SO_TIMESTAMPNS) are CLOCK_REALTIME; Date.now() is too coarse to subtract
// from them and process.hrtime is a different clock.

import { native } from "./internal/binding.js";

/** CLOCK_REALTIME now, in nanoseconds since the epoch (the clock of SO_TIMESTAMPNS). */
export function realtimeNs(): bigint {
  return native.realtimeNs();
}
