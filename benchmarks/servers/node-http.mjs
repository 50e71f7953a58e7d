// node:http "hello world", the same server code over two transports:
// --gonet feeds it a gonet Listener through serve() (one gonet Socket per
// connection), --net lets node:http listen on node:net as usual.
// Usage: node node-http.mjs --gonet|--net [port]; prints the port, runs until killed.
import http from "node:http";
import { listen, serve } from "gonet";

const args = process.argv.slice(2);
const overGonet = args.includes("--gonet");
const port = Number(args.find((a) => !a.startsWith("--")) ?? 0);
const body = Buffer.from("Hello, World!");

const server = http.createServer((_req, res) => {
  res.writeHead(200, { "content-type": "text/plain", "content-length": body.length });
  res.end(body);
});
server.keepAliveTimeout = 30_000;
// A clean exit on SIGTERM (registered first: serve() below only returns once the listener closes).
process.on("SIGTERM", () => process.exit(0));

if (overGonet) {
  const ln = await listen("tcp", `127.0.0.1:${port}`);
  console.log(ln.addr.port);
  await serve(server, ln);
} else {
  server.listen(port, "127.0.0.1", () => console.log(server.address().port));
}
