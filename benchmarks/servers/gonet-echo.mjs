// gonet TCP echo server, written only against gonet's public API.
// The default loop reads into one reused buffer per connection, as a
// performance-minded user writes it. With --chunks it uses the buffer-less
// form (`for await (const chunk of conn)`), which holds no read buffer while
// a connection is idle: that is the form the idle-memory row measures.
// Usage: node gonet-echo.mjs [--chunks] [port]; prints the port, runs until killed.
import { listen } from "gonet";

const args = process.argv.slice(2);
const chunks = args.includes("--chunks");
const port = args.find((a) => !a.startsWith("--")) ?? "0";

async function echoBuffered(conn) {
  const buf = new Uint8Array(64 * 1024);
  for (;;) {
    const n = await conn.read(buf);
    if (n === null) return;
    await conn.write(buf.subarray(0, n)); // settled writes never touch buf again: safe to reuse
  }
}

async function echoChunks(conn) {
  for await (const chunk of conn) await conn.write(chunk);
}

async function serve(conn) {
  try {
    await (chunks ? echoChunks(conn) : echoBuffered(conn));
  } catch {
    // a reset peer is normal at the end of a run
  } finally {
    await conn.close().catch(() => {});
  }
}

const ln = await listen("tcp", `127.0.0.1:${port}`);
console.log(ln.addr.port);
for await (const conn of ln) serve(conn);
