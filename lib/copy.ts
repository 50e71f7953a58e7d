// Go's io.Copy between Conns: between two gonet stream sockets, a copy
// that picks per flow between a buffer and splice (internal/sockcopy.ts);
// otherwise read into one reused buffer and write it out, until EOF.
// Resolves the byte count; a write error or a read error other than EOF
// rejects.

import type { Conn } from "./conn.js";
import { checkConn } from "./internal/args.js";
import { NetFD } from "./internal/fd.js";
import { socketCopy } from "./internal/sockcopy.js";

const COPY_BUFFER = 64 * 1024;

/** Copies `src` to `dst` until EOF; resolves the number of bytes copied. */
export async function copy(dst: Pick<Conn, "write">, src: Pick<Conn, "read">): Promise<number> {
  checkConn("copy", "dst", dst, "write");
  checkConn("copy", "src", src, "read");
  if (dst instanceof NetFD && src instanceof NetFD && dst.zeroCopy && src.zeroCopy) {
    return socketCopy(dst, src);
  }
  const buf = new Uint8Array(COPY_BUFFER);
  let total = 0;
  for (;;) {
    const n = await src.read(buf);
    if (n === null) return total;
    if (n > 0) {
      await dst.write(buf.subarray(0, n));
      total += n;
    }
  }
}
