// toDuplex: gonet conns under Node's own http server and client.
import http from "node:http";
import { pipeline } from "node:stream/promises";
import { afterAll, describe, expect, it } from "vitest";
import { type Conn, debugStats, dial, listen, pipe, toDuplex } from "../lib/index.js";

describe("toDuplex", () => {
  it("serves node:http over gonet conns", async () => {
    const server = http.createServer((req, res) => res.end(`hello ${req.url}`));
    const ln = await listen("tcp", "127.0.0.1:0");
    const serving = (async () => {
      for await (const conn of ln) server.emit("connection", toDuplex(conn));
    })();
    const bodies = await Promise.all(
      [1, 2, 3].map(
        (i) =>
          new Promise<string>((resolve, reject) => {
            http
              .get({ host: "127.0.0.1", port: ln.addr.port, path: `/${i}`, agent: false }, (res) => {
                let body = "";
                res.on("data", (d) => (body += d));
                res.on("end", () => resolve(body));
              })
              .on("error", reject);
          }),
      ),
    );
    expect(bodies).toEqual(["hello /1", "hello /2", "hello /3"]);
    await ln.close();
    await serving;
    server.close();
    server.closeAllConnections();
  });

  it("makes a gonet dial usable as an http client socket", async () => {
    const server = http.createServer((req, res) => res.end("from node"));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    const conn = await dial("tcp", `127.0.0.1:${port}`);
    const body = await new Promise<string>((resolve, reject) => {
      const req = http.request({ createConnection: () => toDuplex(conn) as never, host: "127.0.0.1", port, path: "/" }, (res) => {
        let b = "";
        res.on("data", (d) => (b += d));
        res.on("end", () => resolve(b));
      });
      req.on("error", reject);
      req.end();
    });
    expect(body).toBe("from node");
    await new Promise((r) => server.close(r));
  });

  it("pipes both ways and half-closes", async () => {
    const [a, b] = pipe();
    const da = toDuplex(a);
    const received: Buffer[] = [];
    const reading = (async () => {
      for await (const c of b as Conn) received.push(Buffer.from(c));
    })();
    await pipeline(async function* () {
      yield Buffer.from("one ");
      yield Buffer.from("two");
    }, da);
    await a.close();
    await reading;
    expect(Buffer.concat(received).toString()).toBe("one two");
  });

  it("rejects what is not a Conn", () => {
    expect(() => toDuplex({} as Conn)).toThrow(TypeError);
  });
});

afterAll(() => {
  const s = debugStats();
  expect([s.openFds, s.parkedOps]).toEqual([0, 0]);
});
