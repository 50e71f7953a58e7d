// Half-close (closeWrite / closeRead), peer reset (SO_LINGER 0), writes
// after a reset, and bytesWritten on failed writes.

import { afterAll, describe, expect, it } from "vitest";
import { OpError, isTimeout } from "../../lib/index.js";
import {
  connectedPair,
  expectCountersZero,
  expectOpError,
  expectRoundTrip,
  re,
  readAll,
  readFull,
  rejection,
  sleep,
  stillPending,
  withPair,
  within,
} from "../helpers/tcp.js";

const MiB = 1024 * 1024;

afterAll(async () => {
  await expectCountersZero();
});

// Wine 8's closesocket after SO_LINGER {1, 0} ends the peer's stream with a
// FIN, not a reset (test/win/wine-linger.c shows it without gonet); Linux and
// Windows reset. The read-side reset tests need the reset.
const abortResets = await (async () => {
  const p = await connectedPair();
  p.server.setLinger(0);
  await p.server.close();
  const got = await within(p.client.read(new Uint8Array(1)), 5000).catch((e: unknown) => e);
  await p.close();
  return got instanceof OpError;
})();
const itReset = it.skipIf(!abortResets);

/** Writes small pieces until one fails (the first write after a reset may still be accepted). */
async function writeUntilError(conn: { write(b: Uint8Array): Promise<number> }): Promise<OpError> {
  for (let i = 0; i < 100; i++) {
    try {
      await conn.write(new Uint8Array(1024));
    } catch (err) {
      return err as OpError;
    }
    await sleep(10);
  }
  throw new Error("100 writes to a reset peer all succeeded");
}

describe("closeWrite", () => {
  it("the peer reads the data, then EOF, and can still write back", async () => {
    await withPair(async (p) => {
      await p.client.write("request");
      await p.client.closeWrite();
      expect(Buffer.from(await within(readAll(p.server), 10_000)).toString()).toBe("request");
      // EOF again, with both read forms.
      expect(await p.server.read(new Uint8Array(8))).toBeNull();
      expect(await p.server.read()).toBeNull();
      // The other direction still works.
      expect(await p.server.write("response")).toBe(8);
      await p.server.closeWrite();
      expect(Buffer.from(await within(readAll(p.client), 10_000)).toString()).toBe("response");
    });
  });

  it("a pending read on the peer is woken with EOF", async () => {
    await withPair(async (p) => {
      const pending = p.server.read(new Uint8Array(16));
      expect(await stillPending(pending, 50)).toBe(true);
      await p.client.closeWrite();
      expect(await within(pending, 10_000)).toBeNull();
    });
  });

  it("async iteration on the peer ends at the half-close", async () => {
    await withPair(async (p) => {
      const got: string[] = [];
      const iterating = (async () => {
        for await (const chunk of p.server) got.push(Buffer.from(chunk).toString());
      })();
      await p.client.write("one");
      await sleep(20);
      await p.client.write("two");
      await p.client.closeWrite();
      await within(iterating, 10_000, "iteration");
      expect(got.join("")).toBe("onetwo");
    });
  });

  it("later writes on the half-closed side fail with EPIPE (Go's message)", async () => {
    await withPair(async (p) => {
      await p.client.closeWrite();
      const err = await rejection(p.client.write("late"));
      const l = p.client.localAddr.toString();
      const r = p.client.remoteAddr.toString();
      expectOpError(err, `write tcp ${l}->${r}: write: broken pipe`, "EPIPE");
      expect(err.op).toBe("write");
      expect(err.bytesWritten).toBe(0);
      expect(isTimeout(err)).toBe(false);
      // Reading still works.
      await expectRoundTrip(p.server, p.client, "still readable");
    });
  });

  it("closeWrite twice is accepted by the kernel", async () => {
    await withPair(async (p) => {
      await p.client.closeWrite();
      await expect(p.client.closeWrite()).resolves.toBeUndefined();
    });
  });
});

describe("closeRead", () => {
  it("later reads see EOF, writes still work", async () => {
    await withPair(async (p) => {
      await p.server.closeRead();
      expect(await within(p.server.read(new Uint8Array(4)), 5000)).toBeNull();
      expect(await within(p.server.read(), 5000)).toBeNull();
      expect(await p.server.write("ok")).toBe(2);
      expect(Buffer.from(await readFull(p.client, 2)).toString()).toBe("ok");
    });
  });

  it("pending reads are woken with EOF", async () => {
    await withPair(async (p) => {
      const a = p.server.read(new Uint8Array(4));
      const b = p.server.read();
      expect(await stillPending(a, 50)).toBe(true);
      await p.server.closeRead();
      expect(await within(a, 5000)).toBeNull();
      expect(await within(b, 5000)).toBeNull();
    });
  });
});

describe("peer reset (setLinger(0) + close)", () => {
  itReset("the dialer's pending read rejects with ECONNRESET and Go's message", async () => {
    await withPair(async (p) => {
      const l = p.client.localAddr.toString();
      const r = p.client.remoteAddr.toString();
      const pending = p.client.read(new Uint8Array(16));
      p.server.setLinger(0);
      await p.server.close();
      const err = await rejection(pending, 10_000);
      expectOpError(err, `read tcp ${l}->${r}: read: connection reset by peer`, "ECONNRESET");
      expect(err.op).toBe("read");
      expect(err.net).toBe("tcp");
      expect(isTimeout(err)).toBe(false);
    });
  });

  itReset("a read issued after the reset arrived rejects the same way (read() form)", async () => {
    await withPair(async (p) => {
      const l = p.client.localAddr.toString();
      const r = p.client.remoteAddr.toString();
      p.server.setLinger(0);
      await p.server.close();
      await sleep(50);
      const err = await rejection(p.client.read(), 10_000);
      expectOpError(err, `read tcp ${l}->${r}: read: connection reset by peer`, "ECONNRESET");
    });
  });

  itReset("unread data is discarded: the reset wins over queued bytes", async () => {
    await withPair(async (p) => {
      const pending = p.client.read(new Uint8Array(4));
      // The server has unread data from the client when it resets.
      await p.client.write("unread");
      await sleep(20);
      p.server.setLinger(0);
      await p.server.close();
      const err = await rejection(pending, 10_000);
      expect((err as OpError).code).toBe("ECONNRESET");
    });
  });

  // Regression: accepted conns used to learn their peer lazily (getpeername), which fails after a reset.
  itReset("the accepted side's pending read rejects with `read tcp L->R: read: connection reset by peer`", async () => {
    await withPair(async (p) => {
      // The expected addresses, from the dialer's point of view (nothing asked of p.server yet).
      const l = p.client.remoteAddr.toString();
      const r = p.client.localAddr.toString();
      const pending = p.server.read(new Uint8Array(16));
      p.client.setLinger(0);
      await p.client.close();
      const err = await rejection(pending, 10_000);
      expectOpError(err, `read tcp ${l}->${r}: read: connection reset by peer`, "ECONNRESET");
    });
  });

  // Regression: same root cause (remoteAddr became `:0`).
  it("the accepted side's remoteAddr survives the peer's reset", async () => {
    await withPair(async (p) => {
      const expected = p.client.localAddr.toString();
      p.client.setLinger(0);
      await p.client.close();
      await sleep(50);
      expect(p.server.remoteAddr.toString()).toBe(expected);
    });
  });

  it("writes after the peer's reset fail with EPIPE or ECONNRESET in Go's shape", async () => {
    await withPair(async (p) => {
      const l = p.client.localAddr.toString();
      const r = p.client.remoteAddr.toString();
      p.server.setLinger(0);
      await p.server.close();
      await sleep(50);
      const err = await writeUntilError(p.client);
      expectOpError(
        err,
        new RegExp(`^write tcp ${re(l)}->${re(r)}: write: (broken pipe|connection reset by peer)$`),
      );
      expect(["EPIPE", "ECONNRESET"]).toContain(err.code);
      expect(err.bytesWritten).toBe(0);
      // And again: the conn stays failed, the process stays alive (no SIGPIPE).
      const again = await rejection(p.client.write("x"));
      expect(["EPIPE", "ECONNRESET"]).toContain((again as OpError).code);
    });
  });

  // Regression: same root cause (write errors lacked `->R`).
  it("the accepted side's write after the peer's reset names both addresses", async () => {
    await withPair(async (p) => {
      const l = p.client.remoteAddr.toString();
      const r = p.client.localAddr.toString();
      p.client.setLinger(0);
      await p.client.close();
      await sleep(50);
      const err = await writeUntilError(p.server);
      expectOpError(
        err,
        new RegExp(`^write tcp ${re(l)}->${re(r)}: write: (broken pipe|connection reset by peer)$`),
      );
    });
  });

  it("writes after a plain close by the peer eventually fail with EPIPE/ECONNRESET", async () => {
    await withPair(async (p) => {
      await p.server.close();
      await sleep(50);
      const err = await writeUntilError(p.client);
      expect(["EPIPE", "ECONNRESET"]).toContain(err.code);
      expect(err.message).toMatch(/^write tcp .+->.+: write: (broken pipe|connection reset by peer)$/);
    });
  });
});

describe("bytesWritten on a failed write", () => {
  it("a large write cut short by a reset reports how much the kernel took", async () => {
    await withPair(async (p) => {
      const total = 64 * MiB;
      const write = p.client.write(new Uint8Array(total).fill(7));
      // Let the peer take exactly 1 MiB, then reset.
      const got = await within(readFull(p.server, MiB), 20_000, "first MiB");
      expect(got.every((b) => b === 7)).toBe(true);
      expect(await stillPending(write, 100)).toBe(true);
      p.server.setLinger(0);
      await p.server.close();
      const err = (await rejection(write, 20_000)) as OpError;
      expect(err).toBeInstanceOf(OpError);
      expect(["EPIPE", "ECONNRESET"]).toContain(err.code);
      expect(err.op).toBe("write");
      expect(err.bytesWritten).toBeGreaterThanOrEqual(MiB);
      expect(err.bytesWritten).toBeLessThan(total);
      expect(Number.isInteger(err.bytesWritten)).toBe(true);
    });
  }, 60_000);

  it("a write that fails before sending anything reports 0", async () => {
    await withPair(async (p) => {
      await p.client.closeWrite();
      const err = (await rejection(p.client.write(new Uint8Array(MiB)))) as OpError;
      expect(err.bytesWritten).toBe(0);
    });
  });
});
