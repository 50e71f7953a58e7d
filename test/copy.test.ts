// copy(): kernel splice between gonet stream sockets, a buffered loop otherwise.
import { createHash, randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { type Conn, type TCPConn, copy, debugStats, dial, errorIs, ErrClosed, listen, pipe } from "../lib/index.js";

async function tcpPair(): Promise<[TCPConn, TCPConn, () => Promise<void>]> {
  const ln = await listen("tcp", "127.0.0.1:0");
  const [a, b] = await Promise.all([ln.accept(), dial("tcp", ln.addr.toString()) as Promise<TCPConn>]);
  return [a, b, () => ln.close()];
}

async function drainHash(c: Conn): Promise<[number, string]> {
  const h = createHash("sha256");
  let n = 0;
  for await (const chunk of c) {
    h.update(chunk);
    n += chunk.length;
  }
  return [n, h.digest("hex")];
}

describe("copy", () => {
  it("splices 32 MiB between TCP conns, byte for byte", async () => {
    const [srcFar, src, stop1] = await tcpPair();
    const [dst, dstFar, stop2] = await tcpPair();
    const data = randomBytes(32 << 20);
    const sent = (async () => {
      for (let off = 0; off < data.length; off += 1 << 20) await srcFar.write(data.subarray(off, off + (1 << 20)));
      await srcFar.closeWrite();
    })();
    const received = drainHash(dstFar);
    const n = await copy(dst, src);
    await dst.closeWrite();
    await sent;
    expect(n).toBe(data.length);
    expect(await received).toEqual([data.length, createHash("sha256").update(data).digest("hex")]);
    await Promise.all([src, srcFar, dst, dstFar].map((c) => c.close()));
    await Promise.all([stop1(), stop2()]);
  });

  it("readFrom and writeTo copy until EOF", async () => {
    const [a, b, stop] = await tcpPair();
    const [c, d, stop2] = await tcpPair();
    await b.write("from b");
    await b.closeWrite();
    const got = drainHash(d);
    expect(await c.readFrom(a)).toBe(6);
    await c.closeWrite();
    expect((await got)[0]).toBe(6);
    await Promise.all([a, b, c, d].map((x) => x.close()));
    await Promise.all([stop(), stop2()]);
  });

  it("falls back to a buffered copy for other Conns", async () => {
    const [p1, p2] = pipe();
    const [a, b, stop] = await tcpPair();
    const done = copy(b, p2);
    const got = drainHash(a);
    await p1.write("through a pipe");
    await p1.close();
    expect(await done).toBe(14);
    await b.closeWrite();
    expect((await got)[0]).toBe(14);
    await Promise.all([a.close(), b.close(), p2.close(), stop()]);
  });

  it("rejects when the destination is closed", async () => {
    const [srcFar, src, stop1] = await tcpPair();
    const [dst, dstFar, stop2] = await tcpPair();
    await srcFar.write("x");
    await dst.close();
    const err = await copy(dst, src).catch((e) => e);
    expect(errorIs(err, ErrClosed)).toBe(true);
    await Promise.all([src, srcFar, dstFar].map((c) => c.close()));
    await Promise.all([stop1(), stop2()]);
  });

  it("rejects non-Conn arguments with TypeError", async () => {
    await expect(copy({} as Conn, {} as Conn)).rejects.toThrow(TypeError);
  });
});

afterAll(() => {
  const s = debugStats();
  expect([s.openFds, s.parkedOps, s.heldBuffers]).toEqual([0, 0, 0]);
});
