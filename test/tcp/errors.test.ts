// Go's verified error strings (go-net-api.md section (g), Go 1.19.8 on
// loopback) that apply to TCP, checked text for text, plus the OpError fields
// behind them.

import { afterAll, describe, expect, it } from "vitest";
import {
  ErrClosed,
  ErrDeadlineExceeded,
  OpError,
  type TCPConn,
  dial,
  dialTimeout,
  errorIs,
  isTimeout,
  listen,
} from "../../lib/index.js";
import { native } from "../../lib/internal/binding.js";
import {
  blackhole,
  connectedPair,
  expectCountersZero,
  localListener,
  rejection,
  sleep,
  withListener,
  withPair,
} from "../helpers/tcp.js";

afterAll(async () => {
  await expectCountersZero();
});

// Windows answers a write after the peer's reset with WSAECONNRESET, and
// its errno numbers are libuv's (the same codes, other numbers).
const onWindows = native.platform.os === "win32";

interface Row {
  situation: string;
  /** Produces the error and Go's text for it. */
  run(): Promise<{ err: unknown; go: string; timeout?: boolean; code?: string }>;
}

const rows: Row[] = [
  {
    situation: "Dial, nothing listening",
    async run() {
      // Go's table used port 1; any port nobody listens on prints the same way.
      const ln = await localListener();
      const port = ln.addr.port;
      await ln.close();
      return {
        err: await rejection(dial("tcp", `127.0.0.1:${port}`)),
        go: `dial tcp 127.0.0.1:${port}: connect: connection refused`,
        code: "ECONNREFUSED",
      };
    },
  },
  {
    situation: "Dial unknown network",
    async run() {
      return { err: await rejection(dial("foo", "127.0.0.1:1")), go: "dial foo: unknown network foo" };
    },
  },
  {
    situation: "Dial without port",
    async run() {
      return { err: await rejection(dial("tcp", "127.0.0.1")), go: "dial tcp: address 127.0.0.1: missing port in address" };
    },
  },
  {
    situation: "Dial empty address",
    async run() {
      return { err: await rejection(dial("tcp", "")), go: "dial tcp: missing address" };
    },
  },
  {
    situation: "DialTimeout expired",
    async run() {
      const bh = await blackhole();
      try {
        return {
          err: await rejection(dialTimeout("tcp", bh.address, 200)),
          go: `dial tcp ${bh.address}: i/o timeout`,
          timeout: true,
        };
      } finally {
        await bh.close();
      }
    },
  },
  {
    situation: "DialContext canceled",
    async run() {
      const bh = await blackhole();
      try {
        const ac = new AbortController();
        const p = dial("tcp", bh.address, { signal: ac.signal });
        await sleep(50);
        ac.abort();
        return { err: await rejection(p), go: `dial tcp ${bh.address}: operation was canceled` };
      } finally {
        await bh.close();
      }
    },
  },
  {
    situation: "Listen on busy port",
    async run() {
      return withListener(async (ln) => {
        return {
          err: await rejection(listen("tcp", ln.addr.toString())),
          go: `listen tcp ${ln.addr}: bind: address already in use`,
          code: "EADDRINUSE",
        };
      });
    },
  },
  {
    situation: "Read past deadline",
    async run() {
      return withPair(async (p) => {
        const a = p.client.localAddr.toString();
        const b = p.client.remoteAddr.toString();
        p.client.setReadDeadline(Date.now() + 50);
        return {
          err: await rejection(p.client.read(new Uint8Array(1))),
          go: `read tcp ${a}->${b}: i/o timeout`,
          timeout: true,
          code: "ETIMEDOUT",
        };
      });
    },
  },
  {
    situation: "Write after peer close/RST",
    async run() {
      return withPair(async (p) => {
        const a = p.client.localAddr.toString();
        const b = p.client.remoteAddr.toString();
        await p.server.close();
        await sleep(50);
        // The first write after the peer's FIN is taken (and answered with RST); a later one fails.
        let err: unknown;
        for (let i = 0; i < 100 && err === undefined; i++) {
          await p.client.write("x").catch((e: unknown) => (err = e));
          await sleep(10);
        }
        if (onWindows) return { err, go: `write tcp ${a}->${b}: write: connection reset by peer`, code: "ECONNRESET" };
        return { err, go: `write tcp ${a}->${b}: write: broken pipe`, code: "EPIPE" };
      });
    },
  },
  {
    situation: "Read after local Close",
    async run() {
      const p = await connectedPair();
      const a = p.client.localAddr.toString();
      const b = p.client.remoteAddr.toString();
      await p.close();
      return { err: await rejection(p.client.read(new Uint8Array(1))), go: `read tcp ${a}->${b}: use of closed network connection` };
    },
  },
  {
    situation: "Write after local Close",
    async run() {
      const p = await connectedPair();
      const a = p.client.localAddr.toString();
      const b = p.client.remoteAddr.toString();
      await p.close();
      return { err: await rejection(p.client.write("x")), go: `write tcp ${a}->${b}: use of closed network connection` };
    },
  },
  {
    situation: "Pending Read when Close called",
    async run() {
      const p = await connectedPair();
      const a = p.client.localAddr.toString();
      const b = p.client.remoteAddr.toString();
      const pending = p.client.read(new Uint8Array(1));
      await sleep(20);
      await p.close();
      return { err: await rejection(pending), go: `read tcp ${a}->${b}: use of closed network connection` };
    },
  },
  {
    situation: "SetDeadline after Close",
    async run() {
      const p = await connectedPair();
      const a = p.client.localAddr.toString();
      await p.close();
      let err: unknown;
      try {
        p.client.setDeadline(Date.now());
      } catch (e) {
        err = e;
      }
      return { err, go: `set tcp ${a}: use of closed network connection` };
    },
  },
  {
    situation: "Accept past deadline",
    async run() {
      return withListener(async (ln) => {
        ln.setDeadline(Date.now() + 50);
        return { err: await rejection(ln.accept()), go: `accept tcp ${ln.addr}: i/o timeout`, timeout: true };
      });
    },
  },
  {
    situation: "Accept after Close",
    async run() {
      const ln = await localListener();
      await ln.close();
      return { err: await rejection(ln.accept()), go: `accept tcp ${ln.addr}: use of closed network connection` };
    },
  },
];

describe("Go's verified error strings (TCP)", () => {
  for (const row of rows) {
    it(row.situation, async () => {
      const { err, go, timeout = false, code } = await row.run();
      expect(err).toBeInstanceOf(OpError);
      expect((err as OpError).message).toBe(go);
      expect(String(err)).toBe(`OpError: ${go}`);
      expect((err as OpError).timeout()).toBe(timeout);
      expect(isTimeout(err)).toBe(timeout);
      if (code !== undefined) expect((err as OpError).code).toBe(code);
    });
  }

  it("Read after peer close is a bare EOF (null), not an error", async () => {
    await withPair(async (p) => {
      await p.server.close();
      expect(await p.client.read(new Uint8Array(1))).toBeNull();
      expect(await p.client.read()).toBeNull();
    });
  });

  // Regression: the listen address used to be missing (`listen udp: address ...`).
  it('Listen("udp", …): `listen udp 127.0.0.1:0: address 127.0.0.1:0: unexpected address type`', async () => {
    const err = await rejection(listen("udp", "127.0.0.1:0"));
    expect((err as OpError).message).toBe("listen udp 127.0.0.1:0: address 127.0.0.1:0: unexpected address type");
  });

  // Regression: resolution errors used to print a placeholder address (`listen tcp :0: ...`); Go has no Addr there.
  it("Listen with a bad port: `listen tcp: address 70000: invalid port`", async () => {
    const err = await rejection(listen("tcp", "127.0.0.1:70000"));
    expect((err as OpError).message).toBe("listen tcp: address 70000: invalid port");
  });
});

describe("OpError fields behind the messages", () => {
  it("read timeout: op, net, source, addr, err, code, errorIs", async () => {
    await withPair(async (p) => {
      p.client.setReadDeadline(Date.now() - 1);
      const err = (await rejection(p.client.read(new Uint8Array(1)))) as OpError;
      expect(err.op).toBe("read");
      expect(err.net).toBe("tcp");
      expect(err.source?.toString()).toBe(p.client.localAddr.toString());
      expect(err.addr?.toString()).toBe(p.client.remoteAddr.toString());
      expect(err.err).toBe(ErrDeadlineExceeded);
      expect(err.err.message).toBe("i/o timeout");
      expect(errorIs(err, ErrDeadlineExceeded)).toBe(true);
      expect(err).toBeInstanceOf(Error);
      expect(err.name).toBe("OpError");
    });
  });

  it("accept errors name only the listener's address (no source)", async () => {
    const ln = await localListener();
    ln.setDeadline(Date.now() - 1);
    const err = (await rejection(ln.accept())) as OpError;
    expect(err.op).toBe("accept");
    expect(err.source).toBeNull();
    expect(err.addr?.toString()).toBe(ln.addr.toString());
    await ln.close();
  });

  it("ErrClosed and ErrDeadlineExceeded are Go's sentinels", () => {
    expect(ErrClosed.message).toBe("use of closed network connection");
    expect(ErrClosed.timeout()).toBe(false);
    expect(ErrDeadlineExceeded.message).toBe("i/o timeout");
    expect(ErrDeadlineExceeded.timeout()).toBe(true);
    expect(isTimeout(ErrDeadlineExceeded)).toBe(true);
    expect(isTimeout(ErrClosed)).toBe(false);
    expect(isTimeout(new Error("i/o timeout"))).toBe(false);
    expect(isTimeout(null)).toBe(false);
  });

  it("syscall errors carry Node's code and a negative errno; the inner error prints `syscall: text`", async () => {
    const ln = await localListener();
    const port = ln.addr.port;
    await ln.close();
    const err = (await rejection(dial("tcp", `127.0.0.1:${port}`))) as OpError;
    expect(err.code).toBe("ECONNREFUSED");
    expect(err.errno).toBe(onWindows ? -4078 : -111);
    expect(err.syscall).toBe("connect");
    expect(err.err.message).toBe("connect: connection refused");
    expect(err.cause).toBe(err.err);
  });

  it("the dialer's conn and the accepted conn print each other's addresses", async () => {
    await withPair(async (p) => {
      const c: TCPConn = p.client;
      expect(c.localAddr.network).toBe("tcp");
      expect(p.server.remoteAddr.toString()).toBe(c.localAddr.toString());
      expect(p.server.localAddr.toString()).toBe(c.remoteAddr.toString());
    });
  });
});
