// The Socket adapter's push-style reads (NetFD.readStart, binding
// io/socket_stream.cc): chunks from the poll batch, backpressure by stopping
// the native reads, and every way a stream ends, against a real gonet peer.
import { describe, expect, it } from "vitest";
import { copy, debugStats, dial, listen } from "../lib/index.js";
import { track } from "./helpers/scope.js";
import { socketPair } from "./helpers/socket-pair.js";

const until = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("Socket push reads", () => {
  it("a slow consumer bounds what is read: the native side stops, the peer's write waits", async () => {
    const p = await socketPair();
    track(p);
    p.conn.setReadBuffer(64 * 1024);
    let got = 0;
    const onData = (d: Buffer) => (got += d.length);
    p.sock.on("data", onData);
    p.sock.once("data", () => p.sock.pause());
    const total = 32 << 20;
    let wrote = false;
    const writing = p.peer.write(Buffer.alloc(total, 7)).then(() => (wrote = true));
    await until(300);
    // Only the stream's highWaterMark (and a chunk) reached JS; the rest waits in the kernels.
    expect(got).toBeGreaterThan(0);
    expect(p.sock.readableLength).toBeLessThanOrEqual(p.sock.readableHighWaterMark + 64 * 1024);
    expect(p.sock.bytesRead).toBe(got + p.sock.readableLength);
    expect(p.sock.bytesRead).toBeLessThan(4 << 20);
    expect(wrote).toBe(false);
    p.sock.resume();
    await writing;
    await p.peer.closeWrite();
    await new Promise((r) => p.sock.once("end", r));
    expect(got).toBe(total);
  });

  it("delivers every buffered byte before 'end'", async () => {
    const p = await socketPair();
    track(p);
    await p.peer.write(Buffer.from("first "));
    await p.peer.write(Buffer.from("second"));
    await p.peer.closeWrite();
    await until(50); // data and FIN both queued before the first read
    const chunks: Buffer[] = [];
    p.sock.on("data", (d: Buffer) => chunks.push(d));
    await new Promise((r) => p.sock.once("end", r));
    expect(Buffer.concat(chunks).toString()).toBe("first second");
  });

  it("a reset mid-stream is an 'error' after the data that came before it", async () => {
    const p = await socketPair();
    track(p);
    const chunks: Buffer[] = [];
    p.sock.on("data", (d: Buffer) => chunks.push(d));
    const failed = new Promise<Error>((r) => p.sock.once("error", r));
    await p.peer.write(Buffer.from("before the reset"));
    await until(50);
    p.peer.setLinger(0);
    await p.peer.close();
    const err = (await failed) as Error & { code?: string };
    expect(err.message).toMatch(/read tcp .*ECONNRESET|connection reset/i);
    expect(Buffer.concat(chunks).toString()).toBe("before the reset");
  });

  it("destroy while data flows: 'close' without an error, nothing left parked or pinned", async () => {
    const before = debugStats();
    const p = await socketPair();
    const errors: Error[] = [];
    p.sock.on("error", (e) => errors.push(e));
    let got = 0;
    p.sock.on("data", (d: Buffer) => {
      got += d.length;
      if (got > 1 << 20) p.sock.destroy();
    });
    const writing = p.peer.write(Buffer.alloc(16 << 20)).catch((e: Error) => e);
    const hadError = await new Promise((r) => p.sock.once("close", r));
    expect(hadError).toBe(false);
    expect(errors).toEqual([]);
    await p.peer.close();
    await writing;
    await until(20);
    expect(debugStats().parkedOps).toBe(before.parkedOps);
    expect(debugStats().openFds).toBe(before.openFds);
  });

  it("a peer flooding the socket cannot starve a timer", async () => {
    const p = await socketPair();
    track(p);
    let got = 0;
    p.sock.on("data", (d: Buffer) => (got += d.length));
    let flooding = true;
    const block = Buffer.alloc(256 * 1024);
    const flood = (async () => {
      for (let i = 0; flooding && i < 20_000; i++) await p.peer.write(block);
    })().catch(() => {});
    const t0 = Date.now();
    await until(20);
    const late = Date.now() - t0;
    flooding = false;
    await flood;
    expect(got).toBeGreaterThan(0);
    expect(late).toBeLessThan(1000);
  });

  it("a copy holding the read lock pauses the stream; it resumes after", async () => {
    const p = await socketPair();
    track(p);
    const chunks: Buffer[] = [];
    p.sock.on("data", (d: Buffer) => chunks.push(d));
    await p.peer.write(Buffer.from("to the stream "));
    await until(30);
    // copy() from the conn into a sink that stops it after the first bytes.
    const ln = await listen("tcp", "127.0.0.1:0");
    const [dst, far] = await Promise.all([dial("tcp", ln.addr.toString()), ln.accept()]);
    await ln.close();
    const copying = copy(dst, p.conn);
    await p.peer.write(Buffer.from("to the copy"));
    const seen = await far.read();
    expect(Buffer.from(seen!).toString()).toBe("to the copy");
    // The copy ends when its destination goes; the stream then reads again.
    await far.close();
    await p.peer.write(Buffer.from("x".repeat(1 << 16)));
    await copying.catch(() => {});
    await dst.close();
    expect(Buffer.concat(chunks).toString().startsWith("to the stream ")).toBe(true);
    expect(Buffer.concat(chunks).toString()).not.toContain("to the copy");
  });
});
