// node:http over gonet, both directions: http.Server fed by serve(), and
// http.request/keep-alive Agent dialing through createConnection().
import { createHash } from "node:crypto";
import http from "node:http";
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { debugStats, dial } from "../../lib/index.js";
import { ErrorLog, GonetAgent, request, serveOnGonet } from "./helpers.js";

describe("node:http over gonet", () => {
  it("serves a node:http server and a keep-alive Agent client, reusing one connection", async () => {
    const log = new ErrorLog();
    const seen: { remote: string | undefined; rport: number | undefined; lport: number | undefined }[] = [];
    const server = http.createServer((req, res) => {
      seen.push({ remote: req.socket.remoteAddress, rport: req.socket.remotePort, lport: req.socket.localPort });
      res.end(`hello ${req.url}`);
    });
    log.watch(server);
    const s = await serveOnGonet(server);
    const agent = new GonetAgent({ keepAlive: true, maxSockets: 1 });
    log.watch(agent);
    const sockets = new Set<unknown>();
    for (let i = 0; i < 5; i++) {
      const r = await request({ host: "127.0.0.1", port: s.port, path: `/${i}`, agent });
      expect(r.body.toString()).toBe(`hello /${i}`);
      sockets.add(r.socket);
      expect(r.socket.remotePort).toBe(s.port);
      expect(r.socket.remoteAddress).toBe("127.0.0.1");
      expect(r.socket.remoteFamily).toBe("IPv4");
    }
    expect(sockets.size).toBe(1);
    expect(seen.every((x) => x.remote === "127.0.0.1" && x.lport === s.port && x.rport! > 0)).toBe(true);
    agent.destroy();
    await s.close();
    expect(log.errors).toEqual([]);
  });

  it("answers pipelined requests in order", async () => {
    const server = http.createServer((req, res) => res.end(`r${req.url}`));
    const s = await serveOnGonet(server);
    const c = net.connect(s.port, "127.0.0.1");
    c.write(["/a", "/b", "/c"].map((p) => `GET ${p} HTTP/1.1\r\nHost: x\r\n\r\n`).join(""));
    c.end("GET /d HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    let text = "";
    for await (const d of c) text += d;
    const bodies = [...text.matchAll(/\r\n\r\n(r\/\w)/g)].map((m) => m[1]);
    expect(bodies).toEqual(["r/a", "r/b", "r/c", "r/d"]);
    await s.close();
  });

  it("answers pipelined requests that arrive together with the FIN", async () => {
    // The end must reach node:http a turn after the data, as libuv gives it:
    // seen with the data, it drops every request not yet answered.
    const server = http.createServer((req, res) => res.end(`r${req.url}`));
    const s = await serveOnGonet(server);
    const connected = new Promise((r) => server.once("connection", r));
    const c = await dial("tcp", `127.0.0.1:${s.port}`);
    await connected;
    await new Promise((r) => setTimeout(r, 20)); // the server waits for an edge: data and FIN come in one
    const requests = ["/a", "/b", "/c"].map((p) => `GET ${p} HTTP/1.1\r\nHost: x\r\n\r\n`).join("");
    await c.write(`${requests}GET /d HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    await c.closeWrite();
    let text = "";
    for await (const d of c) text += Buffer.from(d).toString();
    const bodies = [...text.matchAll(/\r\n\r\n(r\/\w)/g)].map((m) => m[1]);
    expect(bodies).toEqual(["r/a", "r/b", "r/c", "r/d"]);
    await c.close();
    await s.close();
  });

  it("carries chunked and 50 MB bodies both ways, byte-exact", async () => {
    const big = Buffer.alloc(50 * 1024 * 1024);
    for (let i = 0; i < big.length; i += 4096) big.writeUInt32LE(i * 2654435761 >>> 0, i);
    const digest = (b: Buffer) => createHash("sha256").update(b).digest("hex");
    const server = http.createServer(async (req, res) => {
      const h = createHash("sha256");
      let n = 0;
      for await (const d of req) {
        h.update(d);
        n += d.length;
      }
      if (req.url === "/echo-chunked") {
        res.write(`${n}:`);
        res.write(h.digest("hex"));
        res.end();
      } else {
        res.setHeader("content-length", big.length);
        res.end(big);
      }
    });
    const s = await serveOnGonet(server);
    const agent = new GonetAgent({ keepAlive: true });
    // Chunked upload (no content-length) of the 50 MB body in pieces.
    const up = await new Promise<string>((resolve, reject) => {
      const req = http.request({ host: "127.0.0.1", port: s.port, path: "/echo-chunked", method: "POST", agent }, (res) => {
        expect(res.headers["transfer-encoding"]).toBe("chunked");
        let t = "";
        res.on("data", (d) => (t += d));
        res.on("end", () => resolve(t));
      });
      req.on("error", reject);
      for (let off = 0; off < big.length; off += 1 << 20) req.write(big.subarray(off, off + (1 << 20)));
      req.end();
    });
    expect(up).toBe(`${big.length}:${digest(big)}`);
    const down = await request({ host: "127.0.0.1", port: s.port, path: "/big", agent });
    expect(down.body.length).toBe(big.length);
    expect(digest(down.body)).toBe(digest(big));
    agent.destroy();
    await s.close();
  });

  it("closes an idle connection after server.timeout, as over node:net", async () => {
    const server = http.createServer((req, res) => res.end("x"));
    server.timeout = 300;
    server.keepAliveTimeout = 0;
    const s = await serveOnGonet(server);
    const c = net.connect(s.port, "127.0.0.1");
    const t0 = Date.now();
    c.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    let text = "";
    for await (const d of c) text += d;
    const elapsed = Date.now() - t0;
    expect(text).toMatch(/^HTTP\/1.1 200/);
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(5000);
    await s.close();
  });

  it("closes a keep-alive connection after keepAliveTimeout", async () => {
    const server = http.createServer((req, res) => res.end("x"));
    server.keepAliveTimeout = 200;
    const s = await serveOnGonet(server);
    const c = net.connect(s.port, "127.0.0.1");
    const t0 = Date.now();
    c.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    for await (const _ of c);
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(elapsed).toBeLessThan(5000);
    await s.close();
  });

  it("aborts mid-body on either side without hangs or stray errors", async () => {
    const log = new ErrorLog();
    let serverSawAbort!: () => void;
    const aborted = new Promise<void>((r) => (serverSawAbort = r));
    const server = http.createServer((req, res) => {
      if (req.url === "/upload") {
        req.on("aborted", () => serverSawAbort());
        req.on("error", () => {}); // 'aborted' also surfaces as ECONNRESET on the request stream, as over node:net
        req.resume();
        return;
      }
      res.writeHead(200, { "content-length": 10_000_000 });
      res.write(Buffer.alloc(100_000));
      // Never finishes: the client aborts.
    });
    log.watch(server);
    const s = await serveOnGonet(server);
    const agent = new GonetAgent({ keepAlive: true });
    // Client aborts a download mid-body.
    const dl = await new Promise<string>((resolve) => {
      const req = http.get({ host: "127.0.0.1", port: s.port, path: "/dl", agent }, (res) => {
        res.once("data", () => req.destroy());
        res.on("error", (e) => resolve((e as NodeJS.ErrnoException).code ?? e.message));
        res.on("close", () => resolve("closed"));
      });
      req.on("error", (e) => resolve((e as NodeJS.ErrnoException).code ?? e.message));
    });
    expect(["ECONNRESET", "closed", "aborted"]).toContain(dl);
    // Client aborts an upload mid-body: the server sees 'aborted'.
    const req = http.request({ host: "127.0.0.1", port: s.port, path: "/upload", method: "POST", agent, headers: { "content-length": 1_000_000 } });
    req.on("error", () => {});
    req.write(Buffer.alloc(1000));
    setTimeout(() => req.destroy(), 50);
    await aborted;
    agent.destroy();
    await s.close();
    expect(log.errors).toEqual([]);
  });

  it("a server that closes right after responding surfaces no error on the client", async () => {
    const log = new ErrorLog();
    const server = http.createServer((req, res) => {
      res.setHeader("connection", "close");
      res.end("bye");
    });
    log.watch(server);
    const s = await serveOnGonet(server);
    const agent = new GonetAgent({ keepAlive: true });
    log.watch(agent);
    for (let i = 0; i < 20; i++) {
      const r = await request({ host: "127.0.0.1", port: s.port, path: "/", agent });
      expect(r.body.toString()).toBe("bye");
    }
    agent.destroy();
    await s.close();
    expect(log.errors).toEqual([]);
  });

  it("reports a refused dial as the request's error", async () => {
    const agent = new GonetAgent();
    const srv = net.createServer();
    await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
    const port = (srv.address() as net.AddressInfo).port;
    await new Promise((r) => srv.close(r));
    const err = await request({ host: "127.0.0.1", port, path: "/", agent }).catch((e) => e);
    expect(err.code).toBe("ECONNREFUSED");
  });
});

afterAll(async () => {
  await new Promise((r) => setTimeout(r, 50));
  const s = debugStats();
  expect([s.openFds, s.parkedOps]).toEqual([0, 0]);
});
