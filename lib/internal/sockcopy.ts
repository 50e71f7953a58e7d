// copy() between two gonet stream sockets, choosing per flow how the bytes
// move. splice(2) keeps bulk data out of user space but pays two pipe
// transfers per message, which costs more than a plain read and write when
// messages are small. So a copy starts buffered (read into one buffer,
// write it out) and switches to splice once reads keep filling the buffer;
// it switches back when splice bursts keep coming out small.
//
// Like Go, the copy holds the source's read lock and the destination's
// write lock while it runs: reads and writes issued meanwhile start after
// it, and those issued before it finish first (each leg waits behind them
// natively). Bytes taken from the source reach the destination before a
// later read error ends the copy: the buffered leg writes what it read
// before it reads again, and the splice leg empties its pipe first.

import { Side, native } from "./binding.js";
import type { NetFD } from "./fd.js";
import { Burst, spliceBurst } from "./splice.js";

/** The buffered leg's buffer: also the read size that counts as "full". */
const BUFFER_SIZE = 16 * 1024;
/** Consecutive full reads after which the flow counts as bulk. */
const FULL_READS_TO_SPLICE = 4;
/** Consecutive splice bursts under BUFFER_SIZE after which the flow counts as small messages. */
const SMALL_BURSTS_TO_BUFFER = 8;

/** Copies `src` to `dst` until EOF; resolves the byte count. Errors are `readfrom` OpErrors. */
export async function socketCopy(dst: NetFD, src: NetFD): Promise<number> {
  await src.lock(Side.Read);
  try {
    await dst.lock(Side.Write);
    try {
      return await adaptiveLoop(dst, src);
    } finally {
      // Bytes still in a pipe were taken from src for this dst only.
      src.handle.spliceDone();
      dst.unlock(Side.Write);
    }
  } finally {
    src.unlock(Side.Read);
  }
}

async function adaptiveLoop(dst: NetFD, src: NetFD): Promise<number> {
  const count = { bytes: 0 };
  let buf: Uint8Array | undefined;
  let splicing = false;
  // False where the platform cannot splice (not Linux), or once no pipe
  // could be had: buffered to the end.
  let canSplice = native.platform.splice;
  let streak = 0; // full reads (buffered) or small bursts (splicing) in a row
  for (;;) {
    if (!splicing) {
      buf ??= new Uint8Array(BUFFER_SIZE);
      const n = await src.readHeld(buf, "readfrom");
      if (n === null) return count.bytes;
      await dst.writeHeld(buf.subarray(0, n), "readfrom");
      count.bytes += n;
      streak = n === BUFFER_SIZE ? streak + 1 : 0;
      if (canSplice && streak >= FULL_READS_TO_SPLICE) {
        splicing = true;
        streak = 0;
      }
      continue;
    }
    const before = count.bytes;
    const end = await spliceBurst(dst, src, count);
    if (end === Burst.Eof) return count.bytes;
    if (end === Burst.NoPipe) {
      splicing = canSplice = false;
      continue;
    }
    streak = count.bytes - before < BUFFER_SIZE ? streak + 1 : 0;
    if (streak >= SMALL_BURSTS_TO_BUFFER) {
      splicing = false; // the pipe is empty: the buffered leg's next read takes over
      streak = 0;
      continue;
    }
    await src.waitFor(Side.Read, "readfrom");
  }
}
