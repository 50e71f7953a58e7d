// A concurrent server: one async task per connection, the role goroutines
// play in Go (the seed article's section 11).
//   node examples/concurrent-server.mjs [port]
//   node examples/concurrent-server.mjs --demo     100 clients at once, then exit
import { dial, listen } from "gonet";

async function serve(c) {
  try {
    const buf = new Uint8Array(1024);
    for (let n; (n = await c.read(buf)) !== null; ) {
      await c.write("OK\n");
      if (!demo) console.log(new TextDecoder().decode(buf.subarray(0, n)));
    }
  } finally {
    await c.close();
  }
}

const demo = process.argv.includes("--demo");
const ln = await listen("tcp", `:${demo ? 0 : Number(process.argv[2] ?? 9000)}`);
console.log(`listening on ${ln.addr}`);
const accepting = (async () => {
  for await (const conn of ln) serve(conn).catch(() => {});
})();

if (demo) {
  const clients = Array.from({ length: 100 }, async (_, i) => {
    const c = await dial("tcp", `127.0.0.1:${ln.addr.port}`);
    await c.write(`client ${i}`);
    const reply = new TextDecoder().decode(await c.read());
    await c.close();
    return reply;
  });
  const replies = await Promise.all(clients);
  console.log(`${replies.filter((r) => r === "OK\n").length} of 100 clients got OK`);
  await ln.close();
}
await accepting;
