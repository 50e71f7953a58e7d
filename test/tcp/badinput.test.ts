// Bad input everywhere: wrong types, out-of-range ports and numbers, unknown
// networks, detached and resized buffers. Every case must throw or reject
// with a clear TypeError / RangeError / OpError (AddrError, UnknownNetworkError
// inside) — and never crash the process.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AddrError,
  Dialer,
  ListenConfig,
  OpError,
  TCPAddr,
  type TCPListener,
  UnknownNetworkError,
  constants as C,
  copy,
  debugStats,
  dial,
  dialTimeout,
  listen,
  parseIP,
} from "../../lib/index.js";
import { native } from "../../lib/internal/binding.js";
import {
  connectedPair,
  expectCountersZero,
  expectRoundTrip,
  forceGC,
  readFull,
  rejection,
  sleep,
  type Pair,
  within,
} from "../helpers/tcp.js";

/** The error `fn` throws synchronously or rejects with (fails if it succeeds). */
async function failure(fn: () => unknown): Promise<any> {
  let result: unknown;
  try {
    result = fn();
  } catch (err) {
    return err;
  }
  if (result instanceof Promise) return rejection(result, 20_000);
  throw new Error(`expected a throw or a rejection, got ${String(result)}`);
}

/** A TypeError, or an OpError wrapping one (the network name is checked inside dial/listen). */
function expectTypeError(err: unknown): void {
  if (err instanceof OpError) expect(err.err).toBeInstanceOf(TypeError);
  else expect(err).toBeInstanceOf(TypeError);
  expect((err as Error).message.length).toBeGreaterThan(0);
}

function expectRangeOrTypeError(err: unknown): void {
  const inner = err instanceof OpError ? err.err : err;
  expect(inner instanceof RangeError || inner instanceof TypeError).toBe(true);
}

/** An ArrayBuffer that can shrink (ES2024; the project's lib setting predates its types). */
interface Resizable extends ArrayBuffer {
  resize(n: number): void;
}
function resizable(length: number, maxByteLength: number): Resizable {
  const Ctor = ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => Resizable;
  return new Ctor(length, { maxByteLength });
}

function detached(n: number): Uint8Array {
  const buf = new Uint8Array(n);
  structuredClone(buf.buffer, { transfer: [buf.buffer] });
  return buf;
}

// Conns under test; checked to still work at the end (nothing got wedged).
let ln: TCPListener;
let p: Pair;

beforeAll(async () => {
  ln = await listen("tcp", "127.0.0.1:0");
  p = await connectedPair(ln);
});

afterAll(async () => {
  // The process survived all of it and the conn still works.
  await expectRoundTrip(p.client, p.server, "alive");
  await p.close();
  await ln.close();
  // Drop the module's references so GC can free the native sockets.
  p = undefined as never;
  ln = undefined as never;
  await expectCountersZero();
});

describe("read and write arguments", () => {
  it("read(x) with a non-Uint8Array throws TypeError", async () => {
    for (const bad of [42, "buf", {}, [1, 2], null, true, new Uint16Array(4), new DataView(new ArrayBuffer(4)), new ArrayBuffer(4)]) {
      expectTypeError(await failure(() => p.server.read(bad as never)));
    }
  });

  it("write(x) with neither a Uint8Array nor a string throws TypeError", async () => {
    for (const bad of [{}, 42, null, undefined, [1, 2, 3], new Uint16Array(2), new ArrayBuffer(4), Symbol("s"), 10n]) {
      expectTypeError(await failure(() => p.client.write(bad as never)));
    }
  });

  it("Buffer and SharedArrayBuffer-backed Uint8Arrays are fine", async () => {
    const shared = new Uint8Array(new SharedArrayBuffer(8)).fill(0x41);
    expect(await p.client.write(shared)).toBe(8);
    const into = new Uint8Array(new SharedArrayBuffer(8));
    expect(await within(p.server.read(into), 10_000)).toBeGreaterThan(0);
    await p.client.write(Buffer.from("buffer"));
    const rest = 8 + 6 - (into.filter((b) => b === 0x41).length);
    await readFull(p.server, rest);
  });
});

describe("detached and resized buffers", () => {
  // Regression: a buffer detached before the call used to be read as a zero-length buffer (read resolved 0 forever, write resolved 0).
  it("read and write reject a buffer that is already detached with a TypeError", async () => {
    for (let i = 0; i < 3; i++) {
      expectTypeError(await failure(() => p.server.read(detached(16))));
      expectTypeError(await failure(() => p.client.write(detached(16))));
    }
    // Nothing was sent or consumed: the stream is intact.
    await expectRoundTrip(p.client, p.server, "intact");
  });

  it("a buffer detached while its read is pending: the read rejects, the data stays in the stream", async () => {
    const buf = new Uint8Array(16);
    const pending = p.server.read(buf);
    await sleep(20);
    structuredClone(buf.buffer, { transfer: [buf.buffer] });
    await p.client.write("survives");
    const err = await rejection(pending, 10_000);
    expect(err).toBeInstanceOf(OpError);
    expect((err as OpError).message).toMatch(/detached/);
    expect(Buffer.from(await readFull(p.server, 8)).toString()).toBe("survives");
  });

  it("a buffer detached while its write is pending: the write rejects with bytesWritten, nothing more is sent", async () => {
    const q = await connectedPair(ln);
    try {
      const big = new Uint8Array(64 * 1024 * 1024).fill(5);
      const pending = q.client.write(big);
      await sleep(200);
      structuredClone(big.buffer, { transfer: [big.buffer] });
      // Waking the write: let the peer drain.
      const draining = (async () => {
        let n = 0;
        for await (const chunk of q.server) n += chunk.length;
        return n;
      })();
      const err = (await rejection(pending, 20_000)) as OpError;
      expect(err).toBeInstanceOf(OpError);
      expect(err.message).toMatch(/detached/);
      expect(err.bytesWritten).toBeGreaterThan(0);
      await q.client.closeWrite();
      expect(await within(draining, 20_000)).toBe(err.bytesWritten);
    } finally {
      await q.close();
    }
  }, 60_000);

  it("a resizable buffer shrunk while its read is pending is never written past its end", async () => {
    const rab = resizable(16, 64);
    const view = new Uint8Array(rab);
    const pending = p.server.read(view);
    await sleep(10);
    rab.resize(0);
    await p.client.write("abcdef");
    const err = await rejection(pending, 10_000);
    expect(err).toBeInstanceOf(OpError);
    expect(Buffer.from(await readFull(p.server, 6)).toString()).toBe("abcdef");
    // A fixed-length view that falls out of bounds behaves the same.
    const rab2 = resizable(16, 64);
    const fixed = new Uint8Array(rab2, 0, 16);
    const pending2 = p.server.read(fixed);
    await sleep(10);
    rab2.resize(4);
    await p.client.write("zz");
    expect(await rejection(pending2, 10_000)).toBeInstanceOf(OpError);
    expect(Buffer.from(await readFull(p.server, 2)).toString()).toBe("zz");
  });
});

describe("dial and listen arguments", () => {
  it("dial with non-string network or address", async () => {
    expectTypeError(await failure(() => dial(1 as never, 2 as never)));
    expectTypeError(await failure(() => dial("tcp", 5 as never)));
    expectTypeError(await failure(() => dial(null as never, ln.addr.toString())));
    expectTypeError(await failure(() => dial(1 as never, ln.addr.toString())));
    expectTypeError(await failure(() => dial("tcp", undefined as never)));
    expectTypeError(await failure(() => dial("tcp", { host: "127.0.0.1" } as never)));
  });

  it("listen with non-string network or address", async () => {
    expectTypeError(await failure(() => listen("tcp", 5 as never)));
    expectTypeError(await failure(() => listen(5 as never, "127.0.0.1:0")));
    expectTypeError(await failure(() => listen("tcp", null as never)));
  });

  it("a bad signal option is a TypeError", async () => {
    expectTypeError(await failure(() => dial("tcp", ln.addr.toString(), { signal: "nope" as never })));
    expectTypeError(await failure(() => dial("tcp", ln.addr.toString(), null as never)));
  });

  it("unknown networks: OpError wrapping UnknownNetworkError", async () => {
    for (const net of ["foo", "TCP", "tcp5", "tcp4 ", "ip", "ip4", "tcp:6", "", "udp4:1"]) {
      for (const f of [() => dial(net, "127.0.0.1:80"), () => listen(net, "127.0.0.1:0")]) {
        const err = await failure(f);
        expect(err).toBeInstanceOf(OpError);
        expect((err as OpError).err).toBeInstanceOf(UnknownNetworkError);
        expect((err as OpError).message).toMatch(/unknown network /);
      }
    }
  });

  it("ports out of range: OpError wrapping AddrError `invalid port`", async () => {
    for (const port of ["65536", "99999", "-1", "-65536", "4294967297", "100000000000000000000"]) {
      for (const f of [() => dial("tcp", `127.0.0.1:${port}`), () => listen("tcp", `127.0.0.1:${port}`)]) {
        const err = await failure(f);
        expect(err).toBeInstanceOf(OpError);
        expect((err as OpError).err).toBeInstanceOf(AddrError);
        expect((err as OpError).message).toMatch(/: invalid port$/);
      }
    }
  });

  it("unknown service names and malformed addresses reject with an OpError", async () => {
    for (const address of ["127.0.0.1:nosuchservice", "127.0.0.1:0x50", "[::1:80", "::1:80", "127.0.0.1:80]", "a:b:c"]) {
      const err = await failure(() => dial("tcp", address));
      expect(err).toBeInstanceOf(OpError);
      expect((err as OpError).message.startsWith("dial tcp")).toBe(true);
    }
  });

  it("a local address with an out-of-range port fails the dial cleanly", async () => {
    for (const port of [70000, -1]) {
      const err = await failure(() =>
        new Dialer({ localAddr: new TCPAddr(parseIP("127.0.0.1"), port) }).dial("tcp", ln.addr.toString()),
      );
      expect(err).toBeInstanceOf(OpError);
    }
    const err = await failure(() =>
      new Dialer({ localAddr: new TCPAddr(parseIP("127.0.0.1"), 1.5) }).dial("tcp", ln.addr.toString()),
    );
    expectRangeOrTypeError(err);
    // A string where an Addr belongs: Go's "mismatched local address type".
    const str = await failure(() => new Dialer({ localAddr: "127.0.0.1:0" as never }).dial("tcp", ln.addr.toString()));
    expect(str).toBeInstanceOf(OpError);
    expect((str as OpError).message).toMatch(/mismatched local address type$/);
  });
});

describe("Dialer and ListenConfig options", () => {
  it("new Dialer with wrongly typed options throws TypeError", () => {
    for (const opts of [{ timeout: "x" }, { keepAlive: "15s" }, { control: 5 }, { deadline: "tomorrow" }, { deadline: {} }]) {
      expect(() => new Dialer(opts as never), JSON.stringify(opts)).toThrow(TypeError);
    }
    // A number that is NaN is the right type with a bad value.
    expect(() => new Dialer({ timeout: NaN })).toThrow(RangeError);
    expect(() => new Dialer({ fallbackDelay: NaN })).toThrow(RangeError);
    expect(() => new Dialer(null as never)).toThrow(TypeError);
    expect(() => new Dialer("x" as never)).toThrow(TypeError);
  });

  // Regression: an invalid Date used to be accepted and silently mean "no deadline".
  it("new Dialer with an invalid Date deadline throws TypeError", () => {
    expect(() => new Dialer({ deadline: new Date("not a date") })).toThrow(TypeError);
  });

  // Regression: a non-object keepAliveConfig used to be silently ignored.
  it("new Dialer with a non-object keepAliveConfig throws TypeError", async () => {
    const err = await failure(() => new Dialer({ keepAliveConfig: "x" as never }).dial("tcp", ln.addr.toString()));
    expectTypeError(err);
  });

  it("dialTimeout with a non-number timeout throws TypeError", async () => {
    expectTypeError(await failure(() => dialTimeout("tcp", ln.addr.toString(), "x" as never)));
  });

  it("bad keepAliveConfig fields fail the dial or listen with a TypeError or RangeError", async () => {
    expectTypeError(
      await failure(() => new Dialer({ keepAliveConfig: { enable: true, idle: "x" as never } }).dial("tcp", ln.addr.toString())),
    );
    expectRangeOrTypeError(
      await failure(() =>
        new ListenConfig({ keepAliveConfig: { enable: true, count: NaN } }).listen("tcp", "127.0.0.1:0"),
      ),
    );
  });

  it("new ListenConfig with bad options throws TypeError/RangeError", async () => {
    expect(() => new ListenConfig({ backlog: -1 })).toThrow(RangeError);
    expect(() => new ListenConfig({ backlog: 1.5 })).toThrow(RangeError);
    expect(() => new ListenConfig({ backlog: "x" as never })).toThrow(TypeError);
    expect(() => new ListenConfig({ control: 1 as never })).toThrow(TypeError);
    expect(() => new ListenConfig({ keepAlive: "x" as never })).toThrow(TypeError);
    expect(() => new ListenConfig(null as never)).toThrow(TypeError);
  });

  // Regression: a backlog the native listen rejected used to leave the socket open until GC.
  it("a backlog too big for listen(2) is rejected without leaking the socket", async () => {
    const before = debugStats().openFds;
    try {
      expectRangeOrTypeError(await failure(() => new ListenConfig({ backlog: 2 ** 40 }).listen("tcp", "127.0.0.1:0")));
      expect(debugStats().openFds).toBe(before);
    } finally {
      // Let GC reclaim the leaked socket so the file's counter check stays meaningful.
      for (let i = 0; i < 50 && debugStats().openFds > before; i++) {
        forceGC();
        await sleep(20);
      }
    }
  });
});

describe("deadlines and options on a live conn", () => {
  it('setDeadline("x") and friends throw TypeError (NaN and an invalid Date too)', () => {
    for (const bad of ["x", {}, NaN, new Date("x"), true, 1n]) {
      expect(() => p.server.setDeadline(bad as never)).toThrow(TypeError);
      expect(() => p.server.setReadDeadline(bad as never)).toThrow(TypeError);
      expect(() => p.server.setWriteDeadline(bad as never)).toThrow(TypeError);
    }
  });

  it("setsockopt with NaN, fractions, non-numbers and huge numbers throws TypeError/RangeError", () => {
    const raw = p.server.syscallConn();
    expect(() => raw.setsockopt(NaN, C.SO_KEEPALIVE, 1)).toThrow(RangeError);
    expect(() => raw.setsockopt(C.SOL_SOCKET, NaN, 1)).toThrow(RangeError);
    expect(() => raw.setsockopt(C.SOL_SOCKET, C.SO_KEEPALIVE, NaN)).toThrow(RangeError);
    expect(() => raw.setsockopt(C.SOL_SOCKET, C.SO_KEEPALIVE, 1.5)).toThrow(RangeError);
    expect(() => raw.setsockopt(C.SOL_SOCKET, C.SO_KEEPALIVE, "1" as never)).toThrow(TypeError);
    expect(() => raw.setsockopt(C.SOL_SOCKET, C.SO_KEEPALIVE, Infinity)).toThrow(RangeError);
    expect(() => raw.setsockopt(C.SOL_SOCKET, C.SO_KEEPALIVE, 2 ** 40)).toThrow(RangeError);
    expect(() => raw.setsockopt(C.SOL_SOCKET, C.SO_KEEPALIVE, -(2 ** 40))).toThrow(RangeError);
    expect(() => raw.setsockopt(2 ** 33, C.SO_KEEPALIVE, 1)).toThrow(RangeError);
    expect(() => raw.setsockopt(C.SOL_SOCKET, 2 ** 33, 1)).toThrow(RangeError);
    expect(() => raw.setsockopt(C.SOL_SOCKET, C.SO_KEEPALIVE, null as never)).toThrow(TypeError);
    // Unchanged by all of that.
    expect(raw.getsockopt(C.SOL_SOCKET, C.SO_KEEPALIVE)).toBe(1);
  });

  // Winsock answers a too-short option value with WSAEFAULT.
  it("setsockopt with an empty byte value is an errno (EINVAL; EFAULT on Windows), not a crash", () => {
    const raw = p.server.syscallConn();
    let err: unknown;
    try {
      raw.setsockopt(C.SOL_SOCKET, C.SO_LINGER, new Uint8Array(0));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OpError);
    expect((err as OpError).code).toBe(native.platform.os === "win32" ? "EFAULT" : "EINVAL");
  });

  it("getsockopt with size -1 / 1e9 / fractions / strings throws RangeError or TypeError", () => {
    const raw = p.server.syscallConn();
    expect(() => raw.getsockopt(C.IPPROTO_TCP, C.TCP_NODELAY, -1)).toThrow(RangeError);
    expect(() => raw.getsockopt(C.IPPROTO_TCP, C.TCP_NODELAY, 1e9)).toThrow(RangeError);
    expect(() => raw.getsockopt(C.IPPROTO_TCP, C.TCP_NODELAY, 2 ** 40)).toThrow(RangeError);
    expect(() => raw.getsockopt(C.IPPROTO_TCP, C.TCP_NODELAY, 1.5)).toThrow(RangeError);
    expect(() => raw.getsockopt(C.IPPROTO_TCP, C.TCP_NODELAY, "4" as never)).toThrow(TypeError);
    expect(() => raw.getsockopt(NaN, C.TCP_NODELAY)).toThrow(RangeError);
    expect(() => raw.getsockopt(C.IPPROTO_TCP, undefined as never)).toThrow(TypeError);
  });

  it("control with a non-function throws TypeError; an error thrown by fn propagates as is", () => {
    const raw = p.server.syscallConn();
    expect(() => raw.control(5 as never)).toThrow(TypeError);
    const mine = new RangeError("mine");
    expect(() =>
      raw.control(() => {
        throw mine;
      }),
    ).toThrow(mine);
  });

  it("TCPConn setters with wrong types throw TypeError, bad numbers RangeError", () => {
    expect(() => p.server.setLinger("x" as never)).toThrow(TypeError);
    expect(() => p.server.setLinger(1.5)).toThrow(RangeError);
    expect(() => p.server.setReadBuffer("x" as never)).toThrow(TypeError);
    expect(() => p.server.setReadBuffer(NaN)).toThrow(RangeError);
    expect(() => p.server.setWriteBuffer(2 ** 40)).toThrow(RangeError);
    expect(() => p.server.setKeepAlivePeriod(NaN)).toThrow(RangeError);
    expect(() => p.server.setKeepAlivePeriod("x" as never)).toThrow(TypeError);
    expect(() => p.server.setKeepAliveConfig("x" as never)).toThrow(TypeError);
    expect(() => p.server.setKeepAliveConfig(null as never)).toThrow(TypeError);
    expect(() => p.server.setKeepAliveConfig({ enable: true, interval: Infinity })).toThrow(RangeError);
  });

  it("copy with non-Conns throws TypeError", async () => {
    expectTypeError(await failure(() => copy(null as never, p.server)));
    expectTypeError(await failure(() => copy(p.server, {} as never)));
  });

  it("listener setDeadline with a bad value throws TypeError", () => {
    expect(() => ln.setDeadline("soon" as never)).toThrow(TypeError);
  });
});
