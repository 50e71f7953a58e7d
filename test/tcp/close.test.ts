// Close semantics: pending and later operations fail with ErrClosed and Go's
// messages, double close, addresses after close, listener close vs accepted
// conns, close from completion handlers, iteration ending, asyncDispose.

import { afterAll, describe, expect, it } from "vitest";
import { ErrClosed, OpError, type TCPConn, debugStats, errorIs, isTimeout } from "../../lib/index.js";
import {
  connectedPair,
  dialTCP,
  expectCountersZero,
  expectOpError,
  expectRoundTrip,
  forceGC,
  localListener,
  readAll,
  readFull,
  rejection,
  sleep,
  stillPending,
  withListener,
  withPair,
  within,
} from "../helpers/tcp.js";

const MiB = 1024 * 1024;

afterAll(async () => {
  await expectCountersZero();
});

function expectClosed(err: unknown, message: string): void {
  expectOpError(err, message);
  expect(errorIs(err, ErrClosed)).toBe(true);
  expect(isTimeout(err)).toBe(false);
  expect((err as OpError).err).toBe(ErrClosed);
}

describe("close rejects pending operations with ErrClosed", () => {
  it("pending reads (both forms): `read tcp L->R: use of closed network connection`", async () => {
    await withPair(async (p) => {
      const c = p.client;
      const l = c.localAddr.toString();
      const r = c.remoteAddr.toString();
      const reads = [c.read(new Uint8Array(8)), c.read(), c.read(new Uint8Array(1))];
      expect(await stillPending(reads[0], 30)).toBe(true);
      await c.close();
      for (const pending of reads) expectClosed(await rejection(pending, 5000), `read tcp ${l}->${r}: use of closed network connection`);
      expect(debugStats().parkedOps).toBe(0);
    });
  });

  it("a pending write: `write tcp L->R: use of closed network connection`, buffer released", async () => {
    await withPair(async (p) => {
      const c = p.client;
      const l = c.localAddr.toString();
      const r = c.remoteAddr.toString();
      const write = c.write(new Uint8Array(64 * MiB));
      expect(await stillPending(write, 200)).toBe(true);
      expect(debugStats().heldBuffers).toBeGreaterThanOrEqual(1);
      await c.close();
      const err = await rejection(write, 5000);
      expectClosed(err, `write tcp ${l}->${r}: use of closed network connection`);
      expect(err.bytesWritten).toBeGreaterThanOrEqual(0);
      expect(err.bytesWritten).toBeLessThan(64 * MiB);
      expect(debugStats().heldBuffers).toBe(0);
      expect(debugStats().parkedOps).toBe(0);
    });
  });

  it("pending reads and writes on the same conn all fail, in call order", async () => {
    await withPair(async (p) => {
      const c = p.client;
      const order: string[] = [];
      const ops = [
        c.read(new Uint8Array(1)).catch((e) => (order.push("r1"), e)),
        c.write(new Uint8Array(64 * MiB)).catch((e) => (order.push("w1"), e)),
        c.read().catch((e) => (order.push("r2"), e)),
        c.write(new Uint8Array(10)).catch((e) => (order.push("w2"), e)),
      ];
      await sleep(100);
      await c.close();
      const errs = await within(Promise.all(ops), 5000);
      for (const e of errs) expect(errorIs(e, ErrClosed)).toBe(true);
      expect(order.filter((x) => x.startsWith("r"))).toEqual(["r1", "r2"]);
      expect(order.filter((x) => x.startsWith("w"))).toEqual(["w1", "w2"]);
    });
  });

  it("a pending accept: `accept tcp A: use of closed network connection`", async () => {
    const ln = await localListener();
    const a = ln.addr.toString();
    const pending = ln.accept();
    expect(await stillPending(pending, 30)).toBe(true);
    await ln.close();
    expectClosed(await rejection(pending, 5000), `accept tcp ${a}: use of closed network connection`);
  });
});

describe("after close", () => {
  it("later reads, writes and half-closes fail the same way", async () => {
    await withPair(async (p) => {
      const c = p.server;
      await c.close();
      const l = c.localAddr.toString();
      const r = c.remoteAddr.toString();
      expectClosed(await rejection(c.read(new Uint8Array(4))), `read tcp ${l}->${r}: use of closed network connection`);
      expectClosed(await rejection(c.read()), `read tcp ${l}->${r}: use of closed network connection`);
      expectClosed(await rejection(c.read(new Uint8Array(0))), `read tcp ${l}->${r}: use of closed network connection`);
      expectClosed(await rejection(c.write("x")), `write tcp ${l}->${r}: use of closed network connection`);
      expectClosed(await rejection(c.write(new Uint8Array(0))), `write tcp ${l}->${r}: use of closed network connection`);
      expectClosed(await rejection(c.closeWrite()), `close tcp ${l}->${r}: use of closed network connection`);
      expectClosed(await rejection(c.closeRead()), `close tcp ${l}->${r}: use of closed network connection`);
    });
  });

  it("later accepts fail: `accept tcp A: use of closed network connection`", async () => {
    const ln = await localListener();
    const a = ln.addr.toString();
    await ln.close();
    expectClosed(await rejection(ln.accept()), `accept tcp ${a}: use of closed network connection`);
    expectClosed(await rejection(ln.accept()), `accept tcp ${a}: use of closed network connection`);
  });

  it("option setters throw `set tcp L: use of closed network connection`", async () => {
    const p = await connectedPair();
    const l = p.client.localAddr.toString();
    await p.close();
    for (const f of [
      () => p.client.setNoDelay(true),
      () => p.client.setKeepAlive(true),
      () => p.client.setKeepAlivePeriod(1000),
      () => p.client.setLinger(0),
      () => p.client.setReadBuffer(4096),
      () => p.client.setWriteBuffer(4096),
    ]) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expectClosed(err, `set tcp ${l}: use of closed network connection`);
    }
  });

  // Regression: control() after close used to run fn with fd -1.
  it("RawConn.control after close does not run fn and fails with ErrClosed", async () => {
    const p = await connectedPair();
    const raw = p.client.syscallConn();
    await p.close();
    let ran = false;
    let err: unknown;
    try {
      raw.control(() => (ran = true));
    } catch (e) {
      err = e;
    }
    expect(ran).toBe(false);
    expect(errorIs(err, ErrClosed)).toBe(true);
  });

  it("closing twice (and concurrently) is harmless", async () => {
    const p = await connectedPair();
    await p.client.close();
    await expect(p.client.close()).resolves.toBeUndefined();
    await expect(Promise.all([p.server.close(), p.server.close(), p.server.close()])).resolves.toBeDefined();
    await expect(p.ln.close()).resolves.toBeUndefined();
    await expect(p.ln.close()).resolves.toBeUndefined();
    expect(debugStats().openFds).toBe(0);
  });

  it("localAddr and remoteAddr still work after close (dialed and accepted), fd is -1", async () => {
    const p = await connectedPair();
    const fd = p.client.fd;
    expect(fd).toBeGreaterThan(2);
    await p.close();
    expect(p.client.localAddr.toString()).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(p.client.remoteAddr.toString()).toBe(p.ln.addr.toString());
    expect(p.server.localAddr.toString()).toBe(p.ln.addr.toString());
    expect(p.server.remoteAddr.toString()).toBe(p.client.localAddr.toString());
    expect(p.ln.addr.toString()).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(p.client.fd).toBe(-1);
  });
});

describe("close and the peer", () => {
  it("close with the default linger still delivers queued data, then EOF", async () => {
    await withPair(async (p) => {
      const data = new Uint8Array(4 * MiB).map((_, i) => i & 0xff);
      const reading = readAll(p.server);
      // Close as soon as the kernel has taken everything (much of it still queued).
      expect(await within(p.client.write(data), 30_000, "write")).toBe(data.length);
      await p.client.close();
      const got = await within(reading, 30_000, "read");
      expect(got.length).toBe(data.length);
      expect(Buffer.from(got).equals(Buffer.from(data))).toBe(true);
    });
  });

  it("closing the listener does not close accepted conns", async () => {
    await withPair(async (p) => {
      await p.ln.close();
      await expectRoundTrip(p.client, p.server, "ping");
      await expectRoundTrip(p.server, p.client, "pong");
    });
  });

  it("closing one conn does not disturb another on the same listener", async () => {
    const ln = await localListener();
    const a = await connectedPair(ln);
    const b = await connectedPair(ln);
    try {
      await a.close();
      await expectRoundTrip(b.client, b.server, "b");
    } finally {
      await b.close();
      await ln.close();
    }
  });
});

describe("close from inside completion handlers", () => {
  it("closing in a read's .then rejects the next pending read with ErrClosed", async () => {
    await withPair(async (p) => {
      const s = p.server;
      const first = s.read(new Uint8Array(4)).then(async (n) => {
        await s.close();
        return n;
      });
      const second = s.read(new Uint8Array(4));
      await p.client.write("abcd");
      expect(await within(first, 5000)).toBe(4);
      expect(errorIs(await rejection(second, 5000), ErrClosed)).toBe(true);
    });
  });

  it("closing synchronously inside the completion (no await) is safe", async () => {
    await withPair(async (p) => {
      const s = p.server;
      let closedInside = false;
      const first = s.read().then((chunk) => {
        void s.close();
        closedInside = true;
        return chunk;
      });
      const rest = [s.read(), s.read(new Uint8Array(2))];
      await p.client.write("x");
      expect(Buffer.from((await within(first, 5000))!).toString()).toBe("x");
      expect(closedInside).toBe(true);
      for (const r of rest) expect(errorIs(await rejection(r, 5000), ErrClosed)).toBe(true);
    });
  });

  it("closing inside a write's completion and inside an accept's completion", async () => {
    const ln = await localListener();
    const acceptedAndClosed = ln.accept().then(async (conn) => {
      await ln.close();
      return conn;
    });
    const nextAccept = ln.accept();
    const c = await dialTCP(ln.addr.toString());
    const s = await within(acceptedAndClosed, 5000);
    expect(errorIs(await rejection(nextAccept, 5000), ErrClosed)).toBe(true);

    const w = c.write("last").then(async (n) => {
      await c.close();
      return n;
    });
    expect(await within(w, 5000)).toBe(4);
    expect(c.fd).toBe(-1);
    expect(errorIs(await rejection(c.write("never")), ErrClosed)).toBe(true);
    expect(Buffer.from(await readAll(s)).toString()).toBe("last");
    await s.close();
  });

  it("closing the peer inside a completion, in a loop (many pairs)", async () => {
    await withListener(async (ln) => {
      for (let i = 0; i < 50; i++) {
        const p = await connectedPair(ln);
        const done = p.server.read().then(() => p.server.close());
        const eof = p.client.read();
        await p.client.write("bye");
        await within(done, 5000);
        expect(await within(eof, 5000)).toBeNull();
        await p.close();
      }
    });
  });
});

describe("iteration and disposal", () => {
  it("async iteration over a listener ends when it is closed", async () => {
    const ln = await localListener();
    const seen: TCPConn[] = [];
    const loop = (async () => {
      for await (const conn of ln) seen.push(conn);
      return "ended";
    })();
    const c1 = await dialTCP(ln.addr.toString());
    const c2 = await dialTCP(ln.addr.toString());
    for (let i = 0; i < 100 && seen.length < 2; i++) await sleep(10);
    await ln.close();
    expect(await within(loop, 5000, "listener iteration")).toBe("ended");
    expect(seen.length).toBe(2);
    for (const c of [c1, c2, ...seen]) await c.close();
  });

  it("async iteration over a conn closed locally rejects with ErrClosed", async () => {
    await withPair(async (p) => {
      const loop = (async () => {
        for await (const _ of p.server) {
          // nothing arrives
        }
      })();
      await sleep(30);
      await p.server.close();
      expect(errorIs(await rejection(loop, 5000), ErrClosed)).toBe(true);
    });
  });

  it("await using closes conns and listeners (Symbol.asyncDispose)", async () => {
    let outer: { ln: unknown; c: TCPConn; s: TCPConn } | undefined;
    {
      await using ln = await localListener();
      await using c = await dialTCP(ln.addr.toString());
      await using s = await ln.accept();
      await expectRoundTrip(c, s, "hi");
      outer = { ln, c, s };
    }
    expect(outer.c.fd).toBe(-1);
    expect(outer.s.fd).toBe(-1);
    expect(errorIs(await rejection(outer.c.read()), ErrClosed)).toBe(true);
    expect(errorIs(await rejection((outer.ln as { accept(): Promise<unknown> }).accept()), ErrClosed)).toBe(true);
    // Disposing by hand (and again) is harmless.
    await outer.c[Symbol.asyncDispose]();
    await outer.s[Symbol.asyncDispose]();
  });
});

describe("garbage collection", () => {
  it("an unreachable, never-closed pair is collected safely and its fds released", async () => {
    const before = debugStats().openFds;
    await (async () => {
      const p = await connectedPair();
      await p.client.write("abandoned");
      await p.ln.close();
      // p.client and p.server are dropped without close().
    })();
    expect(debugStats().openFds).toBe(before + 2);
    for (let i = 0; i < 50 && debugStats().openFds > before; i++) {
      forceGC();
      await sleep(20);
    }
    expect(debugStats().openFds).toBe(before);
  });
});
