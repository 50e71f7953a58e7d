// writeBuffers: one gathered write (writev/sendmsg) of many buffers.
import { createHash, randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { type Conn, type OpError, type TCPConn, type UDPConn, debugStats, dial, listen, listenPacket } from "../lib/index.js";

async function tcpPair(): Promise<[TCPConn, TCPConn, () => Promise<void>]> {
  const ln = await listen("tcp", "127.0.0.1:0");
  const [a, b] = await Promise.all([ln.accept(), dial("tcp", ln.addr.toString()) as Promise<TCPConn>]);
  return [a, b, () => ln.close()];
}

async function readAll(c: Conn): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of c) parts.push(chunk);
  return Buffer.concat(parts);
}

describe("writeBuffers", () => {
  it("sends many buffers in order, byte for byte, through backpressure", async () => {
    const [a, b, stop] = await tcpPair();
    // 3,000 buffers (more than one sendmsg takes) of mixed sizes, 24 MiB in all.
    const bufs = Array.from({ length: 3000 }, (_, i) => randomBytes(i % 7 === 0 ? 64 * 1024 : 1 + (i % 500)));
    const total = bufs.reduce((n, x) => n + x.length, 0);
    const received = readAll(a);
    expect(await b.writeBuffers(bufs)).toBe(total);
    await b.closeWrite();
    const got = await received;
    expect(got.length).toBe(total);
    expect(createHash("sha256").update(got).digest("hex")).toBe(createHash("sha256").update(Buffer.concat(bufs)).digest("hex"));
    await Promise.all([a.close(), b.close(), stop()]);
  });

  it("takes strings, empty buffers and an empty list", async () => {
    const [a, b, stop] = await tcpPair();
    const received = readAll(a);
    expect(await b.writeBuffers([])).toBe(0);
    expect(await b.writeBuffers(["HTTP/1.1 200 OK\r\n", new Uint8Array(0), "\r\n", Buffer.from("body")])).toBe(23);
    await b.closeWrite();
    expect((await received).toString()).toBe("HTTP/1.1 200 OK\r\n\r\nbody");
    await Promise.all([a.close(), b.close(), stop()]);
  });

  it("keeps order with plain writes queued around it", async () => {
    const [a, b, stop] = await tcpPair();
    const received = readAll(a);
    const big = randomBytes(8 << 20);
    await Promise.all([b.write(big), b.writeBuffers(["x", "y"]), b.write("z")]);
    await b.closeWrite();
    const got = await received;
    expect(got.subarray(0, big.length).equals(big)).toBe(true);
    expect(got.subarray(big.length).toString()).toBe("xyz");
    await Promise.all([a.close(), b.close(), stop()]);
  });

  it("sends one datagram on UDP", async () => {
    const a = (await listenPacket("udp4", "127.0.0.1:0")) as UDPConn;
    const b = (await dial("udp4", a.localAddr.toString())) as UDPConn;
    expect(await b.writeBuffers(["head|", "body"])).toBe(9);
    const buf = new Uint8Array(64);
    const { n } = await a.readFrom(buf);
    expect(Buffer.from(buf.subarray(0, n)).toString()).toBe("head|body");
    await Promise.all([a.close(), b.close()]);
  });

  it("rejects bad input clearly and fails on a closed conn with bytesWritten 0", async () => {
    const [a, b, stop] = await tcpPair();
    expect(() => b.writeBuffers("nope" as never)).toThrow(TypeError);
    expect(() => b.writeBuffers([1 as never])).toThrow(TypeError);
    await b.close();
    const err = (await b.writeBuffers(["x"]).catch((e: unknown) => e)) as OpError;
    expect(err.message).toMatch(/^write tcp .*: use of closed network connection$/);
    expect(err.bytesWritten).toBe(0);
    await Promise.all([a.close(), stop()]);
  });

  it("a buffer detached while the write waits fails it, with what was sent", async () => {
    const [a, b, stop] = await tcpPair();
    const first = new Uint8Array(32 << 20);
    const second = new Uint8Array(1024);
    const pending = b.writeBuffers([first, second]).catch((e: unknown) => e);
    structuredClone(second.buffer, { transfer: [second.buffer] });
    const drained = readAll(a).catch(() => Buffer.alloc(0));
    const err = (await pending) as OpError;
    expect(err).toBeInstanceOf(Error);
    expect(err.bytesWritten).toBeGreaterThan(0);
    await b.close();
    await drained;
    await Promise.all([a.close(), stop()]);
  });
});

afterAll(() => {
  const s = debugStats();
  expect([s.openFds, s.parkedOps, s.heldBuffers]).toEqual([0, 0, 0]);
});
