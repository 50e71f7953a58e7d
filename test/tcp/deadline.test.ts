// Every deadline rule of API.md "Semantics" (Go's): past deadlines fail at
// once, pending ops are woken by a deadline moved into the past, moving it
// later keeps waiting, clearing restores service, read and write deadlines are
// independent, the listener's accept deadline, exact messages, and argument
// checking.

import { afterAll, describe, expect, it } from "vitest";
import { ErrClosed, ErrDeadlineExceeded, OpError, debugStats, errorIs, isTimeout } from "../../lib/index.js";
import {
  connectedPair,
  dialTCP,
  expectCountersZero,
  expectOpError,
  expectRoundTrip,
  localListener,
  readFull,
  rejection,
  sleep,
  stillPending,
  type Pair,
  withListener,
  withPair,
  within,
} from "../helpers/tcp.js";

const MiB = 1024 * 1024;
const PAST = new Date(233431200 * 1000); // 1977, as the nettest suite uses

afterAll(async () => {
  await expectCountersZero();
});

function names(p: Pair): { l: string; r: string } {
  return { l: p.server.localAddr.toString(), r: p.server.remoteAddr.toString() };
}

/** Asserts `p` rejects with Go's read timeout for L->R. */
async function expectReadTimeout(p: Promise<unknown>, l: string, r: string): Promise<OpError> {
  const err = await rejection(p, 20_000);
  expectOpError(err, `read tcp ${l}->${r}: i/o timeout`, "ETIMEDOUT");
  expect(err.timeout()).toBe(true);
  expect(isTimeout(err)).toBe(true);
  expect(errorIs(err, ErrDeadlineExceeded)).toBe(true);
  expect(errorIs(err, ErrClosed)).toBe(false);
  return err;
}

describe("a deadline in the past", () => {
  it("fails a read at once with Go's exact message, even with data waiting", async () => {
    await withPair(async (p) => {
      const { l, r } = names(p);
      await p.client.write("waiting");
      await sleep(20);
      p.server.setReadDeadline(PAST);
      await expectReadTimeout(p.server.read(new Uint8Array(16)), l, r);
      await expectReadTimeout(p.server.read(), l, r);
      // The data was not consumed: clearing the deadline gets it.
      p.server.setReadDeadline(null);
      expect(Buffer.from(await readFull(p.server, 7)).toString()).toBe("waiting");
    });
  });

  it("fails a write at once with n = 0 and sends nothing", async () => {
    await withPair(async (p) => {
      const { l, r } = names(p);
      p.server.setWriteDeadline(PAST);
      const err = await rejection(p.server.write("never sent"));
      expectOpError(err, `write tcp ${l}->${r}: i/o timeout`, "ETIMEDOUT");
      expect(err.bytesWritten).toBe(0);
      expect(errorIs(err, ErrDeadlineExceeded)).toBe(true);
      // Even an empty write checks the deadline first (as Go).
      expect(isTimeout(await rejection(p.server.write(new Uint8Array(0))))).toBe(true);
      p.server.setWriteDeadline(null);
      await p.server.write("sent");
      await p.server.closeWrite();
      const got: Uint8Array[] = [];
      for await (const c of p.client) got.push(c);
      expect(Buffer.concat(got).toString()).toBe("sent");
    });
  });

  it("a deadline equal to now counts as expired", async () => {
    await withPair(async (p) => {
      p.server.setReadDeadline(Date.now());
      expect(isTimeout(await rejection(p.server.read(new Uint8Array(4)), 5000))).toBe(true);
    });
  });

  it("later operations keep failing until the deadline changes", async () => {
    await withPair(async (p) => {
      p.server.setReadDeadline(PAST);
      for (let i = 0; i < 5; i++) expect(isTimeout(await rejection(p.server.read(new Uint8Array(4))))).toBe(true);
      p.server.setReadDeadline(Date.now() + 60_000);
      await p.client.write("x");
      expect(await within(p.server.read(new Uint8Array(4)), 10_000)).toBe(1);
    });
  });

  // Regression: a zero-length read used to reject with `i/o timeout` (Go returns (0, nil) before the deadline check).
  it("a zero-length read still resolves 0 (Go checks len(b) == 0 before the deadline)", async () => {
    await withPair(async (p) => {
      p.server.setReadDeadline(PAST);
      expect(await p.server.read(new Uint8Array(0))).toBe(0);
    });
  });
});

describe("deadlines and pending operations", () => {
  it("a future read deadline fires on a pending read (not much before it is due)", async () => {
    await withPair(async (p) => {
      const { l, r } = names(p);
      const start = Date.now();
      p.server.setReadDeadline(start + 200);
      await expectReadTimeout(p.server.read(new Uint8Array(4)), l, r);
      const took = Date.now() - start;
      expect(took).toBeGreaterThanOrEqual(150);
      expect(took).toBeLessThan(15_000);
    });
  });

  it("a pending read is woken by a deadline moved into the past", async () => {
    await withPair(async (p) => {
      const { l, r } = names(p);
      const pending = p.server.read(new Uint8Array(4));
      expect(await stillPending(pending, 50)).toBe(true);
      p.server.setReadDeadline(PAST);
      await expectReadTimeout(pending, l, r);
    });
  });

  it("every pending read is woken (read(buf) and read())", async () => {
    await withPair(async (p) => {
      const { l, r } = names(p);
      const reads = [p.server.read(new Uint8Array(4)), p.server.read(), p.server.read(new Uint8Array(1))];
      await sleep(20);
      p.server.setReadDeadline(Date.now() - 1);
      for (const pending of reads) await expectReadTimeout(pending, l, r);
      expect(debugStats().parkedOps).toBe(0);
    });
  });

  it("a pending write is woken by a deadline moved into the past, reporting bytesWritten", async () => {
    await withPair(async (p) => {
      const { l, r } = names(p);
      const pending = p.server.write(new Uint8Array(64 * MiB));
      expect(await stillPending(pending, 200)).toBe(true);
      p.server.setWriteDeadline(PAST);
      const err = await rejection(pending, 10_000);
      expectOpError(err, `write tcp ${l}->${r}: i/o timeout`, "ETIMEDOUT");
      expect(err.bytesWritten).toBeGreaterThan(0);
      expect(err.bytesWritten).toBeLessThan(64 * MiB);
    });
  });

  it("nothing of a timed-out write is sent after it reported its error", async () => {
    await withPair(async (p) => {
      const big = new Uint8Array(64 * MiB).fill(9);
      // The deadline is set once the write has started: its first send runs
      // inside write() and fills the empty socket buffer, so some bytes are
      // out however slow the machine is, and the rest waits for the peer.
      const writing = p.client.write(big);
      p.client.setWriteDeadline(Date.now() + 300);
      const err = (await rejection(writing, 20_000)) as OpError;
      expect(isTimeout(err)).toBe(true);
      const n = err.bytesWritten;
      expect(n).toBeGreaterThan(0);
      await p.client.closeWrite();
      // The peer receives exactly bytesWritten bytes, then EOF.
      let total = 0;
      for await (const chunk of p.server) {
        expect(chunk.every((b) => b === 9)).toBe(true);
        total += chunk.length;
      }
      expect(total).toBe(n);
    });
  }, 60_000);

  it("moving a deadline later keeps the operation waiting", async () => {
    await withPair(async (p) => {
      p.server.setReadDeadline(Date.now() + 150);
      const pending = p.server.read(new Uint8Array(8));
      await sleep(20);
      p.server.setReadDeadline(Date.now() + 60_000);
      // Past the first deadline: still waiting.
      expect(await stillPending(pending, 400)).toBe(true);
      await p.client.write("late");
      expect(await within(pending, 10_000)).toBe(4);
    });
  });

  it("clearing a deadline while an operation waits keeps it waiting (null and 0)", async () => {
    await withPair(async (p) => {
      for (const clear of [null, 0] as const) {
        p.server.setReadDeadline(Date.now() + 150);
        const pending = p.server.read(new Uint8Array(8));
        await sleep(20);
        p.server.setReadDeadline(clear);
        expect(await stillPending(pending, 400)).toBe(true);
        await p.client.write("x");
        expect(await within(pending, 10_000)).toBe(1);
      }
    });
  });

  it("clearing the deadline after a timeout restores service, with no bytes lost or duplicated", async () => {
    await withPair(async (p) => {
      await p.client.write("before-");
      await sleep(20);
      p.server.setReadDeadline(PAST);
      expect(isTimeout(await rejection(p.server.read(new Uint8Array(4))))).toBe(true);
      p.server.setReadDeadline(null);
      await p.client.write("after");
      expect(Buffer.from(await readFull(p.server, 12)).toString()).toBe("before-after");
      // Writes too.
      p.server.setWriteDeadline(PAST);
      expect(isTimeout(await rejection(p.server.write("x")))).toBe(true);
      p.server.setWriteDeadline(0);
      await expectRoundTrip(p.server, p.client, "back");
    });
  });

  it("a read that timed out never touches its buffer again", async () => {
    await withPair(async (p) => {
      const buf = new Uint8Array(8);
      p.server.setReadDeadline(Date.now() + 50);
      expect(isTimeout(await rejection(p.server.read(buf)))).toBe(true);
      p.server.setReadDeadline(null);
      await p.client.write("payload!");
      const other = await readFull(p.server, 8);
      expect(Buffer.from(other).toString()).toBe("payload!");
      expect(buf.every((b) => b === 0)).toBe(true);
    });
  });

  it("many short timeouts in a row leave the conn healthy and no deadline armed", async () => {
    await withPair(async (p) => {
      for (let i = 0; i < 20; i++) {
        p.server.setReadDeadline(Date.now() + 5);
        expect(isTimeout(await rejection(p.server.read(new Uint8Array(4))))).toBe(true);
      }
      p.server.setReadDeadline(null);
      expect(debugStats().armedDeadlines).toBe(0);
      await expectRoundTrip(p.client, p.server, "ok");
    });
  });
});

describe("read and write deadlines are independent", () => {
  it("an expired read deadline does not affect writes, and vice versa", async () => {
    await withPair(async (p) => {
      p.server.setReadDeadline(PAST);
      expect(await p.server.write("w")).toBe(1);
      expect(Buffer.from(await readFull(p.client, 1)).toString()).toBe("w");
      p.server.setReadDeadline(null);

      p.server.setWriteDeadline(PAST);
      await expectRoundTrip(p.client, p.server, "r");
      expect(isTimeout(await rejection(p.server.write("x")))).toBe(true);
    });
  });

  it("a read deadline firing leaves a pending write pending", async () => {
    await withPair(async (p) => {
      const write = p.server.write(new Uint8Array(32 * MiB));
      const read = p.server.read(new Uint8Array(4));
      await sleep(50);
      p.server.setReadDeadline(PAST);
      expect(isTimeout(await rejection(read))).toBe(true);
      expect(await stillPending(write, 100)).toBe(true);
      await within(readFull(p.client, 32 * MiB), 60_000, "drain");
      expect(await write).toBe(32 * MiB);
    });
  }, 60_000);

  it("setDeadline sets both: a pending read and a pending write are both woken", async () => {
    await withPair(async (p) => {
      const { l, r } = names(p);
      const write = p.server.write(new Uint8Array(64 * MiB));
      const read = p.server.read(new Uint8Array(4));
      await sleep(100);
      p.server.setDeadline(Date.now() + 50);
      await expectReadTimeout(read, l, r);
      const werr = await rejection(write);
      expectOpError(werr, `write tcp ${l}->${r}: i/o timeout`);
      p.server.setDeadline(null);
      await p.client.write("z");
      // The stalled write's bytes are still queued toward the client; reads work again.
      expect(await within(p.server.read(new Uint8Array(4)), 10_000)).toBe(1);
    });
  }, 60_000);
});

describe("the listener's accept deadline", () => {
  it("`accept tcp 127.0.0.1:P: i/o timeout`, then works again once cleared", async () => {
    await withListener(async (ln) => {
      const a = ln.addr.toString();
      ln.setDeadline(Date.now() + 100);
      const err = await rejection(ln.accept(), 10_000);
      expectOpError(err, `accept tcp ${a}: i/o timeout`, "ETIMEDOUT");
      expect(errorIs(err, ErrDeadlineExceeded)).toBe(true);
      ln.setDeadline(PAST);
      expect(isTimeout(await rejection(ln.accept()))).toBe(true);
      ln.setDeadline(null);
      const p = await connectedPair(ln);
      await p.close();
    });
  });

  it("a pending accept is woken by a deadline moved into the past; moving it later keeps waiting", async () => {
    await withListener(async (ln) => {
      const a = ln.addr.toString();
      const pending = ln.accept();
      await sleep(20);
      ln.setDeadline(new Date(Date.now() - 1000));
      expectOpError(await rejection(pending), `accept tcp ${a}: i/o timeout`);

      ln.setDeadline(Date.now() + 100);
      const second = ln.accept();
      ln.setDeadline(Date.now() + 60_000);
      expect(await stillPending(second, 300)).toBe(true);
      const c = await dialTCP(a);
      const s = await within(second, 10_000);
      await c.close();
      await s.close();
    });
  });
});

describe("forms and arguments", () => {
  it("Date and epoch milliseconds are the same deadline", async () => {
    await withPair(async (p) => {
      for (const form of ["date", "ms"]) {
        const start = Date.now();
        p.server.setReadDeadline(form === "date" ? new Date(start + 100) : start + 100);
        expect(isTimeout(await rejection(p.server.read(new Uint8Array(1)), 10_000))).toBe(true);
        expect(Date.now() - start).toBeGreaterThanOrEqual(50);
      }
      for (const t of [new Date(0 + 1), 1]) {
        p.server.setReadDeadline(t);
        expect(isTimeout(await rejection(p.server.read(new Uint8Array(1))))).toBe(true);
      }
    });
  });

  it("setDeadline after close throws `set tcp L: use of closed network connection`", async () => {
    const p = await connectedPair();
    const l = p.server.localAddr.toString();
    await p.close();
    for (const set of [
      (t: Date | number | null) => p.server.setDeadline(t),
      (t: Date | number | null) => p.server.setReadDeadline(t),
      (t: Date | number | null) => p.server.setWriteDeadline(t),
    ]) {
      let err: unknown;
      try {
        set(Date.now() + 1000);
      } catch (e) {
        err = e;
      }
      expectOpError(err, `set tcp ${l}: use of closed network connection`);
      expect(errorIs(err, ErrClosed)).toBe(true);
    }
    const ln = await localListener();
    const a = ln.addr.toString();
    await ln.close();
    expect(() => ln.setDeadline(null)).toThrow(`set tcp ${a}: use of closed network connection`);
  });

  it("invalid deadline values (NaN and an invalid Date too) throw TypeError and change nothing", async () => {
    await withPair(async (p) => {
      p.server.setReadDeadline(Date.now() + 60_000);
      const bad: unknown[] = ["x", "2030-01-01", {}, [], NaN, new Date("not a date"), 10n, true, Symbol("t"), () => 1];
      for (const v of bad) {
        expect(() => p.server.setDeadline(v as never)).toThrow(TypeError);
        expect(() => p.server.setReadDeadline(v as never)).toThrow(TypeError);
        expect(() => p.server.setWriteDeadline(v as never)).toThrow(TypeError);
        expect(() => p.ln.setDeadline(v as never)).toThrow(TypeError);
      }
      // The valid deadline set before is still in force (not cleared, not expired).
      const pending = p.server.read(new Uint8Array(1));
      expect(await stillPending(pending, 100)).toBe(true);
      await p.client.write("k");
      expect(await within(pending, 10_000)).toBe(1);
    });
  });
});
