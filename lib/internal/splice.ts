// copy() between two gonet stream sockets without touching the bytes:
// splice(2) through a kernel pipe (Go's TCPConn.ReadFrom on Linux). Each
// step moves what it can without blocking, then waits for whichever side
// stopped it.

import { Result, Side } from "./binding.js";
import type { NetFD } from "./fd.js";

const moved = new Float64Array(1);

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Copies `src` to `dst` until EOF; resolves the byte count. Errors are `readfrom` OpErrors. */
export async function spliceCopy(dst: NetFD, src: NetFD): Promise<number> {
  let total = 0;
  for (;;) {
    const r = src.handle.spliceTo(dst.handle, moved);
    total += moved[0];
    switch (r) {
      case Result.Eof:
        return total;
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
