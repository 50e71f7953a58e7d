// ws over gonet: a WebSocketServer in noServer mode taking upgrades from a
// node:http server served over gonet (handleUpgrade), and ws clients whose
// sockets are gonet dials (createConnection).
import http from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { createConnection, debugStats } from "../../lib/index.js";
import { ErrorLog, serveOnGonet } from "./helpers.js";

async function echoServer() {
  const log = new ErrorLog();
  const server = http.createServer((_req, res) => res.end("not a websocket"));
  const wss = new WebSocketServer({ noServer: true });
  server.on("upgrade", (req, socket, head) => {
    wss.handleUpgrade(req, socket, head, (ws) => {
      log.watch(ws);
      ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
    });
  });
  log.watch(server);
  log.watch(wss);
  const s = await serveOnGonet(server);
  return { s, wss, log };
}

function open(port: number): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/`, { createConnection: createConnection as never });
  return new Promise((resolve, reject) => ws.once("open", () => resolve(ws)).once("error", reject));
}

function next(ws: WebSocket): Promise<{ data: Buffer; isBinary: boolean }> {
  return new Promise((resolve) => ws.once("message", (data, isBinary) => resolve({ data: data as Buffer, isBinary })));
}

describe("ws over gonet", () => {
  it("echoes text, 5 MB binary and pings, then closes with the code both sides agree on", async () => {
    const { s, wss, log } = await echoServer();
    const ws = await open(s.port);
    log.watch(ws);
    ws.send("hello");
    expect(await next(ws)).toEqual({ data: Buffer.from("hello"), isBinary: false });
    const big = Buffer.alloc(5 << 20);
    for (let i = 0; i < big.length; i += 997) big[i] = i & 0xff;
    ws.send(big);
    const back = await next(ws);
    expect(back.isBinary).toBe(true);
    expect(back.data.equals(big)).toBe(true);
    const pong = new Promise((r) => ws.once("pong", r));
    ws.ping("p");
    await pong;
    const closed = new Promise<[number, string]>((r) => ws.once("close", (code, reason) => r([code, reason.toString()])));
    ws.close(4000, "bye");
    expect(await closed).toEqual([4000, "bye"]);
    for (const c of wss.clients) await new Promise((r) => (c.readyState === WebSocket.CLOSED ? r(0) : c.once("close", r)));
    await s.close();
    expect(log.errors).toEqual([]);
  });

  it("a server-side close, a client terminate() and 20 parallel clients: no errors, no hangs", async () => {
    const { s, wss, log } = await echoServer();
    const clients = await Promise.all(Array.from({ length: 20 }, () => open(s.port)));
    for (const c of clients) log.watch(c);
    const replies = await Promise.all(clients.map((c, i) => (c.send(`m${i}`), next(c))));
    expect(replies.map((r) => r.data.toString())).toEqual(clients.map((_, i) => `m${i}`));
    // Half of them closed by the server, half terminated by the client.
    const closes = clients.map((c) => new Promise((r) => c.once("close", r)));
    [...wss.clients].slice(0, 10).forEach((c) => c.close(1001, "going away"));
    await Promise.race([Promise.all(closes.slice(0, 0)), new Promise((r) => setTimeout(r, 0))]);
    clients.forEach((c) => c.readyState === WebSocket.OPEN && c.terminate());
    await Promise.all(closes);
    await new Promise((r) => setTimeout(r, 100));
    expect(wss.clients.size).toBe(0);
    await s.close();
    expect(log.errors).toEqual([]);
  });
});

afterAll(async () => {
  await new Promise((r) => setTimeout(r, 50));
  const s = debugStats();
  expect([s.openFds, s.parkedOps]).toEqual([0, 0]);
});
