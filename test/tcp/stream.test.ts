// Streaming: 64 MiB verified byte for byte through read(buf), read() and async
// iteration; write backpressure without memory growth; pending reads and
// writes completing in call order; full-duplex traffic on one Conn.

import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { debugStats } from "../../lib/index.js";
import {
  connectedPair,
  expectCountersZero,
  randomBytes,
  readFull,
  sleep,
  stillPending,
  withPair,
  within,
} from "../helpers/tcp.js";

const MiB = 1024 * 1024;
const TOTAL = 64 * MiB;

afterAll(async () => {
  await expectCountersZero();
});

function sha256(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** 64 MiB of random data, written in irregular pieces; resolves the sender's hash. */
async function sendAll(conn: { write(b: Uint8Array): Promise<number>; closeWrite(): Promise<void> }, data: Uint8Array) {
  const sizes = [1, 7 * 1024, MiB, 3 * MiB + 5, 65536, 999_999];
  let off = 0;
  for (let i = 0; off < data.length; i++) {
    const end = Math.min(data.length, off + sizes[i % sizes.length]);
    const n = await conn.write(data.subarray(off, end));
    expect(n).toBe(end - off);
    off = end;
  }
  await conn.closeWrite();
  return sha256(data);
}

describe("64 MiB streamed and verified", () => {
  const data = randomBytes(TOTAL);
  const expected = sha256(data);

  it("with read(buf)", async () => {
    await withPair(async (p) => {
      const sent = sendAll(p.client, data);
      const hash = createHash("sha256");
      const buf = new Uint8Array(256 * 1024);
      let total = 0;
      let reads = 0;
      for (;;) {
        const n = await p.server.read(buf);
        if (n === null) break;
        expect(n).toBeGreaterThan(0);
        expect(n).toBeLessThanOrEqual(buf.length);
        hash.update(buf.subarray(0, n));
        total += n;
        reads++;
      }
      expect(total).toBe(TOTAL);
      expect(reads).toBeGreaterThan(1);
      expect(hash.digest("hex")).toBe(expected);
      expect(await sent).toBe(expected);
      // EOF is sticky.
      expect(await p.server.read(buf)).toBeNull();
    });
  }, 120_000);

  it("with read() (fresh chunks)", async () => {
    await withPair(async (p) => {
      const sent = sendAll(p.client, data);
      const hash = createHash("sha256");
      let total = 0;
      let previous: Uint8Array | null = null;
      for (;;) {
        const chunk = await p.server.read();
        if (chunk === null) break;
        expect(chunk).toBeInstanceOf(Uint8Array);
        expect(chunk.length).toBeGreaterThan(0);
        // Every chunk is its own buffer: an earlier one is never overwritten.
        if (previous) expect(chunk.buffer).not.toBe(previous.buffer);
        previous = chunk;
        hash.update(chunk);
        total += chunk.length;
      }
      expect(total).toBe(TOTAL);
      expect(hash.digest("hex")).toBe(expected);
      expect(await sent).toBe(expected);
    });
  }, 120_000);

  it("with for await (async iteration), chunks kept and compared at the end", async () => {
    await withPair(async (p) => {
      const sent = sendAll(p.client, data);
      const chunks: Uint8Array[] = [];
      let total = 0;
      for await (const chunk of p.server) {
        chunks.push(chunk);
        total += chunk.length;
      }
      expect(total).toBe(TOTAL);
      // Chunks kept across iterations were not reused: compare byte for byte.
      const got = Buffer.concat(chunks);
      expect(got.equals(Buffer.from(data.buffer, data.byteOffset, data.byteLength))).toBe(true);
      expect(await sent).toBe(expected);
    });
  }, 120_000);

  it("in both directions at once (concurrent read and write on each Conn)", async () => {
    await withPair(async (p) => {
      const size = 16 * MiB;
      const a = data.subarray(0, size);
      const b = data.subarray(size, 2 * size);
      // Neither side reads before it has written everything: this only finishes
      // if each Conn services a read and a write at the same time.
      const [, , fromClient, fromServer] = await within(
        Promise.all([sendAll(p.client, a), sendAll(p.server, b), readFull(p.server, size), readFull(p.client, size)]),
        100_000,
        "duplex transfer",
      );
      expect(sha256(fromClient)).toBe(sha256(a));
      expect(sha256(fromServer)).toBe(sha256(b));
      expect(await p.server.read()).toBeNull();
      expect(await p.client.read()).toBeNull();
    });
  }, 120_000);
});

describe("write backpressure", () => {
  it("a 64 MiB write to a peer that does not read pends, without memory growth", async () => {
    await withPair(async (p) => {
      const big = randomBytes(TOTAL);
      const before = process.memoryUsage().arrayBuffers;
      const write = p.client.write(big);
      expect(await stillPending(write, 500)).toBe(true);
      // The op holds the caller's buffer: nothing was copied.
      expect(debugStats().parkedOps).toBeGreaterThanOrEqual(1);
      expect(debugStats().heldBuffers).toBeGreaterThanOrEqual(1);
      const during = process.memoryUsage().arrayBuffers;
      expect(during - before).toBeLessThan(16 * MiB);
      // Still pending a while later (the kernel buffers are far smaller than 64 MiB).
      expect(await stillPending(write, 300)).toBe(true);

      // Drain it: the write completes with every byte, and they are the right ones.
      const received = await within(readFull(p.server, TOTAL), 60_000, "drain");
      expect(await within(write, 10_000, "write")).toBe(TOTAL);
      expect(sha256(received)).toBe(sha256(big));
      expect(debugStats().heldBuffers).toBe(0);
    });
  }, 120_000);

  it("many writes queued behind a stalled peer hold only the callers' buffers", async () => {
    await withPair(async (p) => {
      const piece = randomBytes(MiB);
      const before = process.memoryUsage().arrayBuffers;
      // The same 1 MiB buffer, queued 32 times.
      const writes = Array.from({ length: 32 }, () => p.client.write(piece));
      await sleep(300);
      const during = process.memoryUsage().arrayBuffers;
      expect(during - before).toBeLessThan(16 * MiB);
      const received = await within(readFull(p.server, 32 * MiB), 60_000, "drain");
      expect(await Promise.all(writes)).toEqual(Array(32).fill(MiB));
      for (let i = 0; i < 32; i++) {
        expect(Buffer.from(received.subarray(i * MiB, (i + 1) * MiB)).equals(Buffer.from(piece))).toBe(true);
      }
    });
  }, 120_000);
});

describe("call order", () => {
  it("several pending read(buf) calls complete in call order", async () => {
    await withPair(async (p) => {
      const bufs = [new Uint8Array(4), new Uint8Array(4), new Uint8Array(4)];
      const order: number[] = [];
      const reads = bufs.map((b, i) =>
        p.server.read(b).then((n) => {
          order.push(i);
          return n;
        }),
      );
      expect(await stillPending(Promise.race(reads), 100)).toBe(true);
      await p.client.write("abcdefghijkl");
      const counts = await within(Promise.all(reads), 10_000, "reads");
      expect(order).toEqual([0, 1, 2]);
      // The stream is split among them in call order.
      const got = Buffer.concat(bufs.map((b, i) => b.subarray(0, counts[i] as number))).toString();
      expect("abcdefghijkl".startsWith(got)).toBe(true);
      expect(got.length).toBe(12);
    });
  });

  it("pending read() calls complete in call order, one per arrival", async () => {
    await withPair(async (p) => {
      const order: string[] = [];
      const reads = [0, 1, 2].map((i) =>
        p.server.read().then((chunk) => {
          order.push(`${i}:${Buffer.from(chunk!).toString()}`);
          return chunk;
        }),
      );
      await p.client.write("a");
      await within(reads[0], 10_000, "first read");
      expect(await stillPending(reads[1], 50)).toBe(true);
      await p.client.write("b");
      await within(reads[1], 10_000, "second read");
      await p.client.write("c");
      await within(reads[2], 10_000, "third read");
      expect(order).toEqual(["0:a", "1:b", "2:c"]);
    });
  });

  it("read(buf) and read() pending together are served in call order", async () => {
    await withPair(async (p) => {
      const order: number[] = [];
      const b0 = new Uint8Array(3);
      const r0 = p.server.read(b0).then((n) => (order.push(0), n));
      const r1 = p.server.read().then((c) => (order.push(1), c));
      const b2 = new Uint8Array(3);
      const r2 = p.server.read(b2).then((n) => (order.push(2), n));
      await p.client.write("xyz");
      expect(await within(r0, 10_000)).toBe(3);
      expect(Buffer.from(b0).toString()).toBe("xyz");
      await p.client.write("uvw");
      expect(Buffer.from((await within(r1, 10_000))!).toString()).toBe("uvw");
      await p.client.write("rst");
      expect(await within(r2, 10_000)).toBe(3);
      expect(Buffer.from(b2).toString()).toBe("rst");
      expect(order).toEqual([0, 1, 2]);
    });
  });

  it("several pending writes complete in call order and never interleave", async () => {
    await withPair(async (p) => {
      // 32 MiB in all: more than the loopback socket buffers hold without a reader.
      const size = 8 * MiB;
      const pieces = [1, 2, 3, 4].map((v) => new Uint8Array(size).fill(v));
      const order: number[] = [];
      const writes = pieces.map((b, i) => p.client.write(b).then((n) => (order.push(i), n)));
      // Nobody reads yet: at least the last write must be waiting.
      expect(await stillPending(writes[3], 200)).toBe(true);
      const received = await within(readFull(p.server, 4 * size), 60_000, "drain");
      expect(await Promise.all(writes)).toEqual([size, size, size, size]);
      expect(order).toEqual([0, 1, 2, 3]);
      for (let i = 0; i < 4; i++) {
        const part = received.subarray(i * size, (i + 1) * size);
        expect(part.every((x) => x === i + 1)).toBe(true);
      }
    });
  }, 60_000);

  it("a zero-length write resolves 0 at once; a zero-length read resolves 0 without waiting", async () => {
    await withPair(async (p) => {
      expect(await within(p.client.write(new Uint8Array(0)), 5000)).toBe(0);
      expect(await within(p.client.write(""), 5000)).toBe(0);
      expect(await within(p.server.read(new Uint8Array(0)), 5000)).toBe(0);
    });
  });
});
