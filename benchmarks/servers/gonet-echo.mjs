// gonet TCP echo server, written only against gonet's public API, the way a
// performance-minded user writes it.
//
// Default: each connection reads into a buffer taken from a small free list
// (the role sync.Pool plays in Go servers) and given back when it closes, so
// a connection storm does not allocate and zero 64 KiB per connection.
// With --chunks it uses the buffer-less `read()`, which holds no buffer while
// a connection is idle: the form the idle-memory row measures. (A plain loop
// rather than `for await`: V8 keeps about a kilobyte more per suspended
// for-await loop, which is the user's cost, not the socket's.)
// Usage: node gonet-echo.mjs [--chunks] [port]; prints the port, runs until killed.
import { Buffer } from "node:buffer";
import { listen } from "gonet";

const args = process.argv.slice(2);
const chunks = args.includes("--chunks");
const port = args.find((a) => !a.startsWith("--")) ?? "0";

const BUFFER_SIZE = 64 * 1024;
const pool = [];

// One async function per connection: each suspended async frame holds
// about 420 bytes (generator, registers, await closures, promise), which an
// idle connection would otherwise pay twice.
async function serve(conn) {
  const buf = chunks ? null : (pool.pop() ?? Buffer.allocUnsafe(BUFFER_SIZE));
  try {
    if (buf === null) {
      for (let chunk; (chunk = await conn.read()) !== null; ) await conn.write(chunk);
    } else {
      for (let n; (n = await conn.read(buf)) !== null; ) {
        await conn.write(buf.subarray(0, n)); // settled writes never touch buf again: safe to reuse
      }
    }
  } catch {
    // a reset peer is normal at the end of a run
  } finally {
    if (buf !== null) pool.push(buf);
    await conn.close();
  }
}

const ln = await listen("tcp", `127.0.0.1:${port}`);
console.log(ln.addr.port);
for await (const conn of ln) serve(conn);
