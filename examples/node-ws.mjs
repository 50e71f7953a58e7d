// WebSockets (the ws package) over gonet: the server takes upgrades from a
// node:http server fed by a gonet Listener; the client dials through gonet.
//   node examples/node-ws.mjs [port]     an echo server at ws://localhost:8080/
//   node examples/node-ws.mjs --demo     one echo to itself, then exit
import http from "node:http";
import { createConnection, listen, serve } from "gonet";
import WebSocket, { WebSocketServer } from "ws";

const demo = process.argv.includes("--demo");
const server = http.createServer();
const wss = new WebSocketServer({ noServer: true });
server.on("upgrade", (req, socket, head) =>
  wss.handleUpgrade(req, socket, head, (ws) => ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }))),
);
const ln = await listen("tcp", `127.0.0.1:${demo ? 0 : Number(process.argv[2] ?? 8080)}`);
const serving = serve(server, ln);
console.log(`WebSocket echo over gonet on ${ln.addr}`);

if (demo) {
  const ws = new WebSocket(`ws://127.0.0.1:${ln.addr.port}/`, { createConnection });
  ws.on("open", () => ws.send("hello, ws"));
  const reply = await new Promise((resolve) => ws.once("message", (data) => resolve(String(data))));
  console.log(`echoed: ${reply}`);
  ws.close(1000);
  await new Promise((resolve) => ws.once("close", resolve));
  server.close();
  await serving;
}
