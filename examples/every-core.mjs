// A server on every core: serveWorkers starts one worker thread per CPU,
// each with its own SO_REUSEPORT listener on the same port, and the kernel
// spreads the connections. Ctrl-C (or the demo's end) drains and stops.
//   node examples/every-core.mjs [port]
//   node examples/every-core.mjs --demo     2 workers, 100 clients, per-worker counts, then exit
import { dial, serveWorkers } from "gonet";

const demo = process.argv.includes("--demo");
const srv = await serveWorkers({
  address: `127.0.0.1:${demo ? 0 : Number(process.argv[2] ?? 9000)}`,
  workers: demo ? 2 : undefined, // default: os.availableParallelism()
  handler: new URL("./every-core-handler.mjs", import.meta.url),
});
console.log(`${srv.workers} workers listening on ${srv.addr}`);

if (demo) {
  for (let i = 0; i < 100; i++) {
    const c = await dial("tcp", srv.addr.toString());
    await c.write("hello");
    await c.read();
    await c.close();
  }
  const stats = await srv.close({ drainMs: 1000 });
  const total = stats.reduce((sum, s) => sum + s.accepted, 0);
  console.log(`${total} conns: ${stats.map((s) => `worker ${s.worker} accepted ${s.accepted}`).join(", ")}`);
} else {
  process.once("SIGINT", async () => {
    const stats = await srv.close({ drainMs: 5000 });
    console.table(stats);
  });
}
