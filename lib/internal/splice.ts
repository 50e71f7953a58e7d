// The splice(2) leg of a socket-to-socket copy (lib/internal/sockcopy.ts):
// bytes move through a kernel pipe and never enter user space, as in Go's
// TCPConn.ReadFrom on Linux. Each native step moves what it can without
// blocking; a burst goes on until the source has nothing more to give.

import { Result, Side } from "./binding.js";
import type { NetFD } from "./fd.js";

/** How a burst ended. */
export const enum Burst {
  /** The source has nothing now and the pipe is empty: wait for it, or read it another way. */
  Drained,
  Eof,
  /** No descriptor (or memory) for the pipe; nothing was moved. */
  NoPipe,
}

const moved = new Float64Array(1);

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Splices `src` to `dst` until the source is drained or ends, adding the
 * bytes delivered to `count.bytes`. The caller holds src's read lock and
 * dst's write lock. Errors are `readfrom` OpErrors.
 */
export async function spliceBurst(dst: NetFD, src: NetFD, count: { bytes: number }): Promise<Burst> {
  for (;;) {
    const r = src.handle.spliceTo(dst.handle, moved);
    count.bytes += moved[0]!;
    switch (r) {
      case Result.Eof:
        return Burst.Eof;
      case Result.NoPipe: // only the first step makes the pipe
        return Burst.NoPipe;
      case Result.NeedRead: // the native step returns it only with an empty pipe
        return Burst.Drained;
      case Result.NeedWrite:
        await dst.waitFor(Side.Write, "readfrom");
        break;
      case Result.Yield:
        await nextTurn();
        break;
      default:
        throw dst.errorFor("readfrom", r);
    }
  }
}
