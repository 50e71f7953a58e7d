// Socket options: ListenConfig.control, reusePort, Go's keep-alive and
// TCP_NODELAY defaults on dialed and accepted conns, keepAlive / keepAliveConfig,
// the TCPConn setters read back with getsockopt, RawConn, and `constants`.

import { fstatSync, readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import {
  Dialer,
  ListenConfig,
  OpError,
  type RawConn,
  type TCPConn,
  type TCPListener,
  constants as C,
  dial,
  listen,
} from "../../lib/index.js";
import { native } from "../../lib/internal/binding.js";
import {
  connectedPair,
  dialTCP,
  expectCountersZero,
  expectOpError,
  expectRoundTrip,
  localListener,
  readFull,
  rejection,
  withListener,
  withPair,
  within,
} from "../helpers/tcp.js";

afterAll(async () => {
  await expectCountersZero();
});

const onWindows = native.platform.os === "win32";
// The idle-time option's name differs (TCP_KEEPALIVE on Windows and macOS).
const TCP_KEEPIDLE = C[native.platform.keepAliveIdle] as number;
// Wine's Winsock has no TCP_KEEPINTVL/TCP_KEEPCNT (real Windows has them
// since 10.0.16299, as Go assumes): the read-back tests need them.
const keepAliveTunable = await (async () => {
  const ln = await localListener();
  try {
    ln.syscallConn().setsockopt(C.IPPROTO_TCP, C.TCP_KEEPINTVL, 15);
    return ln.syscallConn().getsockopt(C.IPPROTO_TCP, C.TCP_KEEPCNT) !== undefined;
  } catch {
    return false;
  } finally {
    await ln.close();
  }
})();
const itKeepAlive = it.skipIf(!keepAliveTunable);
// Windows has no SO_REUSEPORT.
const itReusePort = it.skipIf(onWindows);

interface KeepAlive {
  nodelay: number;
  keepalive: number;
  idle: number;
  interval: number;
  count: number;
}

function keepAliveOf(raw: RawConn): KeepAlive {
  return {
    nodelay: raw.getsockopt(C.IPPROTO_TCP, C.TCP_NODELAY) as number,
    keepalive: raw.getsockopt(C.SOL_SOCKET, C.SO_KEEPALIVE) as number,
    idle: raw.getsockopt(C.IPPROTO_TCP, TCP_KEEPIDLE) as number,
    interval: raw.getsockopt(C.IPPROTO_TCP, C.TCP_KEEPINTVL) as number,
    count: raw.getsockopt(C.IPPROTO_TCP, C.TCP_KEEPCNT) as number,
  };
}

const GO_DEFAULT: KeepAlive = { nodelay: 1, keepalive: 1, idle: 15, interval: 15, count: 9 };

function sysctl(name: string): number {
  return parseInt(readFileSync(`/proc/sys/net/ipv4/${name}`, "utf8"), 10);
}

/** A dialed conn and the conn `ln` accepted for it. */
async function pairOn(ln: TCPListener, dialer = new Dialer()): Promise<{ c: TCPConn; s: TCPConn; close(): Promise<void> }> {
  const [c, s] = await Promise.all([dialer.dial("tcp", ln.addr.toString()) as Promise<TCPConn>, ln.accept()]);
  return {
    c,
    s,
    async close() {
      await c.close();
      await s.close();
    },
  };
}

describe("constants", () => {
  it("has the names API.md lists, with the platform's values, frozen", () => {
    // Winsock's own numbers; it has TCP_KEEPALIVE for the idle time and no SO_REUSEPORT.
    const windows: Record<string, number> = {
      SOL_SOCKET: 0xffff,
      SO_REUSEADDR: 4,
      SO_KEEPALIVE: 8,
      IPPROTO_TCP: 6,
      TCP_NODELAY: 1,
      TCP_KEEPALIVE: 3,
      TCP_KEEPINTVL: 17,
      TCP_KEEPCNT: 16,
      IPPROTO_IP: 0,
      IP_TTL: 4,
    };
    const linux: Record<string, number> = {
      SOL_SOCKET: 1,
      SO_REUSEADDR: 2,
      SO_REUSEPORT: 15,
      SO_KEEPALIVE: 9,
      IPPROTO_TCP: 6,
      TCP_NODELAY: 1,
      TCP_KEEPIDLE: 4,
      TCP_KEEPINTVL: 5,
      TCP_KEEPCNT: 6,
      IPPROTO_IP: 0,
      IP_TTL: 2,
    };
    for (const [name, value] of Object.entries(onWindows ? windows : linux)) expect(C[name], name).toBe(value);
    for (const name of ["SO_LINGER", "SO_RCVBUF", "SO_SNDBUF", "IPPROTO_IPV6", "IPV6_V6ONLY", "AF_INET", "AF_INET6", "SOCK_STREAM"]) {
      expect(typeof C[name], name).toBe("number");
    }
    expect(Object.isFrozen(C)).toBe(true);
  });
});

describe("ListenConfig.control", () => {
  itReusePort("sees tcp4 and the local address, and sets SO_REUSEADDR, SO_REUSEPORT and keep-alive options", async () => {
    const seen: unknown[] = [];
    const lc = new ListenConfig({
      control(network, address, raw) {
        seen.push(network, address);
        // Go's default for stream listeners is already set.
        seen.push(raw.getsockopt(C.SOL_SOCKET, C.SO_REUSEADDR));
        raw.setsockopt(C.SOL_SOCKET, C.SO_REUSEADDR, 1);
        raw.setsockopt(C.SOL_SOCKET, C.SO_REUSEPORT, true);
        raw.setsockopt(C.SOL_SOCKET, C.SO_KEEPALIVE, 1);
        raw.setsockopt(C.IPPROTO_TCP, TCP_KEEPIDLE, 33);
        raw.setsockopt(C.IPPROTO_TCP, C.TCP_KEEPINTVL, 11);
        raw.setsockopt(C.IPPROTO_TCP, C.TCP_KEEPCNT, 4);
        seen.push(raw.getsockopt(C.SOL_SOCKET, C.SO_REUSEPORT), raw.getsockopt(C.IPPROTO_TCP, TCP_KEEPIDLE));
      },
    });
    const ln = await lc.listen("tcp", "127.0.0.1:0");
    try {
      expect(seen).toEqual(["tcp4", "127.0.0.1:0", 1, 1, 33]);
      const raw = ln.syscallConn();
      expect(raw.getsockopt(C.SOL_SOCKET, C.SO_REUSEADDR)).toBe(1);
      expect(raw.getsockopt(C.SOL_SOCKET, C.SO_REUSEPORT)).toBe(1);
      expect(raw.getsockopt(C.SOL_SOCKET, C.SO_KEEPALIVE)).toBe(1);
      expect(raw.getsockopt(C.IPPROTO_TCP, TCP_KEEPIDLE)).toBe(33);
      expect(raw.getsockopt(C.IPPROTO_TCP, C.TCP_KEEPINTVL)).toBe(11);
      expect(raw.getsockopt(C.IPPROTO_TCP, C.TCP_KEEPCNT)).toBe(4);
      // The listener works.
      const p = await pairOn(ln);
      await p.close();
    } finally {
      await ln.close();
    }
  });

  it("sees tcp6 and [::1]:0 for an IPv6 listener; tcp6 listeners are IPV6_V6ONLY", async () => {
    const seen: unknown[] = [];
    const ln = await new ListenConfig({
      control(network, address, raw) {
        seen.push(network, address, raw.getsockopt(C.IPPROTO_IPV6, C.IPV6_V6ONLY));
      },
    }).listen("tcp6", "[::1]:0");
    try {
      expect(seen).toEqual(["tcp6", "[::1]:0", 1]);
    } finally {
      await ln.close();
    }
  });

  it("an error thrown by control fails the listen and leaks nothing", async () => {
    const err = await rejection(
      new ListenConfig({
        control() {
          throw new Error("control refused");
        },
      }).listen("tcp", "127.0.0.1:0"),
    );
    expectOpError(err, "listen tcp 127.0.0.1:0: control refused");
  });

  it("raw.control inside the hook gets the socket's real fd", async () => {
    let fdSeen = -1;
    const ln = await new ListenConfig({
      control(_n, _a, raw) {
        raw.control((fd) => {
          fdSeen = fd;
          // A SOCKET is no CRT descriptor: node's fstat cannot see it on Windows.
          if (!onWindows) expect(fstatSync(fd).isSocket()).toBe(true);
        });
      },
    }).listen("tcp", "127.0.0.1:0");
    try {
      expect(fdSeen).toBe(ln.fd);
    } finally {
      await ln.close();
    }
  });
});

describe("listener defaults and reusePort", () => {
  it("a second listener on a busy port fails: `listen tcp A: bind: address already in use`", async () => {
    await withListener(async (ln) => {
      const err = await rejection(listen("tcp", ln.addr.toString()));
      expectOpError(err, `listen tcp ${ln.addr}: bind: address already in use`, "EADDRINUSE");
    });
  });

  itReusePort("reusePort: true lets two listeners share a port, and both serve it", async () => {
    const lc = new ListenConfig({ reusePort: true });
    const a = await lc.listen("tcp", "127.0.0.1:0");
    const b = await lc.listen("tcp", a.addr.toString());
    try {
      expect(b.addr.toString()).toBe(a.addr.toString());
      expect(a.syscallConn().getsockopt(C.SOL_SOCKET, C.SO_REUSEPORT)).toBe(1);
      const accepted: TCPConn[] = [];
      const serve = (ln: TCPListener) =>
        (async () => {
          for await (const conn of ln) accepted.push(conn);
        })();
      const loops = [serve(a), serve(b)];
      const clients: TCPConn[] = [];
      for (let i = 0; i < 20; i++) clients.push(await dialTCP(a.addr.toString()));
      for (let i = 0; i < 200 && accepted.length < 20; i++) await new Promise((r) => setTimeout(r, 10));
      expect(accepted.length).toBe(20);
      await a.close();
      await b.close();
      await Promise.all(loops);
      for (const c of [...clients, ...accepted]) await c.close();
    } finally {
      await a.close();
      await b.close();
    }
  });

  itReusePort("without reusePort on the first, a reusePort listener cannot share the port", async () => {
    const a = await localListener();
    try {
      const err = await rejection(new ListenConfig({ reusePort: true }).listen("tcp", a.addr.toString()));
      expect((err as OpError).code).toBe("EADDRINUSE");
    } finally {
      await a.close();
    }
  });

  it.runIf(onWindows)("reusePort: true on Windows fails with an error naming the option and the platform", async () => {
    const err = await rejection(new ListenConfig({ reusePort: true }).listen("tcp", "127.0.0.1:0"));
    expect(err).toBeInstanceOf(OpError);
    expect((err as OpError).message).toBe("listen tcp 127.0.0.1:0: socket option SO_REUSEPORT is not available on win32");
    expect((err as OpError).code).toBe("ENOPROTOOPT");
  });

  it('"tcp" on an empty host is one dual-stack socket: [::]:P accepting IPv4 and IPv6', async () => {
    const ln = await listen("tcp", ":0");
    try {
      expect(ln.addr.toString()).toBe(`[::]:${ln.addr.port}`);
      expect(ln.syscallConn().getsockopt(C.IPPROTO_IPV6, C.IPV6_V6ONLY)).toBe(0);
      for (const [net, host] of [
        ["tcp4", "127.0.0.1"],
        ["tcp6", "[::1]"],
      ]) {
        const c = (await dial(net, `${host}:${ln.addr.port}`)) as TCPConn;
        const s = await ln.accept();
        // An IPv4 peer on the dual-stack socket prints in dotted form.
        expect(s.remoteAddr.toString()).toBe(c.localAddr.toString());
        await c.close();
        await s.close();
      }
    } finally {
      await ln.close();
    }
  });

  // Regression: "0.0.0.0" used to bind ::ffff:0.0.0.0 (IPv4 only) and print `0.0.0.0:P`.
  it('"tcp" on 0.0.0.0 is dual-stack too, as Go: [::]:P, reachable over ::1', async () => {
    const ln = await listen("tcp", "0.0.0.0:0");
    try {
      expect(ln.addr.toString()).toBe(`[::]:${ln.addr.port}`);
      const c = (await dial("tcp6", `[::1]:${ln.addr.port}`)) as TCPConn;
      const s = await ln.accept();
      await c.close();
      await s.close();
    } finally {
      await ln.close();
    }
  });
});

describe("keep-alive and TCP_NODELAY defaults (Go: on, 15 s / 15 s / 9)", () => {
  itKeepAlive("dialed and accepted conns both get them", async () => {
    await withPair(async (p) => {
      expect(keepAliveOf(p.client.syscallConn())).toEqual(GO_DEFAULT);
      // Accepted conns get them too: gonet sets them on the listening socket and
      // Linux copies them into every accepted one.
      expect(keepAliveOf(p.ln.syscallConn())).toEqual(GO_DEFAULT);
      expect(keepAliveOf(p.server.syscallConn())).toEqual(GO_DEFAULT);
    });
  });

  // Regression: Go applies the ListenConfig's keep-alive to each accepted conn (newTCPConn), overriding what control set on the listener.
  itKeepAlive("accepted conns get Go's keep-alive even if control changed the listener's", async () => {
    const ln = await new ListenConfig({
      control(_n, _a, raw) {
        raw.setsockopt(C.IPPROTO_TCP, TCP_KEEPIDLE, 33);
      },
    }).listen("tcp", "127.0.0.1:0");
    try {
      const p = await pairOn(ln);
      try {
        expect(keepAliveOf(p.s.syscallConn())).toEqual(GO_DEFAULT);
      } finally {
        await p.close();
      }
    } finally {
      await ln.close();
    }
  });

  itKeepAlive("IPv6 conns too", async () => {
    const ln = await localListener("tcp6");
    try {
      const p = await pairOn(ln);
      expect(keepAliveOf(p.c.syscallConn())).toEqual(GO_DEFAULT);
      expect(keepAliveOf(p.s.syscallConn())).toEqual(GO_DEFAULT);
      await p.close();
    } finally {
      await ln.close();
    }
  });

  it("keepAlive: -1 turns keep-alive off (Dialer and ListenConfig); TCP_NODELAY stays on", async () => {
    const ln = await new ListenConfig({ keepAlive: -1 }).listen("tcp", "127.0.0.1:0");
    try {
      const p = await pairOn(ln, new Dialer({ keepAlive: -1 }));
      for (const conn of [p.c, p.s]) {
        const raw = conn.syscallConn();
        expect(raw.getsockopt(C.SOL_SOCKET, C.SO_KEEPALIVE)).toBe(0);
        expect(raw.getsockopt(C.IPPROTO_TCP, C.TCP_NODELAY)).toBe(1);
      }
      await p.close();
    } finally {
      await ln.close();
    }
  });

  itKeepAlive("a keepAlive period sets the idle time (rounded up to seconds); interval and count keep Go's defaults", async () => {
    const ln = await new ListenConfig({ keepAlive: 45_500 }).listen("tcp", "127.0.0.1:0");
    try {
      const p = await pairOn(ln, new Dialer({ keepAlive: 30_000 }));
      expect(keepAliveOf(p.c.syscallConn())).toEqual({ ...GO_DEFAULT, idle: 30 });
      expect(keepAliveOf(p.s.syscallConn())).toEqual({ ...GO_DEFAULT, idle: 46 });
      await p.close();
    } finally {
      await ln.close();
    }
  });

  itKeepAlive("keepAliveConfig sets idle, interval and count (times rounded up to whole seconds)", async () => {
    const cfg = { enable: true, idle: 1500, interval: 2001, count: 4 };
    const ln = await new ListenConfig({ keepAliveConfig: { enable: true, idle: 60_000, interval: 999, count: 2 } }).listen(
      "tcp",
      "127.0.0.1:0",
    );
    try {
      const p = await pairOn(ln, new Dialer({ keepAliveConfig: cfg, keepAlive: -1 }));
      // keepAliveConfig.enable wins over keepAlive < 0.
      expect(keepAliveOf(p.c.syscallConn())).toEqual({ nodelay: 1, keepalive: 1, idle: 2, interval: 3, count: 4 });
      expect(keepAliveOf(p.s.syscallConn())).toEqual({ nodelay: 1, keepalive: 1, idle: 60, interval: 1, count: 2 });
      await p.close();
    } finally {
      await ln.close();
    }
  });

  itKeepAlive("keepAliveConfig: zero fields mean Go's defaults, negative fields leave the system's values", async () => {
    await withListener(async (ln) => {
      const p = await pairOn(ln, new Dialer({ keepAliveConfig: { enable: true, idle: 0, interval: -1, count: -1 } }));
      expect(keepAliveOf(p.c.syscallConn())).toEqual({
        nodelay: 1,
        keepalive: 1,
        idle: 15,
        interval: sysctl("tcp_keepalive_intvl"),
        count: sysctl("tcp_keepalive_probes"),
      });
      await p.close();
    });
  });
});

describe("TCPConn setters read back", () => {
  it("setNoDelay and setKeepAlive", async () => {
    await withPair(async (p) => {
      const raw = p.server.syscallConn();
      p.server.setNoDelay(false);
      expect(raw.getsockopt(C.IPPROTO_TCP, C.TCP_NODELAY)).toBe(0);
      p.server.setNoDelay(true);
      expect(raw.getsockopt(C.IPPROTO_TCP, C.TCP_NODELAY)).toBe(1);
      p.server.setKeepAlive(false);
      expect(raw.getsockopt(C.SOL_SOCKET, C.SO_KEEPALIVE)).toBe(0);
      p.server.setKeepAlive(true);
      expect(raw.getsockopt(C.SOL_SOCKET, C.SO_KEEPALIVE)).toBe(1);
    });
  });

  itKeepAlive("setKeepAlivePeriod sets only the idle time (rounded up); 0 means 15 s", async () => {
    await withPair(async (p) => {
      const raw = p.client.syscallConn();
      p.client.setKeepAlive(false);
      p.client.setKeepAlivePeriod(2500);
      expect(keepAliveOf(raw)).toEqual({ ...GO_DEFAULT, idle: 3 });
      p.client.setKeepAlivePeriod(1);
      expect(raw.getsockopt(C.IPPROTO_TCP, TCP_KEEPIDLE)).toBe(1);
      p.client.setKeepAlivePeriod(0);
      expect(raw.getsockopt(C.IPPROTO_TCP, TCP_KEEPIDLE)).toBe(15);
    });
  });

  itKeepAlive("setKeepAliveConfig", async () => {
    await withPair(async (p) => {
      p.client.setKeepAliveConfig({ enable: true, idle: 100, interval: 61_000, count: 3 });
      expect(keepAliveOf(p.client.syscallConn())).toEqual({ nodelay: 1, keepalive: 1, idle: 1, interval: 61, count: 3 });
      p.client.setKeepAliveConfig({ enable: false });
      expect(p.client.syscallConn().getsockopt(C.SOL_SOCKET, C.SO_KEEPALIVE)).toBe(0);
    });
  });

  it("setLinger: n > 0 lingers n seconds, 0 resets, < 0 restores the default", async () => {
    await withPair(async (p) => {
      const raw = p.client.syscallConn();
      const linger = () => {
        const b = raw.getsockopt(C.SOL_SOCKET, C.SO_LINGER, 8) as Uint8Array;
        const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
        // Winsock's struct linger is two u_shorts, Linux's two ints.
        if (onWindows) return { onoff: v.getUint16(0, true), linger: v.getUint16(2, true) };
        return { onoff: v.getInt32(0, true), linger: v.getInt32(4, true) };
      };
      expect(linger().onoff).toBe(0);
      p.client.setLinger(7);
      expect(linger()).toEqual({ onoff: 1, linger: 7 });
      p.client.setLinger(0);
      expect(linger()).toEqual({ onoff: 1, linger: 0 });
      p.client.setLinger(-1);
      expect(linger().onoff).toBe(0);
    });
  });

  it("setReadBuffer / setWriteBuffer (Linux doubles the value, Windows keeps it)", async () => {
    const factor = native.platform.os === "win32" ? 1 : 2;
    await withPair(async (p) => {
      const raw = p.client.syscallConn();
      p.client.setReadBuffer(100_000);
      p.client.setWriteBuffer(120_000);
      expect(raw.getsockopt(C.SOL_SOCKET, C.SO_RCVBUF)).toBe(100_000 * factor);
      expect(raw.getsockopt(C.SOL_SOCKET, C.SO_SNDBUF)).toBe(120_000 * factor);
      // Traffic still flows.
      await expectRoundTrip(p.client, p.server, "buffers");
    });
  });
});

describe("RawConn", () => {
  it("syscallConn().control(fn) runs fn synchronously with the real socket fd", async () => {
    await withPair(async (p) => {
      let seen = -1;
      p.client.syscallConn().control((fd) => {
        seen = fd;
      });
      expect(seen).toBe(p.client.fd);
      expect(seen).toBeGreaterThan(2);
      // A SOCKET is no CRT descriptor: node's fstat cannot see it on Windows.
      if (!onWindows) expect(fstatSync(seen).isSocket()).toBe(true);
      let lnFd = -1;
      p.ln.syscallConn().control((fd) => (lnFd = fd));
      expect(lnFd).toBe(p.ln.fd);
      if (!onWindows) expect(fstatSync(lnFd).isSocket()).toBe(true);
    });
  });

  it("getsockopt with a size returns that many raw bytes", async () => {
    await withPair(async (p) => {
      const raw = p.server.syscallConn();
      // Linux only: a 4-byte TCP_NODELAY read-back (wine gives other sizes), TCP_CONGESTION, TCP_INFO.
      const sockType = raw.getsockopt(C.SOL_SOCKET, C.SO_TYPE, 4);
      expect(sockType).toBeInstanceOf(Uint8Array);
      expect(Array.from(sockType as Uint8Array)).toEqual([C.SOCK_STREAM, 0, 0, 0]);
      if (onWindows) return;
      const nodelay = raw.getsockopt(C.IPPROTO_TCP, C.TCP_NODELAY, 4);
      expect(nodelay).toBeInstanceOf(Uint8Array);
      expect(Array.from(nodelay as Uint8Array)).toEqual([1, 0, 0, 0]);
      const congestion = raw.getsockopt(C.IPPROTO_TCP, C.TCP_CONGESTION, 16) as Uint8Array;
      expect(congestion.length).toBe(16);
      expect(Buffer.from(congestion).toString("latin1").replace(/\0.*$/s, "")).toMatch(/^[a-z0-9_]+$/);
      const info = raw.getsockopt(C.IPPROTO_TCP, C.TCP_INFO, 104) as Uint8Array;
      expect(info.length).toBeGreaterThan(0);
      expect(info[0]).toBe(1); // tcpi_state == TCP_ESTABLISHED
      expect((raw.getsockopt(C.SOL_SOCKET, C.SO_TYPE) as number)).toBe(C.SOCK_STREAM);
      // size 0 is allowed: no bytes.
      expect((raw.getsockopt(C.IPPROTO_TCP, C.TCP_NODELAY, 0) as Uint8Array).length).toBe(0);
    });
  });

  it("setsockopt takes numbers, booleans and raw bytes", async () => {
    await withPair(async (p) => {
      const raw = p.server.syscallConn();
      raw.setsockopt(C.IPPROTO_IP, C.IP_TTL, 17);
      expect(raw.getsockopt(C.IPPROTO_IP, C.IP_TTL)).toBe(17);
      raw.setsockopt(C.IPPROTO_TCP, C.TCP_NODELAY, false);
      expect(raw.getsockopt(C.IPPROTO_TCP, C.TCP_NODELAY)).toBe(0);
      raw.setsockopt(C.IPPROTO_TCP, C.TCP_NODELAY, new Uint8Array([1, 0, 0, 0]));
      expect(raw.getsockopt(C.IPPROTO_TCP, C.TCP_NODELAY)).toBe(1);
    });
  });

  it("an invalid option fails with an OpError carrying ENOPROTOOPT", async () => {
    await withPair(async (p) => {
      const raw = p.server.syscallConn();
      for (const f of [() => raw.setsockopt(C.IPPROTO_TCP, 9999, 1), () => raw.getsockopt(C.IPPROTO_TCP, 9999)]) {
        let err: unknown;
        try {
          f();
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(OpError);
        expect((err as OpError).code).toBe("ENOPROTOOPT");
        expect((err as OpError).errno).toBeLessThan(0);
        expect((err as OpError).message).toMatch(/(setsockopt|getsockopt): protocol not available$/);
      }
      // A wrong level for an option is an errno too, not a crash.
      let err: unknown;
      try {
        raw.setsockopt(9999, 1, 1);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(OpError);
      expect(typeof (err as OpError).code).toBe("string");
    });
  });
});

describe("options under traffic", () => {
  it("toggling TCP_NODELAY and buffers mid-stream does not disturb data", async () => {
    await withPair(async (p) => {
      const reading = within(readFull(p.server, 1000 * 100), 30_000, "read");
      for (let i = 0; i < 100; i++) {
        p.client.setNoDelay(i % 2 === 0);
        await p.client.write(new Uint8Array(1000).fill(i));
      }
      const got = await reading;
      for (let i = 0; i < 100; i++) expect(got[i * 1000]).toBe(i);
    });
  });
});
