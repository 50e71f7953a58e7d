// fileConn, fileListener and filePacketConn pick the Conn type from the
// descriptor's SO_DOMAIN and SO_TYPE through the one table of network
// kinds (lib/internal/networks.ts): one case per row, and the refusals.

import { openSync, closeSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { OpError, TCPConn, TCPListener, UDPConn, UnixConn, fileConn, fileListener, filePacketConn, listen, listenPacket, dial } from "../lib/index.js";

const closers: Array<{ close(): Promise<void> }> = [];
const track = <T extends { close(): Promise<void> }>(c: T): T => (closers.push(c), c);
afterAll(async () => {
  for (const c of closers) await c.close();
});

describe("file descriptors to Conns", () => {
  it("a TCP listener, a TCP conn and a UDP socket come back as their own types", async () => {
    const ln = track(await listen("tcp", "127.0.0.1:0"));
    const c = track(await dial("tcp", String(ln.addr)));
    const pc = track(await listenPacket("udp", "127.0.0.1:0"));
    const ln2 = track(fileListener(ln.fd));
    expect(ln2).toBeInstanceOf(TCPListener);
    expect(String(ln2.addr)).toBe(String(ln.addr));
    const c2 = track(fileConn(c.fd));
    expect(c2).toBeInstanceOf(TCPConn);
    expect(String(c2.remoteAddr)).toBe(String(ln.addr));
    const p2 = track(filePacketConn(pc.fd));
    expect(p2).toBeInstanceOf(UDPConn);
    expect(String(p2.localAddr)).toBe(String(pc.localAddr));
    expect(track(fileConn(pc.fd))).toBeInstanceOf(UDPConn);
  });

  it("a unixgram socket is a UnixConn; a conn is not a listener; a plain file is no socket", async () => {
    const pc = track(await listenPacket("unixgram", ""));
    expect(track(filePacketConn(pc.fd))).toBeInstanceOf(UnixConn);
    const udp = track(await listenPacket("udp", "127.0.0.1:0"));
    expect(() => fileListener(udp.fd)).toThrow(OpError);
    // A stream socket is no PacketConn: its row has no filePacketConn.
    const ln = track(await listen("tcp", "127.0.0.1:0"));
    expect(() => filePacketConn(ln.fd)).toThrow(/protocol not supported/);
    const fd = openSync("/dev/null", "r");
    try {
      expect(() => fileConn(fd)).toThrow(OpError);
    } finally {
      closeSync(fd);
    }
  });
});
