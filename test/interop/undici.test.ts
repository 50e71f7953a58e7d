// undici over gonet: its `connect` option takes createConnection, against a
// node:http server that is itself served over gonet.
import { createHash } from "node:crypto";
import http from "node:http";
import { Agent, Client, fetch } from "undici";
import { afterAll, describe, expect, it } from "vitest";
import { createConnection, debugStats } from "../../lib/index.js";
import { ErrorLog, serveOnGonet } from "./helpers.js";

describe("undici over gonet", () => {
  it("a pipelining Client reuses one connection for 200 requests; bodies byte-exact both ways", async () => {
    const log = new ErrorLog();
    let connections = 0;
    const server = http.createServer(async (req, res) => {
      if (req.method === "POST") {
        const h = createHash("sha256");
        for await (const d of req) h.update(d);
        res.end(h.digest("hex"));
      } else if (req.url === "/big") res.end(Buffer.alloc(8 << 20, 3));
      else res.end(`ok ${req.url}`);
    });
    server.on("connection", () => connections++);
    log.watch(server);
    const s = await serveOnGonet(server);
    const client = new Client(`http://127.0.0.1:${s.port}`, { connect: createConnection as never, pipelining: 8 });
    const bodies = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const r = await client.request({ path: `/${i}`, method: "GET" });
        return r.body.text();
      }),
    );
    expect(bodies).toEqual(Array.from({ length: 200 }, (_, i) => `ok /${i}`));
    expect(connections).toBe(1);
    const big = await client.request({ path: "/big", method: "GET" });
    const buf = Buffer.from(await big.body.arrayBuffer());
    expect(buf.equals(Buffer.alloc(8 << 20, 3))).toBe(true);
    const payload = Buffer.alloc(6 << 20, 9);
    const posted = await client.request({ path: "/up", method: "POST", body: payload });
    expect(await posted.body.text()).toBe(createHash("sha256").update(payload).digest("hex"));
    await client.close();
    await s.close();
    expect(log.errors).toEqual([]);
  });

  it("fetch() through an undici Agent dialing gonet; a server that closes each connection", async () => {
    const server = http.createServer((req, res) => {
      res.setHeader("connection", "close");
      res.end(JSON.stringify({ url: req.url }));
    });
    const s = await serveOnGonet(server);
    const dispatcher = new Agent({ connect: createConnection as never });
    for (let i = 0; i < 20; i++) {
      const r = await fetch(`http://127.0.0.1:${s.port}/f${i}`, { dispatcher });
      expect(await r.json()).toEqual({ url: `/f${i}` });
    }
    await dispatcher.close();
    await s.close();
  });

  it("a refused connection is fetch's error; an aborted request frees the connection", async () => {
    const dispatcher = new Agent({ connect: createConnection as never });
    // A port nothing listens on (fetch itself refuses "bad ports" such as 1).
    const gone = http.createServer();
    await new Promise<void>((r) => gone.listen(0, "127.0.0.1", r));
    const port = (gone.address() as import("node:net").AddressInfo).port;
    await new Promise((r) => gone.close(r));
    const err = await fetch(`http://127.0.0.1:${port}/`, { dispatcher }).catch((e) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err.cause as NodeJS.ErrnoException).code).toBe("ECONNREFUSED");
    const server = http.createServer((_req, res) => {
      res.writeHead(200);
      res.write("partial");
    });
    const s = await serveOnGonet(server);
    const ctl = new AbortController();
    const r = await fetch(`http://127.0.0.1:${s.port}/`, { dispatcher, signal: ctl.signal });
    const reader = r.body!.getReader();
    expect(Buffer.from((await reader.read()).value!).toString()).toBe("partial");
    ctl.abort();
    await expect(reader.read()).rejects.toThrow();
    await dispatcher.close();
    await s.close();
  });
});

afterAll(async () => {
  await new Promise((r) => setTimeout(r, 50));
  const s = debugStats();
  expect([s.openFds, s.parkedOps]).toEqual([0, 0]);
});
