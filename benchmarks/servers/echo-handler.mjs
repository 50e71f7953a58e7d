// The serveWorkers handler of gonet-workers.mjs: echo with one 64 KiB
// buffer per conn (the benchmark's conns are long-lived, so no free list).
export default async function echo(conn) {
  const buf = new Uint8Array(64 * 1024);
  try {
    for (let n; (n = await conn.read(buf)) !== null; ) await conn.write(buf.subarray(0, n));
  } catch {
    // a reset peer is normal at the end of a run
  }
}
