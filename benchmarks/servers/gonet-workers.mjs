// gonet TCP echo server on every core: serveWorkers() with N worker
// threads, each accepting on its own SO_REUSEPORT listener; the handler is
// the same echo loop as gonet-echo.mjs (benchmarks/servers/echo-handler.mjs).
// Usage: node gonet-workers.mjs WORKERS [port]; prints the port, runs until SIGTERM.
import { serveWorkers } from "gonet";

const [workers = "2", port = "0"] = process.argv.slice(2);
const srv = await serveWorkers({
  address: `127.0.0.1:${port}`,
  workers: Number(workers),
  handler: new URL("./echo-handler.mjs", import.meta.url),
});
console.log(srv.addr.port);
process.once("SIGTERM", async () => {
  await srv.close({ drainMs: 500 });
  process.exit(0);
});
