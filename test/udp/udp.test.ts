// UDP: round trips, connected sockets, truncation, deadlines and close,
// Go's errors for bad input, multicast and broadcast options, and the batch
// forms moving 100,000 datagrams with loss counted. Loopback only.

import { describe, expect, it } from "vitest";
import {
  type Conn,
  Dialer,
  DialedUDPConn,
  ErrClosed,
  ErrDeadlineExceeded,
  ErrWriteToConnected,
  IP,
  ListenConfig,
  OpError,
  PacketBatch,
  UDPAddr,
  UDPConn,
  UnknownNetworkError,
  constants as C,
  debugStats,
  dial,
  errorIs,
  interfaces,
  isTimeout,
  listenMulticastUDP,
  listenPacket,
  parseIP,
  resolveUDPAddr,
} from "../../lib/index.js";
import { native } from "../../lib/internal/binding.js";
import { closeTracked, dec, enc, track, within } from "../helpers/scope.js";

async function pair(network: "udp4" | "udp6" | "udp" = "udp4", host = "127.0.0.1"): Promise<[UDPConn, UDPConn]> {
  const a = track(await listenPacket(network, `${host.includes(":") ? `[${host}]` : host}:0`));
  const b = track(await listenPacket(network, `${host.includes(":") ? `[${host}]` : host}:0`));
  return [a, b];
}

/** Resolves within `ms` or fails the test: every wait here is bounded. */
describe("round trips", () => {
  it("writeTo / readFrom over udp4 report the sender", async () => {
    const [a, b] = await pair();
    expect(await a.writeTo("ping", b.localAddr)).toBe(4);
    const buf = new Uint8Array(64);
    const { n, addr } = await within(b.readFrom(buf));
    expect(dec(buf.subarray(0, n))).toBe("ping");
    expect(addr).toBeInstanceOf(UDPAddr);
    expect(addr.toString()).toBe(a.localAddr.toString());
    expect(addr.network).toBe("udp");
    // The echo goes back to the address readFrom reported (the seed's ping/pong).
    await b.writeToUDP(enc("pong"), addr);
    const back = await within(a.readFromUDP(buf));
    expect(dec(buf.subarray(0, back.n))).toBe("pong");
    expect(back.addr.port).toBe(b.localAddr.port);
  });

  it("udp6 on ::1, and a dual-stack wildcard socket sees IPv4 senders", async () => {
    const [a, b] = await pair("udp6", "::1");
    await a.writeTo("six", b.localAddr);
    const buf = new Uint8Array(16);
    const r = await within(b.readFrom(buf));
    expect(r.addr.toString()).toBe(`[::1]:${a.localAddr.port}`);

    const any = track(await listenPacket("udp", ":0"));
    expect(any.localAddr.toString()).toBe(`[::]:${any.localAddr.port}`);
    const v4 = track(await listenPacket("udp4", "127.0.0.1:0"));
    await v4.writeTo("four", `127.0.0.1:${any.localAddr.port}`);
    const r4 = await within(any.readFrom(buf));
    expect(r4.addr.toString()).toBe(v4.localAddr.toString());
    expect(r4.addr.ip!.bytes.length).toBe(16); // IPv4-mapped, printed dotted (Go's rule)
  });

  it("a parked readFrom completes with the sender, FIFO across several", async () => {
    const [a, b] = await pair();
    const bufs = [0, 1, 2].map(() => new Uint8Array(8));
    const reads = bufs.map((buf) => b.readFrom(buf));
    for (const s of ["one", "two", "three"]) await a.writeTo(s, b.localAddr);
    const got = await within(Promise.all(reads));
    expect(got.map((r, i) => dec(bufs[i].subarray(0, r.n)))).toEqual(["one", "two", "three"]);
    // One peer: the decoded sender is reused, not rebuilt per datagram.
    expect(got[1].addr).toBe(got[0].addr);
    expect(got[2].addr).toBe(got[0].addr);
  });

  it("empty datagrams are (0, addr), not EOF", async () => {
    const [a, b] = await pair();
    await a.writeTo(new Uint8Array(0), b.localAddr);
    const r = await within(b.readFrom(new Uint8Array(8)));
    expect(r.n).toBe(0);
    expect(r.addr.port).toBe(a.localAddr.port);
  });

  it("dial makes a connected UDPConn: read/write, remoteAddr, Go's messages", async () => {
    const srv = track(await listenPacket("udp4", "127.0.0.1:0"));
    const c = track(await dial("udp", srv.localAddr.toString()));
    expect(c).toBeInstanceOf(UDPConn);
    expect(c).toBeInstanceOf(DialedUDPConn);
    // A Conn without a cast: the compiler checks this line.
    const asConn: Conn = c;
    expect(asConn.remoteAddr.toString()).toBe(srv.localAddr.toString());
    expect(await c.write("hello")).toBe(5);
    const buf = new Uint8Array(16);
    const { n, addr } = await within(srv.readFrom(buf));
    expect(dec(buf.subarray(0, n))).toBe("hello");
    await srv.writeTo("world", addr);
    expect(await within(c.read(buf))).toBe(5);
    await srv.writeTo("chunk", addr);
    expect(dec((await within(c.read()))!)).toBe("chunk");
    // Go: WriteTo on a pre-connected socket.
    const err = await c.writeTo("x", srv.localAddr).catch((e: unknown) => e);
    expect(errorIs(err, ErrWriteToConnected)).toBe(true);
    expect((err as OpError).message).toBe(
      `write udp ${c.localAddr}->${srv.localAddr}: use of WriteTo with pre-connected connection`,
    );
  });

  it("a Dialer's localAddr and control hook apply to UDP", async () => {
    const srv = track(await listenPacket("udp4", "127.0.0.1:0"));
    const seen: string[] = [];
    const d = new Dialer({
      localAddr: new UDPAddr(parseIP("127.0.0.1"), 0),
      control: (network, address, raw) => {
        seen.push(`${network} ${address}`);
        raw.setsockopt(C.SOL_SOCKET, C.SO_RCVBUF, 65536);
      },
    });
    const c = track(await d.dial("udp4", srv.localAddr.toString()));
    expect(seen).toEqual([`udp4 ${srv.localAddr}`]);
    expect(c.localAddr.ip!.toString()).toBe("127.0.0.1");
  });

  it("resolveUDPAddr and listenPacket share Go's rules", async () => {
    const a = await resolveUDPAddr("udp", "127.0.0.1:53");
    expect(a.toString()).toBe("127.0.0.1:53");
    expect((await resolveUDPAddr("udp6", "[::1]:domain")).toString()).toBe("[::1]:53");
    const cfg = new ListenConfig({ reusePort: true });
    if (native.platform.os === "win32") {
      // Windows has no SO_REUSEPORT: a clear error, not a wrong constant.
      const err = await cfg.listenPacket("udp4", "127.0.0.1:0").catch((e: unknown) => e);
      expect((err as OpError).message).toBe("listen udp4 127.0.0.1:0: socket option SO_REUSEPORT is not available on win32");
      return;
    }
    const p1 = track(await cfg.listenPacket("udp4", "127.0.0.1:0"));
    const p2 = track(await cfg.listenPacket("udp4", `127.0.0.1:${p1.localAddr.port}`));
    expect(p2.localAddr.port).toBe(p1.localAddr.port);
  });
});

describe("truncation", () => {
  it("readFrom cuts a long datagram to the buffer; readMsgUDP reports MSG_TRUNC", async () => {
    const [a, b] = await pair();
    await a.writeTo("0123456789", b.localAddr);
    const small = new Uint8Array(4);
    const r = await within(b.readFrom(small));
    expect(r.n).toBe(4);
    expect(dec(small)).toBe("0123");
    await a.writeTo("abcdefghij", b.localAddr);
    const m = await within(b.readMsgUDP(small));
    expect(m.n).toBe(4);
    expect(m.truncated).toBe(true);
    expect(m.flags & C.MSG_TRUNC).toBe(C.MSG_TRUNC);
    expect(m.addr!.port).toBe(a.localAddr.port);
    await a.writeTo("ok", b.localAddr);
    const m2 = await within(b.readMsgUDP(small));
    expect(m2.truncated).toBe(false);
  });

  it("batch slots report truncation per datagram", async () => {
    const [a, b] = await pair();
    await a.writeTo("short", b.localAddr);
    await a.writeTo("x".repeat(100), b.localAddr);
    const batch = new PacketBatch<UDPAddr>(4, 16);
    let got = 0;
    while (got < 2) got += await within(b.readBatch(batch)).then((n) => n);
    // Both may come in one batch or in two; the last read holds the long one.
    const last = batch.length - 1;
    expect(batch.n(last)).toBe(16);
    expect(batch.truncated(last)).toBe(true);
  });
});

describe("deadlines and close", () => {
  it("a read deadline fails readFrom with Go's message; the socket recovers", async () => {
    const [a, b] = await pair();
    b.setReadDeadline(Date.now() + 30);
    const err = await b.readFrom(new Uint8Array(8)).catch((e: unknown) => e);
    expect(isTimeout(err)).toBe(true);
    expect(errorIs(err, ErrDeadlineExceeded)).toBe(true);
    expect((err as OpError).message).toBe(`read udp ${b.localAddr}: i/o timeout`);
    b.setReadDeadline(null);
    await a.writeTo("again", b.localAddr);
    expect((await within(b.readFrom(new Uint8Array(8)))).n).toBe(5);
  });

  it("a past deadline fails at once without consuming the datagram", async () => {
    const [a, b] = await pair();
    await a.writeTo("kept", b.localAddr);
    b.setDeadline(new Date(233431200 * 1000));
    expect(isTimeout(await b.readFrom(new Uint8Array(8)).catch((e: unknown) => e))).toBe(true);
    expect(isTimeout(await b.writeTo("x", a.localAddr).catch((e: unknown) => e))).toBe(true);
    b.setDeadline(0);
    const buf = new Uint8Array(8);
    const r = await within(b.readFrom(buf));
    expect(dec(buf.subarray(0, r.n))).toBe("kept");
  });

  it("close rejects pending reads and batches with ErrClosed; later calls too", async () => {
    const [, b] = await pair();
    const p1 = b.readFrom(new Uint8Array(8));
    const p2 = b.readBatch(new PacketBatch(4, 64));
    await b.close();
    for (const p of [p1, p2]) {
      const err = await p.catch((e: unknown) => e);
      expect(errorIs(err, ErrClosed)).toBe(true);
    }
    const err = await b.writeTo("x", new UDPAddr(parseIP("127.0.0.1"), 9)).catch((e: unknown) => e);
    expect(errorIs(err, ErrClosed)).toBe(true);
    await b.close(); // twice is harmless
    expect(b.localAddr.port).toBeGreaterThan(0); // still valid after close, as Go
  });
});

describe("errors", () => {
  it("connected UDP reports ECONNREFUSED from the ICMP port unreachable", async () => {
    const gone = await listenPacket("udp4", "127.0.0.1:0");
    const port = gone.localAddr.port;
    await gone.close();
    const c = track(await dial("udp4", `127.0.0.1:${port}`));
    await c.write("anyone?");
    if (native.platform.os === "win32") {
      // gonet turns SIO_UDP_CONNRESET off on every UDP socket, as Go does on
      // Windows: the ICMP is dropped and the read just waits.
      c.setReadDeadline(Date.now() + 200);
      expect(isTimeout(await c.read(new Uint8Array(8)).catch((e: unknown) => e))).toBe(true);
      return;
    }
    const err = await within(c.read(new Uint8Array(8))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpError);
    expect((err as OpError).code).toBe("ECONNREFUSED");
    expect((err as OpError).message).toBe(`read udp ${c.localAddr}->127.0.0.1:${port}: read: connection refused`);
  });

  it("oversized datagrams fail with EMSGSIZE and nothing is sent", async () => {
    const [a, b] = await pair();
    const err = await a.writeTo(new Uint8Array(70000), b.localAddr).catch((e: unknown) => e);
    expect((err as OpError).code).toBe("EMSGSIZE");
    expect((err as OpError).message).toBe(`write udp ${a.localAddr}->${b.localAddr}: sendto: message too long`);
    const batch = new PacketBatch<UDPAddr>(2, 70000);
    batch.set(0, new Uint8Array(10), b.localAddr).set(1, new Uint8Array(69000), b.localAddr);
    const berr = await a.writeBatch(batch, 2).catch((e: unknown) => e);
    expect((berr as OpError).code).toBe("EMSGSIZE");
    expect((berr as OpError).bytesWritten).toBe(1); // the first datagram went
  });

  it("bad addresses, wrong families and bad arguments are clear errors", async () => {
    const [a] = await pair();
    // An IPv6 destination on an IPv4 socket: Go's AddrError.
    const e1 = await a.writeTo("x", new UDPAddr(parseIP("::1"), 9)).catch((e: unknown) => e);
    expect((e1 as OpError).message).toBe(`write udp ${a.localAddr}->[::1]:9: address ::1: non-IPv4 address`);
    const e2 = await a.writeTo("x", new UDPAddr(parseIP("127.0.0.1"), 70000)).catch((e: unknown) => e);
    expect((e2 as OpError).message).toMatch(/invalid port$/);
    await expect(a.writeTo("x", "127.0.0.1")).rejects.toThrow(/missing port in address/);
    await expect(a.writeTo("x", "127.0.0.1:99999")).rejects.toThrow(/invalid port/);
    await expect(listenPacket("udp4", "[::1]:0")).rejects.toThrow(/no suitable address found/);
    await expect(listenPacket("udp5" as string, ":0")).rejects.toThrow("listen udp5: unknown network udp5");
    await expect(listenPacket("tcp", ":0")).rejects.toThrow("listen tcp :0: address :0: unexpected address type");
    await expect(dial("udp", "")).rejects.toThrow("dial udp: missing address");
    const busy = await listenPacket("udp4", `127.0.0.1:${a.localAddr.port}`).catch((e: unknown) => e);
    expect((busy as OpError).message).toBe(`listen udp4 127.0.0.1:${a.localAddr.port}: bind: address already in use`);
    expect(() => new PacketBatch(0, 10)).toThrow(RangeError);
    expect(() => new PacketBatch(2, 10).set(0, new Uint8Array(11))).toThrow(RangeError);
    expect(() => a.readFrom("nope" as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => a.setTTL(300)).toThrow(RangeError);
  });
});

describe("options", () => {
  it("TTL, broadcast and buffer sizes reach the socket", async () => {
    const [a] = await pair();
    const raw = a.syscallConn();
    expect(raw.getsockopt(C.SOL_SOCKET, C.SO_BROADCAST)).toBe(1); // Go's default for datagram sockets
    a.setBroadcast(false);
    expect(raw.getsockopt(C.SOL_SOCKET, C.SO_BROADCAST)).toBe(0);
    a.setTTL(7);
    expect(raw.getsockopt(C.IPPROTO_IP, C.IP_TTL)).toBe(7);
    a.setReadBuffer(1 << 16);
    expect(raw.getsockopt(C.SOL_SOCKET, C.SO_RCVBUF)).toBeGreaterThanOrEqual(1 << 16);
  });

  it("broadcast on the loopback network needs SO_BROADCAST (Go sets it)", async () => {
    const rx = track(await listenPacket("udp4", "0.0.0.0:0"));
    const tx = track(await listenPacket("udp4", "127.0.0.1:0"));
    const to = new UDPAddr(parseIP("127.255.255.255"), rx.localAddr.port);
    await tx.writeTo("to everyone on lo", to);
    const buf = new Uint8Array(32);
    const r = await within(rx.readFrom(buf));
    expect(dec(buf.subarray(0, r.n))).toBe("to everyone on lo");
    tx.setBroadcast(false);
    const err = await tx.writeTo("x", to).catch((e: unknown) => e);
    expect((err as OpError).code).toBe("EACCES");
    expect((err as OpError).message).toBe(`write udp ${tx.localAddr}->${to}: sendto: permission denied`);
  });

  it("multicast on the loopback interface: join, loopback, TTL, leave", async () => {
    const lo = interfaces().find((i) => i.flags.toString().includes("loopback"))!;
    const group = parseIP("239.255.77.77")!;
    const recv = track(await listenMulticastUDP("udp4", lo, new UDPAddr(group, 0)));
    expect(lo.multicastAddrs().map(String)).toContain("239.255.77.77");
    const port = recv.localAddr.port;
    const send = track(await listenPacket("udp4", "127.0.0.1:0"));
    send.setMulticastInterface(lo);
    send.setMulticastLoopback(true);
    send.setMulticastTTL(1);
    expect(send.syscallConn().getsockopt(C.IPPROTO_IP, C.IP_MULTICAST_TTL)).toBe(1);
    await send.writeTo("to the group", new UDPAddr(group, port));
    const buf = new Uint8Array(32);
    const r = await within(recv.readFrom(buf));
    expect(dec(buf.subarray(0, r.n))).toBe("to the group");
    expect(r.addr.toString()).toBe(send.localAddr.toString());
    recv.leaveGroup(group, lo);
    expect(lo.multicastAddrs().map(String)).not.toContain("239.255.77.77");
    expect(() => recv.joinGroup(parseIP("10.0.0.1")!)).toThrow(/not a multicast address/);
  });

  it("IPv6 groups: join and leave on lo (lo has no IPv6 multicast route, so nothing is sent)", async () => {
    const lo = interfaces().find((i) => i.flags.toString().includes("loopback"))!;
    const group = parseIP("ff12::7777")!;
    const c = track(await listenMulticastUDP("udp6", lo, new UDPAddr(group, 0)));
    expect(lo.multicastAddrs().map(String)).toContain("ff12::7777");
    c.setMulticastTTL(2);
    expect(c.syscallConn().getsockopt(C.IPPROTO_IPV6, C.IPV6_MULTICAST_HOPS)).toBe(2);
    expect(c.syscallConn().getsockopt(C.IPPROTO_IPV6, C.IPV6_MULTICAST_LOOP)).toBe(0); // Go turns it off
    c.leaveGroup(group, "lo");
    expect(lo.multicastAddrs().map(String)).not.toContain("ff12::7777");
  });
});

describe("batches", () => {
  it("writeBatch/readBatch move 100,000 datagrams; loss is counted, not hidden", async () => {
    const [a, b] = await pair();
    b.setReadBuffer(4 << 20);
    const TOTAL = 100_000;
    const COUNT = 64;
    const out = new PacketBatch<UDPAddr>(COUNT, 16);
    const seen = new Uint8Array(TOTAL);
    let received = 0;
    let dupes = 0;
    let done = false;
    const reader = (async () => {
      const batch = new PacketBatch<UDPAddr>(COUNT, 64);
      while (!done || received < TOTAL) {
        b.setReadDeadline(Date.now() + 500);
        let n: number;
        try {
          n = await b.readBatch(batch);
        } catch (err) {
          if (isTimeout(err)) break; // the rest were lost
          throw err;
        }
        for (let i = 0; i < n; i++) {
          const d = batch.data(i);
          const seq = new DataView(d.buffer, d.byteOffset, 4).getUint32(0, true);
          if (seen[seq]) {
            dupes++;
            if (dupes < 3) console.log("dupe", seq, i, n, received);
          }
          seen[seq] = 1;
          received++;
        }
        expect(batch.addr(0)!.port).toBe(a.localAddr.port);
      }
    })();
    const view = new DataView(out.area.buffer);
    for (let sent = 0; sent < TOTAL; ) {
      const n = Math.min(COUNT, TOTAL - sent);
      for (let i = 0; i < n; i++) {
        out.setLength(i, 16).setAddr(i, b.localAddr);
        view.setUint32(out.offset(i), sent + i, true);
      }
      expect(await a.writeBatch(out, n)).toBe(n);
      sent += n;
      // Let the reader run now and then: loopback drops what the receive buffer cannot hold.
      if ((sent / COUNT) % 8 === 0) await new Promise((r) => setImmediate(r));
    }
    done = true;
    await within(reader, 20_000);
    const lost = TOTAL - received;
    console.log(`batch: ${received} of ${TOTAL} datagrams received, ${lost} lost, ${dupes} duplicated`);
    expect(dupes).toBe(0);
    expect(received + lost).toBe(TOTAL);
    expect(received).toBeGreaterThan(TOTAL * 0.5); // loopback with a 4 MiB buffer loses little
  }, 60_000);

  it("a batch to a connected socket needs no addresses", async () => {
    const srv = track(await listenPacket("udp4", "127.0.0.1:0"));
    const c = track(await dial("udp4", srv.localAddr.toString()));
    const batch = new PacketBatch(3, 8);
    for (let i = 0; i < 3; i++) batch.set(i, enc(`c${i}`));
    expect(await c.writeBatch(batch, 3)).toBe(3);
    const got: string[] = [];
    const rb = new PacketBatch<UDPAddr>(8, 8);
    while (got.length < 3) {
      const n = await within(srv.readBatch(rb));
      for (let i = 0; i < n; i++) got.push(dec(rb.data(i)));
    }
    expect(got).toEqual(["c0", "c1", "c2"]);
  });
});

it("everything is released once the sockets are closed", async () => {
  await closeTracked();
  const s = debugStats();
  expect(s.parkedOps).toBe(0);
  expect(s.heldBuffers).toBe(0);
});

export { IP };

describe("detached buffers", () => {
  // Regression: a detached buffer reads as length 0; readFrom must not take it
  // for an empty buffer (that would consume and truncate a datagram).
  it("readFrom and writeTo reject a detached buffer with a TypeError and lose no datagram", async () => {
    const [a, b] = await pair();
    const detached = () => {
      const buf = new Uint8Array(16);
      structuredClone(buf.buffer, { transfer: [buf.buffer] });
      return buf;
    };
    await a.writeTo(new TextEncoder().encode("kept"), b.localAddr);
    expect(() => b.readFrom(detached())).toThrow(TypeError);
    expect(() => a.writeTo(detached(), b.localAddr)).toThrow(TypeError);
    const buf = new Uint8Array(16);
    const { n } = await b.readFrom(buf);
    expect(new TextDecoder().decode(buf.subarray(0, n))).toBe("kept");
  });
});
