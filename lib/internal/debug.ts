// Debug counters of this thread's native loop, so tests can assert that
// every socket, parked operation, pinned buffer and deadline is released.

import { type NativeStats, native } from "./binding.js";

export function stats(): NativeStats {
  return native.stats();
}
