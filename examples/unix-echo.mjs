// A Unix domain socket echo: a server on a socket file (or an abstract
// @name) echoes each connection; a client sends lines and reads them back.
// The listener removes its socket file when it closes, as Go's does.
// Usage: node examples/unix-echo.mjs [path] [message...]
//   (default path: a fresh file in the temp directory)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dial, listen } from "gonet";

const dir = process.argv[2] ? null : mkdtempSync(join(tmpdir(), "gonet-echo-"));
const path = process.argv[2] ?? join(dir, "echo.sock");
const messages = process.argv.length > 3 ? process.argv.slice(3) : ["hello", "over a unix socket"];

const ln = await listen("unix", path);
console.log(`echo server on ${ln.addr}`);

// The server: echo every connection until its peer closes its side.
const serving = (async () => {
  for await (const conn of ln) {
    (async () => {
      const cred = conn.peerCredentials();
      console.log(`server: connection from pid ${cred.pid} (uid ${cred.uid})`);
      for await (const chunk of conn) await conn.write(chunk);
      await conn.close();
    })().catch((err) => console.error("server:", err.message));
  }
})();

// The client.
const conn = await dial("unix", path);
for (const m of messages) {
  await conn.write(m);
  const buf = new Uint8Array(1024);
  const n = await conn.read(buf);
  console.log(`client: ${new TextDecoder().decode(buf.subarray(0, n))}`);
}
await conn.closeWrite();
await conn.read(new Uint8Array(1)); // EOF once the server closed its side
await conn.close();
await ln.close(); // removes the socket file
await serving;
if (dir) rmSync(dir, { recursive: true, force: true });
