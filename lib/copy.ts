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

/**
 * Go's `io.Copy` for conns: copies `src` to `dst` until EOF and resolves the
 * number of bytes copied. Between two sockets on Linux it moves the bytes
 * with splice(2) (no copy through JavaScript); writes to `dst` issued while
 * it runs go out after it, in call order.
 *
 * @throws OpError from either side (e.g. ECONNRESET, ErrDeadlineExceeded);
 *   bytes already read from `src` reach `dst` before the error ends the copy.
 * @example
 * ```ts
 * // A TCP proxy: each accepted conn is relayed both ways to the upstream.
 * for await (const client of await listen("tcp", ":8080")) {
 *   const upstream = await dial("tcp", "127.0.0.1:9000");
 *   void Promise.allSettled([copy(upstream, client), copy(client, upstream)]).then(() => { client.close(); upstream.close(); });
 * }
 * ```
 */
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
