// Kernel receive timestamps and native send stamps on IPConn, and the
// control-message parser fed hostile bytes.

import { describe, expect, it } from "vitest";
import { IPAddr, constants as C, listenICMP, parseIP, parseSocketControlMessage, realtimeNs, receiveHopLimit, receiveTimestampNs } from "../../lib/index.js";
import { echoRequest } from "./icmp.js";

const isRoot = process.getuid?.() === 0;

function cmsg(level: number, type: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(16 + ((data.length + 7) & ~7));
  const v = new DataView(out.buffer);
  v.setBigUint64(0, BigInt(16 + data.length), true);
  v.setInt32(8, level, true);
  v.setInt32(12, type, true);
  out.set(data, 16);
  return out;
}

describe("control messages", () => {
  it("realtimeNs is the wall clock at nanosecond resolution", () => {
    const ms = Number(realtimeNs() / 1_000_000n);
    expect(Math.abs(ms - Date.now())).toBeLessThan(50);
    expect(realtimeNs()).not.toBe(realtimeNs() - 1n);
  });

  it("parses SO_TIMESTAMPNS and IP_TTL messages back to back", () => {
    const ts = new Uint8Array(16);
    new DataView(ts.buffer).setBigInt64(0, 1_700_000_000n, true);
    new DataView(ts.buffer).setBigInt64(8, 123_456_789n, true);
    const ttl = new Uint8Array(4);
    ttl[0] = 63;
    const oob = new Uint8Array([...cmsg(C.SOL_SOCKET, C.SO_TIMESTAMPNS, ts), ...cmsg(C.IPPROTO_IP, C.IP_TTL, ttl)]);
    const msgs = parseSocketControlMessage(oob);
    expect(msgs.map((m) => [m.level, m.type, m.data.length])).toEqual([
      [C.SOL_SOCKET, C.SO_TIMESTAMPNS, 16],
      [C.IPPROTO_IP, C.IP_TTL, 4],
    ]);
    expect(receiveTimestampNs(msgs)).toBe(1_700_000_000_123_456_789n);
    expect(receiveHopLimit(msgs)).toBe(63);
  });

  it("hostile lengths stop the parse, never read past the buffer", () => {
    const good = cmsg(C.SOL_SOCKET, C.SO_TIMESTAMPNS, new Uint8Array(16));
    for (const len of [0n, 15n, 33n, 1n << 40n, (1n << 64n) - 1n]) {
      const bad = good.slice();
      new DataView(bad.buffer).setBigUint64(0, len, true);
      expect(parseSocketControlMessage(bad)).toEqual([]);
    }
    expect(parseSocketControlMessage(good.subarray(0, 20))).toEqual([]);
    expect(receiveTimestampNs(parseSocketControlMessage(cmsg(C.SOL_SOCKET, C.SO_TIMESTAMPNS, new Uint8Array(8))))).toBeNull();
    expect(() => parseSocketControlMessage("x" as unknown as Uint8Array)).toThrow(TypeError);
  });
});

describe.skipIf(!isRoot)("IPConn send stamps", () => {
  it("a loopback echo: send stamp <= kernel receive stamp of the reply <= now", async () => {
    const c = await listenICMP("ip4:icmp");
    try {
      expect(c.lastSendTimeNs).toBeNull();
      c.stampSends();
      c.syscallConn().setsockopt(C.SOL_SOCKET, C.SO_TIMESTAMPNS, 1);
      const before = realtimeNs();
      await c.writeTo(echoRequest(4, 0x4747, 1, new Uint8Array(8)), new IPAddr(parseIP("127.0.0.1")));
      const sent = c.lastSendTimeNs!;
      expect(sent).toBeGreaterThanOrEqual(before);
      const buf = new Uint8Array(1500);
      const oob = new Uint8Array(128);
      c.setReadDeadline(Date.now() + 5000);
      for (;;) {
        const r = await c.readMsgIP(buf, oob);
        const hl = (buf[0] & 0x0f) * 4;
        if (buf[hl] !== 0 || buf[hl + 4] !== 0x47) continue; // our request itself, or other traffic
        const at = receiveTimestampNs(parseSocketControlMessage(oob.subarray(0, r.oobn)))!;
        expect(at).toBeGreaterThanOrEqual(sent);
        expect(at).toBeLessThanOrEqual(realtimeNs());
        break;
      }
    } finally {
      await c.close();
    }
    expect(() => c.stampSends()).toThrow(/use of closed network connection/);
  });
});
