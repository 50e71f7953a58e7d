// Go's io.Copy between Conns: between two gonet stream sockets the kernel
// moves the bytes (splice); otherwise (or when no descriptor is left for the
// splice pipe) read into one reused buffer and write it out, until EOF. Resolves the byte count; a write error or a read error
// other than EOF rejects.

import type { Conn } from "./conn.js";
import { NetFD } from "./internal/fd.js";
import { native } from "./internal/binding.js";
import { spliceCopy } from "./internal/splice.js";

const COPY_BUFFER = 64 * 1024;

/** Copies `src` to `dst` until EOF; resolves the number of bytes copied. */
export async function copy(dst: Pick<Conn, "write">, src: Pick<Conn, "read">): Promise<number> {
  if (!dst || typeof dst.write !== "function") throw new TypeError("copy: dst must be a Conn");
  if (!src || typeof src.read !== "function") throw new TypeError("copy: src must be a Conn");
  // Only where the kernel can splice (Linux); elsewhere the buffered loop.
  if (native.platform.splice && dst instanceof NetFD && src instanceof NetFD && dst.zeroCopy && src.zeroCopy) {
    const n = await spliceCopy(dst, src);
    if (n !== null) return n;
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
