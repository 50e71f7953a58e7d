// A peer that stops reading: its receive window closes and our writes park.
// A write deadline must still fire, close() must settle a parked write, and
// each failed write's bytesWritten must be exactly what reached the peer
// (issue #8 defect 8 for the close case).

import type net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrClosed, OpError, type TCPConn, type TCPListener, errorIs, isTimeout, listen } from "../../lib/index.js";
import { rejection, sleep, stillPending } from "../helpers/tcp.js";
import { nodeClient, nodeCollect } from "./helpers.js";

const MiB = 1024 * 1024;
let ln: TCPListener;

beforeAll(async () => {
  ln = await listen("tcp", "127.0.0.1:0");
});
afterAll(async () => {
  await ln.close();
});

/** A node:net client that does not read (its window closes) and the gonet conn writing to it. */
async function stalledPair(): Promise<{ peer: net.Socket; conn: TCPConn; received: Promise<Buffer> }> {
  const [peer, conn] = await Promise.all([nodeClient(ln.addr.port), ln.accept()]);
  const received = nodeCollect(peer);
  peer.pause();
  return { peer, conn, received };
}

describe("zero-window stalls", () => {
  it("a write to a peer that never reads pends, its deadline fires, bytesWritten counts what went", async () => {
    const { peer, conn, received } = await stalledPair();
    const total = 64 * MiB;
    const data = new Uint8Array(total);
    const w = conn.write(data);
    expect(await stillPending(w, 100)).toBe(true);
    conn.setWriteDeadline(Date.now() + 100);
    const err = (await rejection(w, 5_000)) as OpError;
    expect(err).toBeInstanceOf(OpError);
    expect(isTimeout(err)).toBe(true);
    expect(err.message).toMatch(/^write tcp .*: i\/o timeout$/);
    expect(err.bytesWritten).toBeGreaterThan(0);
    expect(err.bytesWritten).toBeLessThan(total);
    // Later writes fail at once while the deadline stays passed.
    expect(isTimeout(await rejection(conn.write("x"), 2_000))).toBe(true);
    await conn.close();
    peer.resume();
    expect((await received).length).toBe(err.bytesWritten);
  });

  it("close() settles a parked part-sent write with the exact bytesWritten", async () => {
    const { peer, conn, received } = await stalledPair();
    const total = 64 * MiB;
    const w = conn.write(new Uint8Array(total).fill(1));
    await sleep(100);
    // Let the peer drain a little so the write is part-sent and parked again.
    peer.resume();
    await sleep(30);
    peer.pause();
    await sleep(100);
    expect(await stillPending(w, 20)).toBe(true);
    await conn.close();
    const err = (await rejection(w, 5_000)) as OpError;
    expect(err).toBeInstanceOf(OpError);
    expect(errorIs(err, ErrClosed)).toBe(true);
    peer.resume();
    const got = await received;
    expect(got.length).toBeGreaterThan(0);
    expect(err.bytesWritten).toBe(got.length);
  });

  it("a read deadline fires while the same conn's write is stalled", async () => {
    const { peer, conn, received } = await stalledPair();
    const w = conn.write(new Uint8Array(64 * MiB));
    await sleep(50);
    conn.setReadDeadline(Date.now() + 100);
    const rerr = await rejection(conn.read(new Uint8Array(8)), 5_000);
    expect(isTimeout(rerr)).toBe(true);
    expect(await stillPending(w, 10)).toBe(true);
    await conn.close();
    expect(errorIs(await rejection(w, 5_000), ErrClosed)).toBe(true);
    peer.resume();
    await received;
  });
});
