// The Socket adapter's writes straight on the gonet socket (NetFD.writeNow:
// the Writable callback runs inside the write when the kernel takes it all,
// from the completion when the write parks): order, counts, errors and a
// copy's write lock, against a real gonet peer.
import { once } from "node:events";
import { describe, expect, it } from "vitest";
import { OpError, type TCPConn, copy, debugStats, dial, listen } from "../lib/index.js";
import { track } from "./helpers/scope.js";
import { socketPair } from "./helpers/socket-pair.js";

/** Reads `peer` until `n` bytes came. */
async function readAll(peer: TCPConn, n: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let got = 0;
  while (got < n) {
    const chunk = await peer.read();
    if (chunk === null) break;
    parts.push(Buffer.from(chunk));
    got += chunk.length;
  }
  return Buffer.concat(parts);
}

describe("Socket writes", () => {
  it("a write the kernel cannot take at once completes once the peer reads; later writes follow it in order", async () => {
    const p = await socketPair();
    track(p);
    p.conn.setWriteBuffer(64 * 1024);
    const big = Buffer.alloc(8 << 20, 1);
    let bigDone = false;
    let smallDone = false;
    p.sock.write(big, () => (bigDone = true));
    p.sock.write("tail", () => (smallDone = true));
    await new Promise((r) => setTimeout(r, 100));
    expect(bigDone).toBe(false);
    expect(debugStats().parkedOps).toBeGreaterThan(0);
    const got = await readAll(p.peer, big.length + 4);
    expect(got.length).toBe(big.length + 4);
    expect(got.subarray(big.length).toString()).toBe("tail");
    expect(got.subarray(0, big.length).every((b) => b === 1)).toBe(true);
    await new Promise((r) => setImmediate(r));
    expect(bigDone && smallDone).toBe(true);
    expect(p.sock.bytesWritten).toBe(big.length + 4);
  });

  it("a write after the peer reset fails with an OpError on 'error'", async () => {
    const p = await socketPair();
    track(p);
    p.peer.setLinger(0);
    await p.peer.close();
    await new Promise((r) => setTimeout(r, 50));
    const failed = once(p.sock, "error");
    const payload = Buffer.alloc(1 << 16, 2);
    // The first write may still be taken by the kernel; a later one meets the reset.
    for (let i = 0; i < 8; i++) p.sock.write(payload);
    const [err] = (await failed) as [OpError];
    expect(err).toBeInstanceOf(OpError);
    expect(err.op).toBe("write");
    expect(["ECONNRESET", "EPIPE"]).toContain((err.err as NodeJS.ErrnoException).code);
  });

  it("a write issued while a copy holds the write lock goes after the copy's bytes", async () => {
    const p = await socketPair();
    track(p);
    const ln = await listen("tcp", "127.0.0.1:0");
    const [src, feeder] = await Promise.all([ln.accept() as Promise<TCPConn>, dial("tcp", ln.addr.toString()) as Promise<TCPConn>]);
    await ln.close();
    const copying = copy(p.conn, src);
    await feeder.write(Buffer.from("copied "));
    expect((await readAll(p.peer, 7)).toString()).toBe("copied ");
    let done = false;
    p.sock.write("after", () => (done = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(false);
    await feeder.close();
    await copying;
    await src.close();
    expect((await readAll(p.peer, 5)).toString()).toBe("after");
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(true);
  });
});
