// copy() between two gonet stream sockets without touching the bytes:
// splice(2) through a kernel pipe (Go's TCPConn.ReadFrom on Linux). Each
// step moves what it can without blocking, then waits for whichever side
// stopped it.
//
// Like Go, the copy holds the source's read lock and the destination's
// write lock while it runs: reads and writes issued meanwhile start after
// it, and those issued before it finish first (the native step waits
// behind them).

import { Result, Side } from "./binding.js";
import type { NetFD } from "./fd.js";

const moved = new Float64Array(1);

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Copies `src` to `dst` until EOF; resolves the byte count, or null when
 * no pipe could be had (the caller copies through a buffer, as Go does when
 * splice is not possible). Errors are `readfrom` OpErrors.
 */
export async function spliceCopy(dst: NetFD, src: NetFD): Promise<number | null> {
  await src.lock(Side.Read);
  try {
    await dst.lock(Side.Write);
    try {
      return await spliceLoop(dst, src);
    } finally {
      // Bytes still in the pipe were taken from src for this dst only.
      src.handle.spliceDone();
      dst.unlock(Side.Write);
    }
  } finally {
    src.unlock(Side.Read);
  }
}

async function spliceLoop(dst: NetFD, src: NetFD): Promise<number | null> {
  let total = 0;
  for (;;) {
    const r = src.handle.spliceTo(dst.handle, moved);
    total += moved[0]!;
    switch (r) {
      case Result.Eof:
        return total;
      case Result.NoPipe: // only the first step makes the pipe: nothing was moved
        return null;
      case Result.NeedRead:
        await src.waitFor(Side.Read, "readfrom");
        break;
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
