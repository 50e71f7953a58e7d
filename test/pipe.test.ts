// pipe(): the nettest conformance suite, then Go net.Pipe's own semantics.

import { describe, expect, it } from "vitest";
import type { Conn } from "../lib/conn.js";
import { ErrDeadlineExceeded, OpError, errorIs, isTimeout } from "../lib/errors.js";
import { ClosedPipeError, ErrClosedPipe, PipeAddr, pipe } from "../lib/pipe.js";
import { A_LONG_TIME_AGO, settle, sleep, tick } from "./conformance/helpers.js";
import { connConformance } from "./conformance/nettest.js";
import { dec, enc } from "./helpers/scope.js";

connConformance("Pipe", async () => {
  const [c1, c2] = pipe();
  return {
    c1,
    c2,
    stop: async () => {
      await c1.close();
      await c2.close();
    },
  };
});

/** Tracks whether a promise has settled yet, without consuming its outcome. */
function track<T>(p: Promise<T>): { readonly settled: boolean; readonly promise: Promise<T> } {
  const state = { settled: false, promise: p };
  p.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

/** Reads until `n` bytes arrived, in reads of at most `chunk` bytes. */
async function readN(c: Conn, n: number, chunk = n): Promise<Uint8Array> {
  const out = new Uint8Array(n);
  let off = 0;
  while (off < n) {
    const got = await c.read(out.subarray(off, Math.min(n, off + chunk)));
    if (got === null) throw new Error("unexpected EOF");
    off += got;
  }
  return out;
}

describe("pipe: addresses and handles", () => {
  it("prints pipe for both addresses", () => {
    const [a] = pipe();
    expect(a.localAddr).toBeInstanceOf(PipeAddr);
    expect(a.localAddr.network).toBe("pipe");
    expect(a.localAddr.toString()).toBe("pipe");
    expect(a.remoteAddr.network).toBe("pipe");
    expect(String(a.remoteAddr)).toBe("pipe");
  });

  it("ref() and unref() return the conn", () => {
    const [a] = pipe();
    expect(a.ref()).toBe(a);
    expect(a.unref()).toBe(a);
  });

  it("a pending deadline does not keep the process alive", async () => {
    const [a, b] = pipe();
    const before = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    a.setDeadline(Date.now() + 60_000);
    const after = process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;
    expect(after).toBe(before);
    await a.close();
    await b.close();
  });
});

describe("pipe: data transfer", () => {
  it("a write resolves only once the peer consumed all of it", async () => {
    const [a, b] = pipe();
    const w = track(a.write(enc("hello world")));
    await sleep(5);
    expect(w.settled).toBe(false);
    const first = await readN(b, 5);
    await tick();
    expect(dec(first)).toBe("hello");
    expect(w.settled).toBe(false);
    const rest = await readN(b, 6);
    expect(dec(rest)).toBe(" world");
    await expect(w.promise).resolves.toBe(11);
  });

  it("a read takes at most its buffer's length", async () => {
    const [a, b] = pipe();
    const w = a.write(enc("abcdef"));
    const buf = new Uint8Array(4);
    expect(await b.read(buf)).toBe(4);
    expect(dec(buf)).toBe("abcd");
    expect(await b.read(buf)).toBe(2);
    expect(dec(buf.subarray(0, 2))).toBe("ef");
    expect(await w).toBe(6);
  });

  it("is full duplex", async () => {
    const [a, b] = pipe();
    const [wa, wb, ra, rb] = await Promise.all([a.write("ping"), b.write("pong"), readN(a, 4), readN(b, 4)]);
    expect([wa, wb, dec(ra), dec(rb)]).toEqual([4, 4, "pong", "ping"]);
  });

  it("encodes string writes as UTF-8", async () => {
    const [a, b] = pipe();
    const w = a.write("héllo");
    expect(dec(await readN(b, 6))).toBe("héllo");
    expect(await w).toBe(6);
  });

  it("a zero-length write waits for one read, which returns 0", async () => {
    const [a, b] = pipe();
    const w = track(a.write(new Uint8Array(0)));
    await sleep(5);
    expect(w.settled).toBe(false);
    expect(await b.read(new Uint8Array(8))).toBe(0);
    await expect(w.promise).resolves.toBe(0);
  });

  it("read() turns a zero-length write into an empty chunk", async () => {
    const [a, b] = pipe();
    const w = a.write("");
    const chunk = await b.read();
    expect(chunk).toBeInstanceOf(Uint8Array);
    expect(chunk!.length).toBe(0);
    expect(await w).toBe(0);
  });

  it("a zero-length read waits for a writer and consumes nothing", async () => {
    const [a, b] = pipe();
    const r = track(b.read(new Uint8Array(0)));
    await sleep(5);
    expect(r.settled).toBe(false);
    const w = a.write("xy");
    expect(await r.promise).toBe(0);
    expect(dec(await readN(b, 2))).toBe("xy");
    expect(await w).toBe(2);
  });

  it("read() without a buffer returns a fresh copy of the next chunk", async () => {
    const [a, b] = pipe();
    const data = enc("copy me");
    const w = a.write(data);
    const chunk = await b.read();
    await w;
    data.fill(0);
    expect(dec(chunk!)).toBe("copy me");
    expect(chunk!.buffer).not.toBe(data.buffer);
  });

  it("read() hands out at most 64 KiB at a time", async () => {
    const [a, b] = pipe();
    const w = a.write(new Uint8Array(100_000));
    expect((await b.read())!.length).toBe(65_536);
    expect((await b.read())!.length).toBe(100_000 - 65_536);
    expect(await w).toBe(100_000);
  });

  it("concurrent writes never interleave", async () => {
    const [a, b] = pipe();
    const writes = [a.write("a".repeat(1000)), a.write("b".repeat(1000)), a.write("c".repeat(1000))];
    const got = dec(await readN(b, 3000, 7));
    expect(got).toBe("a".repeat(1000) + "b".repeat(1000) + "c".repeat(1000));
    expect(await Promise.all(writes)).toEqual([1000, 1000, 1000]);
  });

  it("pending reads are served in call order", async () => {
    const [a, b] = pipe();
    const bufs = [new Uint8Array(2), new Uint8Array(2), new Uint8Array(2)];
    const reads = bufs.map((buf) => b.read(buf));
    await a.write("112233");
    expect(await Promise.all(reads)).toEqual([2, 2, 2]);
    expect(bufs.map(dec)).toEqual(["11", "22", "33"]);
  });

  it("async iteration yields chunks until EOF, skipping empty ones", async () => {
    const [a, b] = pipe();
    const writer = (async () => {
      await a.write("one");
      await a.write("");
      await a.write("two");
      await a.close();
    })();
    const chunks: string[] = [];
    for await (const chunk of b) chunks.push(dec(chunk));
    await writer;
    expect(chunks).toEqual(["one", "two"]);
  });

  it("breaking out of async iteration leaves the pipe open", async () => {
    const [a, b] = pipe();
    const w1 = a.write("first");
    for await (const chunk of b) {
      expect(dec(chunk)).toBe("first");
      break;
    }
    await w1;
    const w2 = a.write("second");
    expect(dec(await readN(b, 6))).toBe("second");
    await w2;
  });

  it("a busy echo loop over a pipe still lets timers fire", async () => {
    const [a, b] = pipe();
    const echo = (async () => {
      const buf = new Uint8Array(64);
      for (let n = await b.read(buf); n !== null; n = await b.read(buf)) await b.write(buf.subarray(0, n));
    })();
    let fired = false;
    setTimeout(() => (fired = true), 5);
    const msg = new Uint8Array(64);
    // Bounded, so a pipe that settles on microtasks fails here instead of hanging.
    for (let rounds = 0; !fired && rounds < 100_000; rounds++) {
      await a.write(msg);
      await readN(a, msg.length);
    }
    expect(fired).toBe(true);
    await a.close();
    await echo;
  });

  it("rejects bad arguments with TypeError", async () => {
    const [a] = pipe();
    await expect(a.write(42 as unknown as string)).rejects.toThrow(TypeError);
    await expect(a.read([1, 2] as unknown as Uint8Array)).rejects.toThrow(TypeError);
    expect(() => a.setDeadline("soon" as unknown as number)).toThrow(TypeError);
    expect(() => a.setDeadline(new Date(Number.NaN))).toThrow(TypeError);
  });
});

describe("pipe: close", () => {
  it("after a local close, reads and writes fail with io: read/write on closed pipe", async () => {
    const [a] = pipe();
    await a.close();
    const r = await settle(a.read(new Uint8Array(1)));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.err).toBe(ErrClosedPipe);
    const w = await settle(a.write("x"));
    expect(w.ok).toBe(false);
    const err = !w.ok ? w.err : undefined;
    expect(err).toBeInstanceOf(ClosedPipeError);
    expect((err as Error).message).toBe("io: read/write on closed pipe");
    expect(errorIs(err, ErrClosedPipe)).toBe(true);
    expect((err as ClosedPipeError).bytesWritten).toBe(0);
    expect((err as ClosedPipeError).timeout()).toBe(false);
  });

  it("after a remote close, reads see EOF and writes fail", async () => {
    const [a, b] = pipe();
    await a.close();
    expect(await b.read(new Uint8Array(1))).toBeNull();
    expect(await b.read()).toBeNull();
    await expect(b.write("x")).rejects.toThrow("io: read/write on closed pipe");
  });

  it("wakes pending reads: the closing end's fail, the peer's see EOF", async () => {
    const [a, b] = pipe();
    const localRead = settle(a.read(new Uint8Array(4)));
    const remoteRead = settle(b.read());
    await a.close();
    const [lr, rr] = await Promise.all([localRead, remoteRead]);
    expect(!lr.ok && lr.err).toBe(ErrClosedPipe);
    expect(rr).toEqual({ ok: true, value: null });
  });

  it("wakes pending writes on both ends with ErrClosedPipe", async () => {
    const [a, b] = pipe();
    const localWrite = settle(a.write("abc"));
    const remoteWrite = settle(b.write("x"));
    await a.close();
    const [lw, rw] = await Promise.all([localWrite, remoteWrite]);
    expect(!lw.ok && errorIs(lw.err, ErrClosedPipe)).toBe(true);
    expect(!rw.ok && errorIs(rw.err, ErrClosedPipe)).toBe(true);
  });

  it("a write cut short by close reports the bytes the peer took", async () => {
    const [a, b] = pipe();
    const w = settle(a.write("abcdef"));
    expect(await b.read(new Uint8Array(4))).toBe(4);
    await b.close();
    const r = await w;
    expect(r.ok).toBe(false);
    expect(!r.ok && (r.err as ClosedPipeError).bytesWritten).toBe(4);
  });

  it("closing twice, or after the peer, is harmless", async () => {
    const [a, b] = pipe();
    await a.close();
    await expect(a.close()).resolves.toBeUndefined();
    await expect(b.close()).resolves.toBeUndefined();
  });

  it("setDeadline after close throws ErrClosedPipe", async () => {
    const [a] = pipe();
    await a.close();
    expect(() => a.setDeadline(null)).toThrow(ErrClosedPipe);
    expect(() => a.setReadDeadline(null)).toThrow(ErrClosedPipe);
    expect(() => a.setWriteDeadline(null)).toThrow(ErrClosedPipe);
  });

  it("Symbol.asyncDispose closes", async () => {
    const [a, b] = pipe();
    await a[Symbol.asyncDispose]();
    expect(await b.read()).toBeNull();
  });
});

describe("pipe: deadlines", () => {
  it("a past deadline fails at once with read pipe: i/o timeout", async () => {
    const [a, b] = pipe();
    const pendingWrite = track(b.write("waiting"));
    a.setReadDeadline(A_LONG_TIME_AGO);
    const r = await settle(a.read(new Uint8Array(8)));
    expect(r.ok).toBe(false);
    const err = !r.ok ? r.err : undefined;
    expect(err).toBeInstanceOf(OpError);
    expect((err as OpError).message).toBe("read pipe: i/o timeout");
    expect((err as OpError).op).toBe("read");
    expect((err as OpError).net).toBe("pipe");
    expect(isTimeout(err)).toBe(true);
    expect(errorIs(err, ErrDeadlineExceeded)).toBe(true);
    // The deadline is checked before any data moves: the writer is still waiting.
    await tick();
    expect(pendingWrite.settled).toBe(false);
    a.setReadDeadline(null);
    expect(dec(await readN(a, 7))).toBe("waiting");
  });

  it("a past write deadline fails with write pipe: i/o timeout and 0 bytes written", async () => {
    const [a] = pipe();
    a.setWriteDeadline(A_LONG_TIME_AGO);
    const w = await settle(a.write("x"));
    const err = !w.ok ? (w.err as OpError) : undefined;
    expect(err?.message).toBe("write pipe: i/o timeout");
    expect(err?.bytesWritten).toBe(0);
    expect(err?.timeout()).toBe(true);
  });

  it("read and write deadlines are independent", async () => {
    const [a, b] = pipe();
    a.setReadDeadline(A_LONG_TIME_AGO);
    const w = a.write("ok");
    expect(dec(await readN(b, 2))).toBe("ok");
    expect(await w).toBe(2);
  });

  it("a future deadline wakes a pending read and a pending write", async () => {
    const [a] = pipe();
    const start = Date.now();
    a.setDeadline(new Date(start + 30));
    const [r, w] = await Promise.all([settle(a.read(new Uint8Array(1))), settle(a.write("x"))]);
    expect(Date.now() - start).toBeGreaterThanOrEqual(29);
    expect(!r.ok && isTimeout(r.err)).toBe(true);
    expect(!w.ok && isTimeout(w.err)).toBe(true);
  });

  it("a timed-out write reports how much the peer consumed", async () => {
    const [a, b] = pipe();
    const w = settle(a.write("abcdef"));
    expect(await b.read(new Uint8Array(2))).toBe(2);
    a.setWriteDeadline(A_LONG_TIME_AGO);
    const r = await w;
    expect(!r.ok && (r.err as OpError).bytesWritten).toBe(2);
    expect(!r.ok && (r.err as OpError).message).toBe("write pipe: i/o timeout");
  });

  it("moving a pending deadline later keeps the operation waiting", async () => {
    const [a, b] = pipe();
    a.setReadDeadline(Date.now() + 100);
    const r = track(a.read(new Uint8Array(4)));
    await sleep(5);
    a.setReadDeadline(Date.now() + 10_000);
    await sleep(150);
    expect(r.settled).toBe(false);
    await b.write("late");
    expect(await r.promise).toBe(4);
  });

  it("a deadline beyond setTimeout's range neither fires early nor overflows the timer", async () => {
    const [a, b] = pipe();
    const warnings: string[] = [];
    const onWarning = (w: Error): void => void warnings.push(w.name);
    process.on("warning", onWarning);
    a.setReadDeadline(Date.now() + 30 * 24 * 3600 * 1000);
    const r = track(a.read(new Uint8Array(2)));
    await sleep(20);
    process.off("warning", onWarning);
    expect(r.settled).toBe(false);
    // Node clamps an over-long setTimeout to 1 ms and warns; the deadline must be re-armed in steps instead.
    expect(warnings).not.toContain("TimeoutOverflowWarning");
    await b.write("ok");
    expect(await r.promise).toBe(2);
  });

  it("clearing a pending deadline keeps the operation waiting", async () => {
    const [a, b] = pipe();
    a.setWriteDeadline(Date.now() + 20);
    const w = track(a.write("data"));
    a.setWriteDeadline(0);
    await sleep(40);
    expect(w.settled).toBe(false);
    expect(dec(await readN(b, 4))).toBe("data");
    expect(await w.promise).toBe(4);
  });

  it("moving a pending deadline into the past wakes the operation at once", async () => {
    const [a] = pipe();
    a.setReadDeadline(Date.now() + 10_000);
    const r = settle(a.read(new Uint8Array(4)));
    await sleep(5);
    const start = Date.now();
    a.setReadDeadline(A_LONG_TIME_AGO);
    const res = await r;
    expect(Date.now() - start).toBeLessThan(1000);
    expect(!res.ok && isTimeout(res.err)).toBe(true);
  });

  it("the pipe works again after a timeout", async () => {
    const [a, b] = pipe();
    a.setDeadline(Date.now() + 10);
    const r = await settle(a.read(new Uint8Array(4)));
    expect(!r.ok && isTimeout(r.err)).toBe(true);
    a.setDeadline(null);
    const w = b.write("back");
    expect(dec(await readN(a, 4))).toBe("back");
    await w;
  });

  it("a timed-out read's buffer is never written later", async () => {
    const [a, b] = pipe();
    const buf = new Uint8Array(4);
    a.setReadDeadline(Date.now() + 5);
    const r = await settle(a.read(buf));
    expect(r.ok).toBe(false);
    a.setReadDeadline(null);
    const w = b.write("zzzz");
    const other = await readN(a, 4);
    await w;
    expect(dec(other)).toBe("zzzz");
    expect(Array.from(buf)).toEqual([0, 0, 0, 0]);
  });
});

// Bounded: before the fix these cases hung until the suite timeout.
describe("pipe: detached buffers", { timeout: 5_000 }, () => {
  /** Detaches (transfers away) the ArrayBuffer under `view`. */
  const detach = (view: Uint8Array): void => void structuredClone(view.buffer, { transfer: [view.buffer as ArrayBuffer] });

  /** The OpError a pipe op whose buffer was detached while pending rejects with. */
  function expectDetachedOpError(err: unknown, op: "read" | "write"): OpError {
    expect(err).toBeInstanceOf(OpError);
    const e = err as OpError;
    expect(e.op).toBe(op);
    expect(e.net).toBe("pipe");
    expect(e.err).toBeInstanceOf(TypeError);
    expect(e.err.message).toBe("the buffer was detached while the operation was pending");
    return e;
  }

  // Regression (issue #8, defect 7): the matching setImmediate threw an
  // uncaught TypeError (the process died) and both ends stayed pending.
  it("a read whose buffer is detached while pending rejects; the writer's bytes go to the next read", async () => {
    const [a, b] = pipe();
    const buf = new Uint8Array(8);
    const r = settle(a.read(buf));
    await tick();
    detach(buf);
    const w = b.write("hello");
    const res = await r;
    expect(res.ok).toBe(false);
    expectDetachedOpError(!res.ok && res.err, "read");
    expect(dec(await readN(a, 5))).toBe("hello");
    expect(await w).toBe(5);
    await a.close();
    await b.close();
  });

  it("a write whose buffer is detached while pending rejects with what the peer read; the reader waits for the next write", async () => {
    const [a, b] = pipe();
    const data = new Uint8Array(10).fill(7);
    const w = settle(a.write(data));
    expect(Array.from(await readN(b, 4))).toEqual([7, 7, 7, 7]);
    detach(data);
    const next = track(b.read(new Uint8Array(16)));
    const res = await w;
    expect(res.ok).toBe(false);
    expect(expectDetachedOpError(!res.ok && res.err, "write").bytesWritten).toBe(4);
    await sleep(5);
    expect(next.settled).toBe(false);
    await a.write("after");
    expect(await next.promise).toBe(5);
    await a.close();
    await b.close();
  });

  it("a write detached before any byte moved reports bytesWritten 0, and later writes keep their order", async () => {
    const [a, b] = pipe();
    const data = new Uint8Array(3).fill(1);
    const first = settle(a.write(data));
    const second = a.write("xyz");
    detach(data);
    expect(dec(await readN(b, 3))).toBe("xyz");
    const res = await first;
    expect(!res.ok && expectDetachedOpError(res.err, "write").bytesWritten).toBe(0);
    expect(await second).toBe(3);
    await a.close();
    await b.close();
  });

  it("a buffer already detached at the call is a TypeError", async () => {
    const [a, b] = pipe();
    const gone = new Uint8Array(4);
    detach(gone);
    await expect(a.read(gone)).rejects.toThrow("gonet: read: buf must be a Uint8Array with its memory attached, got a detached Uint8Array");
    await expect(a.write(gone)).rejects.toThrow("gonet: write: data must be a Uint8Array with its memory attached, got a detached Uint8Array");
    await a.close();
    await b.close();
  });
});
