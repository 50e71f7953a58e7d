// Dialing: refused, timeout, abort, Dialer.deadline, local address binding,
// the control hook, IPv6, Happy Eyeballs across ::1 and 127.0.0.1, and the
// address/network errors, with Go's exact messages.

import dns from "node:dns";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import {
  AddrError,
  Dialer,
  ErrCanceled,
  ErrDeadlineExceeded,
  OpError,
  TCPAddr,
  type TCPConn,
  type TCPListener,
  UDPAddr,
  UnknownNetworkError,
  constants as C,
  dial,
  dialTimeout,
  errorIs,
  isTimeout,
  listen,
  parseIP,
} from "../../lib/index.js";
import { native } from "../../lib/internal/binding.js";
import {
  blackhole,
  expectCountersZero,
  expectOpError,
  expectRoundTrip,
  localListener,
  readFull,
  rejection,
  sleep,
  withListener,
  within,
} from "../helpers/tcp.js";

afterEach(() => {
  vi.restoreAllMocks();
});

afterAll(async () => {
  await expectCountersZero();
});

/** A loopback port nobody listens on (it was just free). */
async function closedPort(network: "tcp4" | "tcp6" = "tcp4"): Promise<number> {
  const ln = await localListener(network);
  const port = ln.addr.port;
  await ln.close();
  return port;
}

/** Listeners on ::1:P and 127.0.0.1:P (the same P), built by `make`. */
async function onBothFamilies<A, B>(
  make6: (port: number) => Promise<A>,
  make4: (port: number) => Promise<B>,
  port6 = async (a: A) => (a as unknown as { ln: TCPListener }).ln?.addr.port ?? (a as unknown as TCPListener).addr.port,
): Promise<[A, B]> {
  let lastErr: unknown;
  for (let i = 0; i < 10; i++) {
    const a = await make6(0);
    const p = await port6(a);
    try {
      return [a, await make4(p)];
    } catch (err) {
      lastErr = err;
      await (a as unknown as { close(): Promise<void> }).close();
    }
  }
  throw lastErr;
}

/** Makes the system resolver answer `addrs` (in this order) for any name. */
function fakeResolver(...addrs: string[]) {
  return vi.spyOn(dns.promises, "lookup").mockImplementation((async () =>
    addrs.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }))) as never);
}

describe("errors", () => {
  it("connection refused: Go's message, ECONNREFUSED, an OpError with the remote address", async () => {
    const port = await closedPort();
    const err = await rejection(dial("tcp", `127.0.0.1:${port}`));
    expectOpError(err, `dial tcp 127.0.0.1:${port}: connect: connection refused`, "ECONNREFUSED");
    expect(err.op).toBe("dial");
    expect(err.net).toBe("tcp");
    expect(err.source).toBeNull();
    expect(err.addr?.toString()).toBe(`127.0.0.1:${port}`);
    expect(err.errno).toBeLessThan(0);
    expect(err.timeout()).toBe(false);
    expect(isTimeout(err)).toBe(false);
  });

  it("connection refused over IPv6", async () => {
    const port = await closedPort("tcp6");
    const err = await rejection(dial("tcp6", `[::1]:${port}`));
    expectOpError(err, `dial tcp6 [::1]:${port}: connect: connection refused`, "ECONNREFUSED");
  });

  it("unknown network: `dial foo: unknown network foo`", async () => {
    const err = await rejection(dial("foo", "127.0.0.1:80"));
    expectOpError(err, "dial foo: unknown network foo");
    expect(err.err).toBeInstanceOf(UnknownNetworkError);
    for (const net of ["TCP", "tcp5", "tcp4:6", "", "ip4"]) {
      const e = await rejection(dial(net, "127.0.0.1:80"));
      expect(e).toBeInstanceOf(OpError);
      expect((e as OpError).err).toBeInstanceOf(UnknownNetworkError);
      // Go's OpError omits an empty Net: `dial: unknown network `.
      expect((e as OpError).message).toBe(net ? `dial ${net}: unknown network ${net}` : "dial: unknown network ");
    }
  });

  it("missing port: `dial tcp: address 127.0.0.1: missing port in address`", async () => {
    const err = await rejection(dial("tcp", "127.0.0.1"));
    expectOpError(err, "dial tcp: address 127.0.0.1: missing port in address");
    expect(err.err).toBeInstanceOf(AddrError);
  });

  it("bad port: the message contains `address 99999: invalid port`", async () => {
    const err = await rejection(dial("tcp", "127.0.0.1:99999"));
    expect(err).toBeInstanceOf(OpError);
    expect((err as OpError).message).toContain("address 99999: invalid port");
    expect((err as OpError).message).toBe("dial tcp: address 99999: invalid port");
    for (const port of ["65536", "-1", "1000000000000"]) {
      const e = await rejection(dial("tcp", `127.0.0.1:${port}`));
      expect((e as OpError).err).toBeInstanceOf(AddrError);
      expect((e as OpError).message).toMatch(/: invalid port$/);
    }
  });

  it("empty address: `dial tcp: missing address`", async () => {
    const err = await rejection(dial("tcp", ""));
    expectOpError(err, "dial tcp: missing address");
  });

  it("an IPv6 literal needs brackets: `too many colons`", async () => {
    const err = await rejection(dial("tcp", "::1:80"));
    expectOpError(err, "dial tcp: address ::1:80: too many colons in address");
  });

  it("tcp4 to an IPv6 literal finds no suitable address", async () => {
    const err = await rejection(dial("tcp4", "[::1]:80"));
    expectOpError(err, "dial tcp4: address ::1: no suitable address found");
  });
});

describe("timeout", () => {
  it("dialTimeout to a full accept queue fails with `i/o timeout` (a timeout, not ErrDeadlineExceeded)", async () => {
    const bh = await blackhole();
    try {
      const start = Date.now();
      const err = await rejection(dialTimeout("tcp", bh.address, 300), 20_000);
      const took = Date.now() - start;
      expectOpError(err, `dial tcp ${bh.address}: i/o timeout`);
      expect(err.timeout()).toBe(true);
      expect(isTimeout(err)).toBe(true);
      // Go: errors.Is(err, os.ErrDeadlineExceeded) is false for a dial timeout.
      expect(errorIs(err, ErrDeadlineExceeded)).toBe(false);
      expect(took).toBeGreaterThanOrEqual(250);
      expect(took).toBeLessThan(15_000);
    } finally {
      await bh.close();
    }
  });

  it("Dialer.timeout works like dialTimeout; a negative timeout has already expired", async () => {
    const bh = await blackhole();
    try {
      const err = await rejection(new Dialer({ timeout: 200 }).dial("tcp", bh.address), 20_000);
      expectOpError(err, `dial tcp ${bh.address}: i/o timeout`);
      const neg = await rejection(dialTimeout("tcp", bh.address, -1), 5000);
      expectOpError(neg, `dial tcp ${bh.address}: i/o timeout`);
    } finally {
      await bh.close();
    }
  });

  it("Dialer.deadline (Date and epoch ms) bounds the dial", async () => {
    const bh = await blackhole();
    try {
      for (const form of ["date", "ms"]) {
        const start = Date.now();
        const deadline = form === "date" ? new Date(start + 300) : start + 300;
        const err = await rejection(new Dialer({ deadline }).dial("tcp", bh.address), 20_000);
        expectOpError(err, `dial tcp ${bh.address}: i/o timeout`);
        expect(isTimeout(err)).toBe(true);
        expect(Date.now() - start).toBeGreaterThanOrEqual(200);
      }
    } finally {
      await bh.close();
    }
  });

  it("a Dialer.deadline in the past fails at once (against a full accept queue)", async () => {
    const bh = await blackhole();
    try {
      const start = Date.now();
      const err = await rejection(new Dialer({ deadline: Date.now() - 1000 }).dial("tcp", bh.address), 5000);
      expectOpError(err, `dial tcp ${bh.address}: i/o timeout`);
      expect(Date.now() - start).toBeLessThan(3000);
    } finally {
      await bh.close();
    }
  });

  // Regression: an expired dial deadline used to abort only on a setTimeout(0), so a fast loopback connect won most of the time.
  it("an expired dial deadline fails even against a live listener (20 tries each)", async () => {
    const ln = await localListener();
    const accepting = (async () => {
      for await (const c of ln) await c.close();
    })();
    try {
      for (let i = 0; i < 20; i++) {
        const e1 = await rejection(new Dialer({ deadline: Date.now() - 1000 }).dial("tcp", ln.addr.toString()), 5000);
        expectOpError(e1, `dial tcp ${ln.addr}: i/o timeout`);
        const e2 = await rejection(dialTimeout("tcp", ln.addr.toString(), -1), 5000);
        expectOpError(e2, `dial tcp ${ln.addr}: i/o timeout`);
      }
    } finally {
      await ln.close();
      await accepting;
    }
  });

  it("the earlier of timeout and deadline wins", async () => {
    const bh = await blackhole();
    try {
      const start = Date.now();
      const err = await rejection(
        new Dialer({ timeout: 60_000, deadline: Date.now() + 300 }).dial("tcp", bh.address),
        20_000,
      );
      expect(isTimeout(err)).toBe(true);
      expect(Date.now() - start).toBeLessThan(15_000);
    } finally {
      await bh.close();
    }
  });

  it("a timeout does not fire after a successful dial", async () => {
    await withListener(async (ln) => {
      const conn = (await dialTimeout("tcp", ln.addr.toString(), 300)) as TCPConn;
      const peer = await ln.accept();
      await sleep(500);
      await expectRoundTrip(conn, peer, "still fine");
      await conn.close();
      await peer.close();
    });
  });
});

describe("AbortSignal", () => {
  it("aborting a pending dial rejects with `operation was canceled`", async () => {
    const bh = await blackhole();
    try {
      const ac = new AbortController();
      const p = dial("tcp", bh.address, { signal: ac.signal });
      await sleep(100);
      ac.abort();
      const err = await rejection(p, 5000);
      expectOpError(err, `dial tcp ${bh.address}: operation was canceled`);
      expect(errorIs(err, ErrCanceled)).toBe(true);
      expect(isTimeout(err)).toBe(false);
    } finally {
      await bh.close();
    }
  });

  // Regression: an already-aborted signal used to print `dial tcp: operation was canceled` (Go's dialSerial names the address).
  it("an already-aborted signal fails at once: `dial tcp 127.0.0.1:P: operation was canceled`", async () => {
    await withListener(async (ln) => {
      const ac = new AbortController();
      ac.abort();
      const err = await rejection(dial("tcp", ln.addr.toString(), { signal: ac.signal }), 5000);
      expectOpError(err, `dial tcp ${ln.addr}: operation was canceled`);
      expect(errorIs(err, ErrCanceled)).toBe(true);
      expect(isTimeout(err)).toBe(false);
    });
  });

  it("Dialer.dial takes the signal too; aborting after connect changes nothing", async () => {
    await withListener(async (ln) => {
      const ac = new AbortController();
      const conn = (await new Dialer({ timeout: 5000 }).dial("tcp", ln.addr.toString(), { signal: ac.signal })) as TCPConn;
      const peer = await ln.accept();
      ac.abort();
      await sleep(20);
      await expectRoundTrip(conn, peer, "ok");
      await conn.close();
      await peer.close();
    });
  });
});

describe("Dialer options", () => {
  it("localAddr binds the local end (127.0.0.2, a chosen port)", async () => {
    await withListener(async (ln) => {
      const free = await (async () => {
        const l = await listen("tcp4", "127.0.0.2:0");
        const p = l.addr.port;
        await l.close();
        return p;
      })();
      const d = new Dialer({ localAddr: new TCPAddr(parseIP("127.0.0.2"), free) });
      const conn = (await d.dial("tcp", ln.addr.toString())) as TCPConn;
      const peer = await ln.accept();
      expect(conn.localAddr.toString()).toBe(`127.0.0.2:${free}`);
      expect(peer.remoteAddr.toString()).toBe(`127.0.0.2:${free}`);
      await conn.close();
      await peer.close();
    });
  });

  it("localAddr with port 0 binds only the IP", async () => {
    await withListener(async (ln) => {
      const conn = (await new Dialer({ localAddr: new TCPAddr(parseIP("127.0.0.3"), 0) }).dial(
        "tcp",
        ln.addr.toString(),
      )) as TCPConn;
      const peer = await ln.accept();
      expect(conn.localAddr.ip?.toString()).toBe("127.0.0.3");
      expect(conn.localAddr.port).toBeGreaterThan(0);
      await conn.close();
      await peer.close();
    });
  });

  it("a local address in use fails with `bind: address already in use`", async () => {
    await withListener(async (ln) => {
      const taken = ln.addr.port;
      const d = new Dialer({ localAddr: new TCPAddr(parseIP("127.0.0.1"), taken) });
      const err = await rejection(d.dial("tcp", `127.0.0.1:${await closedPort()}`));
      expect(err).toBeInstanceOf(OpError);
      expect((err as OpError).code).toBe("EADDRINUSE");
      expect((err as OpError).message).toMatch(/: bind: address already in use$/);
    });
  });

  it("a non-TCP localAddr: `dial tcp: address 127.0.0.1:5: mismatched local address type`", async () => {
    const err = await rejection(
      new Dialer({ localAddr: new UDPAddr(parseIP("127.0.0.1"), 5) }).dial("tcp", "127.0.0.1:80"),
    );
    expectOpError(err, "dial tcp: address 127.0.0.1:5: mismatched local address type");
  });

  // Regression: used to print `dial tcp 127.0.0.1:0: address [::1]:80: ...`; Go names the local address (the hint) and no source.
  it("an IPv4 localAddr with an IPv6 remote finds no suitable address (Go's message)", async () => {
    const err = await rejection(
      new Dialer({ localAddr: new TCPAddr(parseIP("127.0.0.1"), 0) }).dial("tcp", "[::1]:80"),
    );
    expectOpError(err, "dial tcp: address 127.0.0.1:0: no suitable address found");
  });

  it("control sees tcp4 and the remote address, runs before connect, and can set options", async () => {
    await withListener(async (ln) => {
      const seen: string[] = [];
      const d = new Dialer({
        control(network, address, raw) {
          seen.push(network, address);
          let fd = -1;
          raw.control((f) => (fd = f));
          expect(fd).toBeGreaterThan(2);
          raw.setsockopt(C.IPPROTO_IP, C.IP_TTL, 42);
          raw.setsockopt(C.SOL_SOCKET, C.SO_SNDBUF, 96 * 1024);
          // Go's defaults are already in place when control runs.
          expect(raw.getsockopt(C.IPPROTO_TCP, C.TCP_NODELAY)).toBe(1);
        },
      });
      const conn = (await d.dial("tcp", ln.addr.toString())) as TCPConn;
      const peer = await ln.accept();
      expect(seen).toEqual(["tcp4", ln.addr.toString()]);
      const raw = conn.syscallConn();
      expect(raw.getsockopt(C.IPPROTO_IP, C.IP_TTL)).toBe(42);
      // Linux doubles it, Windows keeps it.
      expect(raw.getsockopt(C.SOL_SOCKET, C.SO_SNDBUF)).toBe((native.platform.os === "win32" ? 1 : 2) * 96 * 1024);
      await conn.close();
      await peer.close();
    });
  });

  it("control sees tcp6 and [::1]:P for an IPv6 dial; an async control is awaited", async () => {
    const ln = await localListener("tcp6");
    try {
      const seen: string[] = [];
      const d = new Dialer({
        async control(network, address, raw) {
          await sleep(10);
          seen.push(network, address);
          raw.setsockopt(C.IPPROTO_IPV6, C.IPV6_UNICAST_HOPS, 7);
        },
      });
      const conn = (await d.dial("tcp", ln.addr.toString())) as TCPConn;
      const peer = await ln.accept();
      expect(seen).toEqual(["tcp6", `[::1]:${ln.addr.port}`]);
      expect(conn.syscallConn().getsockopt(C.IPPROTO_IPV6, C.IPV6_UNICAST_HOPS)).toBe(7);
      await conn.close();
      await peer.close();
    } finally {
      await ln.close();
    }
  });

  it("an error thrown by control aborts the dial and is wrapped in the OpError", async () => {
    await withListener(async (ln) => {
      const boom = new Error("control said no");
      const err = await rejection(
        new Dialer({
          control() {
            throw boom;
          },
        }).dial("tcp", ln.addr.toString()),
      );
      expectOpError(err, `dial tcp ${ln.addr}: control said no`);
      expect(err.err).toBe(boom);
      // Nothing connected.
      ln.setDeadline(Date.now() + 200);
      expect(isTimeout(await rejection(ln.accept()))).toBe(true);
    });
  });
});

describe("IPv6 and names", () => {
  it('"tcp6" to [::1]', async () => {
    const ln = await localListener("tcp6");
    try {
      const conn = (await dial("tcp6", `[::1]:${ln.addr.port}`)) as TCPConn;
      const peer = await ln.accept();
      expect(conn.remoteAddr.toString()).toBe(`[::1]:${ln.addr.port}`);
      expect(conn.localAddr.toString()).toMatch(/^\[::1\]:\d+$/);
      expect(peer.remoteAddr.toString()).toBe(conn.localAddr.toString());
      await expectRoundTrip(conn, peer, "v6");
      await conn.close();
      await peer.close();
    } finally {
      await ln.close();
    }
  });

  it('"tcp" to "localhost:P" reaches a listener on the family localhost resolves to', async () => {
    const found = await dns.promises.lookup("localhost", { all: true, order: "verbatim" });
    const v4 = found.some((a) => a.family === 4);
    const ln = await localListener(v4 ? "tcp4" : "tcp6");
    try {
      const conn = (await dial("tcp", `localhost:${ln.addr.port}`)) as TCPConn;
      const peer = await ln.accept();
      expect(conn.remoteAddr.toString()).toBe(ln.addr.toString());
      await conn.close();
      await peer.close();
    } finally {
      await ln.close();
    }
  });

  it('"tcp4" and "tcp6" to "localhost:P" keep to their family', async () => {
    const ln = await localListener("tcp4");
    try {
      const conn = (await dial("tcp4", `localhost:${ln.addr.port}`)) as TCPConn;
      const peer = await ln.accept();
      expect(conn.remoteAddr.ip?.toString()).toBe("127.0.0.1");
      await conn.close();
      await peer.close();
    } finally {
      await ln.close();
    }
  });

  it('an empty host dials the local system (":P")', async () => {
    const ln = await listen("tcp", ":0");
    try {
      const conn = (await dial("tcp", `:${ln.addr.port}`)) as TCPConn;
      const peer = await ln.accept();
      expect(conn.remoteAddr.port).toBe(ln.addr.port);
      await conn.close();
      await peer.close();
    } finally {
      await ln.close();
    }
  });
});

describe("Happy Eyeballs (a name with both ::1 and 127.0.0.1; the resolver is faked)", () => {
  it("primary ::1 refused: falls back to 127.0.0.1 at once", async () => {
    const ln = await localListener("tcp4");
    try {
      fakeResolver("::1", "127.0.0.1");
      const start = Date.now();
      const conn = (await within(dial("tcp", `dual.test:${ln.addr.port}`), 10_000, "dial")) as TCPConn;
      const took = Date.now() - start;
      const peer = await ln.accept();
      expect(conn.remoteAddr.toString()).toBe(`127.0.0.1:${ln.addr.port}`);
      expect(took).toBeLessThan(10_000);
      await conn.close();
      await peer.close();
    } finally {
      await ln.close();
    }
  });

  it("primary 127.0.0.1 refused: falls back to ::1", async () => {
    const ln = await localListener("tcp6");
    try {
      fakeResolver("127.0.0.1", "::1");
      const conn = (await within(dial("tcp", `dual.test:${ln.addr.port}`), 10_000, "dial")) as TCPConn;
      const peer = await ln.accept();
      expect(conn.remoteAddr.toString()).toBe(`[::1]:${ln.addr.port}`);
      await conn.close();
      await peer.close();
    } finally {
      await ln.close();
    }
  });

  it("a primary that hangs: the fallback starts after fallbackDelay and wins", async () => {
    const [bh, ln] = await onBothFamilies(
      (p) => blackhole("tcp6", p),
      (p) => listen("tcp4", `127.0.0.1:${p}`),
    );
    try {
      const port = ln.addr.port;
      fakeResolver("::1", "127.0.0.1");
      const start = Date.now();
      const conn = (await within(
        new Dialer({ fallbackDelay: 150, timeout: 20_000 }).dial("tcp", `dual.test:${port}`),
        15_000,
        "dial",
      )) as TCPConn;
      const took = Date.now() - start;
      const peer = await ln.accept();
      expect(conn.remoteAddr.toString()).toBe(`127.0.0.1:${port}`);
      expect(took).toBeGreaterThanOrEqual(120);
      await conn.close();
      await peer.close();
    } finally {
      await ln.close();
      await bh.close();
    }
  });

  it("fallbackDelay < 0 disables the fallback: only the hanging primary is tried", async () => {
    const [bh, ln] = await onBothFamilies(
      (p) => blackhole("tcp6", p),
      (p) => listen("tcp4", `127.0.0.1:${p}`),
    );
    try {
      const port = ln.addr.port;
      fakeResolver("::1", "127.0.0.1");
      const err = await rejection(
        new Dialer({ fallbackDelay: -1, timeout: 700 }).dial("tcp", `dual.test:${port}`),
        15_000,
      );
      expect(isTimeout(err)).toBe(true);
      expect((err as OpError).message).toMatch(/: i\/o timeout$/);
    } finally {
      await ln.close();
      await bh.close();
    }
  });

  it("both families refused: the primary's error is reported", async () => {
    const [a, b] = await onBothFamilies(
      (p) => listen("tcp6", `[::1]:${p}`),
      (p) => listen("tcp4", `127.0.0.1:${p}`),
    );
    const port = a.addr.port;
    await a.close();
    await b.close();
    fakeResolver("::1", "127.0.0.1");
    const err = await rejection(dial("tcp", `dual.test:${port}`), 10_000);
    expectOpError(err, `dial tcp [::1]:${port}: connect: connection refused`, "ECONNREFUSED");
  });

  it('"tcp4" ignores the IPv6 answers', async () => {
    const ln = await localListener("tcp4");
    try {
      fakeResolver("::1", "127.0.0.1");
      const conn = (await dial("tcp4", `dual.test:${ln.addr.port}`)) as TCPConn;
      const peer = await ln.accept();
      expect(conn.remoteAddr.toString()).toBe(`127.0.0.1:${ln.addr.port}`);
      await conn.close();
      await peer.close();
    } finally {
      await ln.close();
    }
  });

  it("the losing racer's conn is closed (no fds left behind)", async () => {
    // Both families listen: whichever connects first wins, the other is closed.
    const [a, b] = await onBothFamilies(
      (p) => listen("tcp6", `[::1]:${p}`),
      (p) => listen("tcp4", `127.0.0.1:${p}`),
    );
    try {
      fakeResolver("::1", "127.0.0.1");
      const conns: TCPConn[] = [];
      for (let i = 0; i < 5; i++) {
        conns.push((await new Dialer({ fallbackDelay: 1 }).dial("tcp", `dual.test:${a.addr.port}`)) as TCPConn);
      }
      for (const c of conns) await c.close();
    } finally {
      await a.close();
      await b.close();
    }
    // expectCountersZero (afterAll) checks that losers released their fds.
  });
});
