// copy() keeps a stream whole: call order on the destination, nothing lost
// when the source fails, no SIGPIPE, and a buffered fallback when no
// descriptor is left for the splice pipe.
import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { type TCPConn, copy, isTimeout } from "../../lib/index.js";
import { expectCrashFree, runChild } from "../helpers/child.js";
import { type Pair, connectedPair, expectCountersZero, randomBytes, readAll, readFull, rejection, sleep, withTwoPairs, within } from "../helpers/tcp.js";

afterAll(() => expectCountersZero());

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

describe("copy() and other writes on one conn go out in call order", () => {
  it("a copy started while a big write is parked sends its bytes after the write's", async () => {
    const src = await connectedPair();
    const dst = await connectedPair();
    try {
      const big = randomBytes(8 << 20);
      const w = dst.client.write(big); // the far end is not reading: it parks part-sent
      await sleep(20);
      await src.client.write("MARKER");
      await src.client.closeWrite();
      const copied = copy(dst.client, src.server);
      await sleep(20);
      const later = dst.client.write("AFTER"); // issued after copy(): after the copy's bytes
      const got = readAll(dst.server);
      expect(await within(w, 10_000, "big write")).toBe(big.length);
      expect(await within(copied, 10_000, "copy")).toBe(6);
      await later;
      await dst.client.closeWrite();
      const all = await within(got, 10_000, "read back");
      expect(all.length).toBe(big.length + 11);
      expect(sha(all.subarray(0, big.length))).toBe(sha(big));
      expect(Buffer.from(all.subarray(big.length)).toString()).toBe("MARKERAFTER");
    } finally {
      await src.close();
      await dst.close();
    }
  });

  it("a read pending on the source before copy() gets the first bytes", async () => {
    const src = await connectedPair();
    const dst = await connectedPair();
    try {
      const first = readFull(src.server, 5);
      const copied = copy(dst.client, src.server);
      await src.client.write("firstsecond");
      await src.client.closeWrite();
      expect(Buffer.from(await within(first, 5000, "read")).toString()).toBe("first");
      expect(await within(copied, 5000, "copy")).toBe(6);
      await dst.client.closeWrite();
      expect(Buffer.from(await readAll(dst.server)).toString()).toBe("second");
    } finally {
      await src.close();
      await dst.close();
    }
  });
});

/**
 * After a copy from `src` ended on its read deadline: what reached the
 * destination (`head`, then what `got` reads) is an exact prefix of
 * `data`, and it is everything the source gave up: the source still holds
 * the rest.
 */
async function expectPrefixThenRest(src: Pair, data: Uint8Array, fed: Promise<number>, head: Uint8Array, got: Promise<Uint8Array>) {
  const tail = await within(got, 10_000, "read back");
  const out = new Uint8Array(head.length + tail.length);
  out.set(head);
  out.set(tail, head.length);
  expect(sha(out)).toBe(sha(data.subarray(0, out.length)));
  src.server.setReadDeadline(null);
  const restRead = readAll(src.server);
  await fed;
  await src.client.closeWrite();
  const rest = await within(restRead, 10_000, "rest of source");
  expect(out.length + rest.length).toBe(data.length);
  expect(sha(rest)).toBe(sha(data.subarray(out.length)));
}

describe("copy() when the source fails", () => {
  it("bytes already taken from the source reach the destination before the read deadline ends the copy", async () => {
    await withTwoPairs(async (src, dst) => {
      dst.client.setWriteBuffer(16 << 10);
      dst.server.setReadBuffer(16 << 10);
      const data = randomBytes(4 << 20);
      const fed = src.client.write(data);
      // The destination is slow from the start (nobody reads it yet): the
      // copy's buffered leg waits on its write while the read deadline passes.
      src.server.setReadDeadline(Date.now() + 300);
      const copied = rejection(copy(dst.client, src.server)); // it fails during the sleep: handled from the start
      await sleep(600);
      const got = readAll(dst.server);
      expect(isTimeout(await copied)).toBe(true);
      await dst.client.closeWrite();
      await expectPrefixThenRest(src, data, fed, new Uint8Array(0), got);
    });
  });

  it("bytes in the splice pipe reach the destination before the read deadline ends the copy", async () => {
    await withTwoPairs(async (src, dst) => {
      // More than the destination's socket buffers hold, so the pipe fills.
      const data = randomBytes(24 << 20);
      const fed = src.client.write(data);
      // Its outcome is taken at once: the copy fails during the sleep
      // below, and a rejection with no handler yet is an unhandled one.
      const copied = rejection(copy(dst.client, src.server));
      // The first MiB is read at once: a bulk flow, so the copy splices.
      const head = await within(readFull(dst.server, 1 << 20), 10_000, "first MiB");
      // Then the destination stalls, the pipe fills, the source's deadline passes.
      src.server.setReadDeadline(Date.now() + 200);
      await sleep(500);
      const got = readAll(dst.server);
      expect(isTimeout(await copied)).toBe(true);
      await dst.client.closeWrite();
      await expectPrefixThenRest(src, data, fed, head, got);
    });
  });
});

describe("copy() never raises SIGPIPE and does without a splice pipe", () => {
  it("copy into a conn whose peer is gone fails with EPIPE/ECONNRESET; no SIGPIPE is raised", async () => {
    const r = await runChild({
      code: `
        import { dial, listen, copy } from "gonet";
        let sigpipes = 0;
        process.on("SIGPIPE", () => { sigpipes++; });
        const ln = await listen("tcp", "127.0.0.1:0");
        const pair = async () => { const [a, b] = await Promise.all([ln.accept(), dial("tcp", ln.addr.toString())]); return [a, b]; };
        const [srcFar, src] = await pair();
        const [dst, dstFar] = await pair();
        await dstFar.close();
        await new Promise((r) => setTimeout(r, 50));
        const feed = (async () => { for (let i = 0; i < 64; i++) await srcFar.write(new Uint8Array(64 << 10)).catch(() => {}); })();
        let code = "none";
        try { await copy(dst, src); } catch (e) { code = e.code; }
        await new Promise((r) => setTimeout(r, 50));
        for (const c of [src, srcFar, dst]) await c.close();
        await ln.close();
        console.log(JSON.stringify({ type: "done", code, sigpipes }));
        process.exit(0);
      `,
    });
    expectCrashFree(r);
    const done = r.messages.find((m) => m.type === "done")!;
    expect(["EPIPE", "ECONNRESET"]).toContain(done.code);
    expect(done.sigpipes).toBe(0);
  });

  it("copy() without a descriptor for its pipe falls back to a buffered copy, byte-exact", async () => {
    const r = await runChild({
      nofile: 64,
      code: `
        import { openSync, closeSync } from "node:fs";
        import { createHash, randomBytes } from "node:crypto";
        import { dial, listen, copy } from "gonet";
        const ln = await listen("tcp", "127.0.0.1:0");
        const pair = async () => { const [a, b] = await Promise.all([ln.accept(), dial("tcp", ln.addr.toString())]); return [a, b]; };
        const [srcFar, src] = await pair();
        const [dst, dstFar] = await pair();
        const fillers = [];
        for (;;) { try { fillers.push(openSync("/dev/null", "r")); } catch { break; } }
        const data = randomBytes(3 << 20);
        const feed = (async () => { await srcFar.write(data); await srcFar.closeWrite(); })();
        const drain = (async () => { const h = createHash("sha256"); let n = 0; for await (const c of dstFar) { h.update(c); n += c.length; } return [n, h.digest("hex")]; })();
        const n = await copy(dst, src);
        await dst.closeWrite();
        await feed;
        const [got, hash] = await drain;
        for (const fd of fillers) closeSync(fd);
        for (const c of [src, srcFar, dst, dstFar]) await c.close();
        await ln.close();
        console.log(JSON.stringify({ type: "done", n, got, same: hash === createHash("sha256").update(data).digest("hex"), fillers: fillers.length }));
        process.exit(0);
      `,
    });
    expectCrashFree(r);
    const done = r.messages.find((m) => m.type === "done")!;
    expect(done.fillers).toBeGreaterThan(0);
    expect(done).toMatchObject({ n: 3 << 20, got: 3 << 20, same: true });
  });
});

describe("close() during a part-sent write", () => {
  it("reports the bytes that reached the peer", async () => {
    const p = await connectedPair();
    try {
      p.client.setWriteBuffer(64 << 10);
      const big = randomBytes(16 << 20);
      const w = p.client.write(big); // the peer does not read yet: it parks part-sent
      await sleep(50);
      await p.client.close();
      const err = await rejection(w);
      const received = readAll(p.server as TCPConn);
      expect(err.code).toBe("ERR_NET_CLOSED");
      const got = await within(received, 10_000, "read back");
      expect(err.bytesWritten).toBeGreaterThan(0);
      expect(err.bytesWritten).toBe(got.length);
      expect(sha(got)).toBe(sha(big.subarray(0, got.length)));
    } finally {
      await p.close();
    }
  });
});
