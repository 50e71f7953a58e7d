// Go's io.Copy between Conns: read into one reused buffer, write it out,
// until EOF. Resolves the byte count; a write error or a read error other
// than EOF rejects.

import type { Conn } from "./conn.js";

const COPY_BUFFER = 64 * 1024;

/** Copies `src` to `dst` until EOF; resolves the number of bytes copied. */
export async function copy(dst: Pick<Conn, "write">, src: Pick<Conn, "read">): Promise<number> {
  if (!dst || typeof dst.write !== "function") throw new TypeError("copy: dst must be a Conn");
  if (!src || typeof src.read !== "function") throw new TypeError("copy: src must be a Conn");
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
