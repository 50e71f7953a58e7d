// Standard input and output in the shapes copy() takes (a reader with
// read(buf), a writer with write(data)), so `gonet nc` and `gonet proxy`
// move bytes with the library's own copy loop. stdout writes resolve once
// Node has flushed them, which is copy()'s backpressure.

import type { Conn } from "../conn.js";

/** process.stdin as a reader: read(buf) resolves a count, or null at EOF. */
export function stdinReader(): Pick<Conn, "read"> {
  const it = process.stdin[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let pending: Uint8Array = new Uint8Array(0);
  let ended = false;
  const read = async (buf?: Uint8Array): Promise<number | Uint8Array | null> => {
    while (pending.length === 0 && !ended) {
      const r = await it.next();
      if (r.done) ended = true;
      else pending = r.value;
    }
    if (pending.length === 0) return null;
    if (!buf) {
      const chunk = pending;
      pending = new Uint8Array(0);
      return chunk;
    }
    const n = Math.min(buf.length, pending.length);
    buf.set(pending.subarray(0, n));
    pending = pending.subarray(n);
    return n;
  };
  return { read } as Pick<Conn, "read">;
}

/** process.stdout as a writer. */
export function stdoutWriter(): Pick<Conn, "write"> {
  return {
    write: (data) =>
      new Promise((resolve, reject) => {
        const bytes = typeof data === "string" ? Buffer.from(data) : data;
        process.stdout.write(bytes, (err) => (err ? reject(err) : resolve(bytes.length)));
      }),
  };
}
