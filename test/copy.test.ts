// copy(): between gonet stream sockets a buffered copy that turns to kernel
// splice for bulk flows (and back); a buffered loop for other Conns.
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readdirSync, readlinkSync } from "node:fs";
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

/** Pipe descriptors this process holds (a splicing copy holds two), or null off Linux. */
function pipeFds(): number | null {
  if (!existsSync("/proc/self/fd")) return null;
  let n = 0;
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith("pipe:")) n++;
    } catch {
      // the directory's own descriptor is gone by now
    }
  }
  return n;
}

/** Sends `count` small messages one at a time, each read back at the far end before the next. */
async function smallMessages(from: Conn, to: Conn, count: number, record: Uint8Array[]): Promise<void> {
  const buf = new Uint8Array(1024);
  for (let i = 0; i < count; i++) {
    const msg = randomBytes(1 + (i % 200));
    record.push(msg);
    await from.write(msg);
    let got = 0;
    while (got < msg.length) {
      const n = await to.read(buf.subarray(got));
      if (n === null) throw new Error("EOF in the small-message phase");
      got += n;
    }
    expect(Buffer.from(buf.subarray(0, got)).equals(msg)).toBe(true);
  }
}

describe("copy() between sockets chooses per flow", () => {
  it("small messages go through a buffer, a bulk flow switches to splice, and back; byte-exact", async () => {
    const [srcFar, src, stop1] = await tcpPair();
    const [dst, dstFar, stop2] = await tcpPair();
    const pipesBefore = pipeFds();
    const copied = copy(dst, src);
    const sent: Uint8Array[] = [];
    // Phase 1: pingpong-sized messages; the copy holds no pipe.
    await smallMessages(srcFar, dstFar, 50, sent);
    if (pipesBefore !== null) expect(pipeFds()).toBe(pipesBefore);
    // Phase 2: a bulk flow; the copy takes a splice pipe.
    const bulk = randomBytes(8 << 20);
    sent.push(bulk);
    const bulkSent = srcFar.write(bulk);
    const bulkBack = new Uint8Array(bulk.length);
    for (let got = 0; got < bulk.length; ) {
      const n = await dstFar.read(bulkBack.subarray(got));
      if (n === null) throw new Error("EOF in the bulk phase");
      got += n;
    }
    await bulkSent;
    expect(Buffer.from(bulkBack).equals(bulk)).toBe(true);
    if (pipesBefore !== null) expect(pipeFds()).toBe(pipesBefore + 2);
    // Phase 3: small messages again (the copy goes back to its buffer), then EOF.
    await smallMessages(srcFar, dstFar, 50, sent);
    await srcFar.closeWrite();
    const total = sent.reduce((n, b) => n + b.length, 0);
    expect(await copied).toBe(total);
    await dst.closeWrite();
    expect(await dstFar.read(new Uint8Array(1))).toBe(null);
    if (pipesBefore !== null) expect(pipeFds()).toBe(pipesBefore); // the copy dropped its pipe
    await Promise.all([src, srcFar, dst, dstFar].map((c) => c.close()));
    await Promise.all([stop1(), stop2()]);
  });
});

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
