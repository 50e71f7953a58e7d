// Socket (toSocket/createConnection) against net.Socket itself: the same
// scenario over both, and the events, states and counters must match.
import { once } from "node:events";
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { type Conn, Socket, createConnection, debugStats, dial, listen, toDuplex, toSocket } from "../../lib/index.js";

type Make = (port: number) => net.Socket | Socket;
const impls: [string, Make][] = [
  ["node:net", (port) => net.connect(port, "127.0.0.1")],
  ["gonet", (port) => createConnection({ host: "127.0.0.1", port })],
];

/** A node:net server running `onConn` per connection. */
async function netServer(onConn: (s: net.Socket) => void): Promise<{ port: number; close(): Promise<void> }> {
  const srv = net.createServer(onConn);
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  return {
    port: (srv.address() as net.AddressInfo).port,
    close: () => new Promise((r) => srv.close(() => r())),
  };
}

function record(s: net.Socket | Socket, events: string[]): void {
  for (const ev of ["connect", "ready", "end", "finish", "close", "error", "timeout"]) {
    s.on(ev, (arg?: unknown) => events.push(ev === "close" ? `close(${arg})` : ev === "error" ? `error(${(arg as NodeJS.ErrnoException).code})` : ev));
  }
}

describe("Socket matches net.Socket", () => {
  it("emits connect, ready, data, end, finish, close in net.Socket's order when the peer ends", async () => {
    const srv = await netServer((s) => s.end("hello"));
    const runs: Record<string, { events: string[]; states: string[]; bytesRead: number; data: string }> = {};
    for (const [name, make] of impls) {
      const events: string[] = [];
      const s = make(srv.port);
      const states = [s.readyState as string, String(s.connecting), String(s.pending)];
      record(s, events);
      let data = "";
      s.on("data", (d) => {
        events.push("data");
        data += d;
      });
      await once(s, "connect");
      states.push(s.readyState, String(s.connecting), String(s.pending));
      await once(s, "close");
      states.push(s.readyState);
      runs[name] = { events, states, bytesRead: s.bytesRead, data };
    }
    expect(runs.gonet).toEqual(runs["node:net"]);
    expect(runs.gonet.events).toEqual(["connect", "ready", "data", "end", "finish", "close(false)"]);
    await srv.close();
  });

  it("half-open when asked: stays writable after the peer's FIN", async () => {
    const srv = await netServer((s) => {
      s.end("x");
      let got = "";
      s.on("data", (d) => (got += d)).on("end", () => s.destroy());
      s.on("close", () => void 0);
      s.on("error", () => void 0);
      void got;
    });
    const results: Record<string, string[]> = {};
    for (const [name, connect] of [
      ["node:net", () => net.connect({ port: srv.port, host: "127.0.0.1", allowHalfOpen: true })],
      ["gonet", () => createConnection({ port: srv.port, host: "127.0.0.1", allowHalfOpen: true })],
    ] as const) {
      const s = connect();
      const events: string[] = [];
      record(s, events);
      s.resume();
      await once(s, "end");
      events.push(`writable=${s.writable}`, s.readyState);
      s.end("late");
      await once(s, "close");
      results[name] = events;
    }
    expect(results.gonet).toEqual(results["node:net"]);
    expect(results.gonet).toContain("writable=true");
    await srv.close();
  });

  it("reports addresses, ports and families like net.Socket", async () => {
    const srv = await netServer((s) => s.end());
    for (const [, make] of impls) void make;
    const a = net.connect(srv.port, "127.0.0.1");
    const b = createConnection({ host: "127.0.0.1", port: srv.port });
    await Promise.all([once(a, "connect"), once(b, "connect")]);
    expect(b.remoteAddress).toBe(a.remoteAddress);
    expect(b.remotePort).toBe(a.remotePort);
    expect(b.remoteFamily).toBe(a.remoteFamily);
    expect(b.localAddress).toBe(a.localAddress);
    expect(typeof b.localPort).toBe("number");
    expect(b.address()).toEqual({ address: "127.0.0.1", family: "IPv4", port: b.localPort });
    a.destroy();
    b.destroy();
    await Promise.all([once(a, "close"), once(b, "close")]);
    await srv.close();
  });

  it("setTimeout: 'timeout' after idleness, re-armed by traffic, off with 0, socket left open", async () => {
    const srv = await netServer((s) => {
      s.on("data", () => void 0);
      s.on("error", () => void 0);
    });
    for (const [, make] of impls) {
      const s = make(srv.port);
      await once(s, "connect");
      const t0 = Date.now();
      let fired = 0;
      s.setTimeout(150, () => fired++);
      expect(s.timeout).toBe(150);
      // Writes every 50 ms keep it from firing.
      for (let i = 0; i < 5; i++) {
        s.write("x");
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(fired).toBe(0);
      await once(s, "timeout");
      expect(Date.now() - t0).toBeGreaterThanOrEqual(200 + 140); // the last write, then 150 ms idle
      expect(s.destroyed).toBe(false);
      s.setTimeout(0);
      const before = fired;
      await new Promise((r) => setTimeout(r, 250));
      expect(fired).toBe(before);
      s.destroy();
      await once(s, "close");
    }
    await srv.close();
  });

  it("counts bytesRead and bytesWritten, gathers corked writes into one writev, end(cb)", async () => {
    let received = "";
    const done = new Promise<void>((resolve) => {
      void netServer((s) => {
        s.on("data", (d) => (received += d)).on("end", () => {
          s.end("0123456789");
          resolve();
        });
      }).then((srv) => run(srv));
    });
    let srvRef!: { close(): Promise<void> };
    let finished = false;
    let socket!: Socket;
    const calls: number[] = [];
    async function run(srv: { port: number; close(): Promise<void> }) {
      srvRef = srv;
      const conn = await dial("tcp", `127.0.0.1:${srv.port}`);
      // The adapter writes on the gonet socket directly (writeNow, no promise per write).
      const orig = conn.writeNow.bind(conn);
      conn.writeNow = (bufs, total, done) => {
        calls.push(bufs.length);
        orig(bufs, total, done);
      };
      socket = toSocket(conn);
      socket.cork();
      socket.write("a");
      socket.write("bb");
      socket.write(Buffer.from("ccc"));
      socket.uncork();
      socket.end("dddd", () => (finished = true));
      socket.resume();
    }
    await done;
    await once(socket, "close");
    expect(received).toBe("abbcccdddd");
    expect(calls[0]).toBeGreaterThanOrEqual(3);
    expect(finished).toBe(true);
    expect(socket.bytesWritten).toBe(10);
    expect(socket.bytesRead).toBe(10);
    await srvRef.close();
  });

  it("destroySoon ends, flushes, then closes", async () => {
    let got = 0;
    let peerEnded!: () => void;
    const ended = new Promise<void>((r) => (peerEnded = r));
    const srv = await netServer((s) =>
      s.on("data", (d) => (got += d.length)).on("end", () => {
        peerEnded();
        s.end();
      }),
    );
    const s = createConnection({ host: "127.0.0.1", port: srv.port });
    s.write(Buffer.alloc(1 << 20, 1));
    s.destroySoon();
    s.resume();
    await once(s, "close");
    await ended;
    expect(got).toBe(1 << 20);
    await srv.close();
  });

  it("connect(port, host, cb) on a new Socket, as pg's stream option calls it", async () => {
    const srv = await netServer((s) => s.end("pg"));
    const s = new Socket();
    expect(s.pending).toBe(true);
    let connected = false;
    s.connect(srv.port, "127.0.0.1", () => (connected = true));
    expect(s.connecting).toBe(true);
    expect(s.readyState).toBe("opening");
    s.setNoDelay(true).setKeepAlive(true, 1000);
    let data = "";
    s.on("data", (d) => (data += d));
    await once(s, "close");
    expect([connected, data]).toEqual([true, "pg"]);
    await srv.close();
  });

  it("a refused dial: error then close(true); createConnection's callback gets the error", async () => {
    const srv = await netServer(() => void 0);
    const port = srv.port;
    await srv.close();
    const s = createConnection({ host: "127.0.0.1", port });
    const events: string[] = [];
    record(s, events);
    await new Promise((r) => s.on("close", r)); // once() would reject on the 'error' that comes first
    expect(events).toEqual(["error(ECONNREFUSED)", "close(true)"]);
    const err = await new Promise<Error | null>((resolve) => createConnection({ host: "127.0.0.1", port }, (e) => resolve(e)));
    expect((err as NodeJS.ErrnoException).code).toBe("ECONNREFUSED");
  });

  it("ref/unref reach the Conn; destroy while connecting closes the dial", async () => {
    const srv = await netServer((s) => s.end());
    const s = createConnection({ host: "127.0.0.1", port: srv.port });
    s.unref();
    s.destroy();
    await once(s, "close");
    const ln = await listen("tcp", "127.0.0.1:0");
    const conn = await dial("tcp", `127.0.0.1:${ln.addr.port}`);
    const peer = await ln.accept();
    let unrefs = 0;
    const orig = conn.unref.bind(conn);
    conn.unref = () => (unrefs++, orig());
    const t = toSocket(conn).unref().ref();
    expect(unrefs).toBe(1);
    t.destroy();
    await once(t, "close");
    await peer.close();
    await ln.close();
    await srv.close();
  });

  it("rejects bad arguments with clear errors", () => {
    expect(() => toSocket({} as Conn)).toThrow(/toSocket: conn must be a Conn/);
    expect(() => toDuplex({} as Conn)).toThrow(TypeError);
    expect(() => createConnection({ host: "127.0.0.1", port: 70000 })).toThrow(/port must be an integer/);
    expect(() => createConnection({ host: "127.0.0.1", port: 1, localAddress: "nope" })).toThrow(/localAddress/);
    expect(() => createConnection(null as never)).toThrow(/options must be an object/);
    const s = new Socket();
    expect(() => s.setTimeout(-1)).toThrow(RangeError);
    expect(() => s.setTimeout("1" as never)).toThrow(/msecs must be a number/);
    expect(() => s.connect(true as never)).toThrow(TypeError);
    s.destroy();
  });
});

afterAll(async () => {
  await new Promise((r) => setTimeout(r, 50));
  const s = debugStats();
  expect([s.openFds, s.parkedOps]).toEqual([0, 0]);
});
