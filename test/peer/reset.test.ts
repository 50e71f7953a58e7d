// A peer that resets the connection (SO_LINGER 0 close: node:net's
// resetAndDestroy) mid-stream: pending and later operations on the gonet
// side must fail with ECONNRESET/EPIPE OpErrors, never stall or crash.

import type net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { OpError, type TCPConn, type TCPListener, listen } from "../../lib/index.js";
import { rejection, sleep, within } from "../helpers/tcp.js";
import { drain, nodeClient, readExactly } from "./helpers.js";

let ln: TCPListener;
const open: { close(): unknown }[] = [];

beforeAll(async () => {
  ln = await listen("tcp", "127.0.0.1:0");
});
afterEach(async () => {
  for (const c of open.splice(0)) await c.close();
});
afterAll(async () => {
  await ln.close();
});

/** A node:net client and the gonet conn it is connected to. */
async function pair(): Promise<{ peer: net.Socket; conn: TCPConn }> {
  const [peer, conn] = await Promise.all([nodeClient(ln.addr.port), ln.accept()]);
  peer.on("error", () => undefined); // the peer's own view of the reset is not under test
  open.push(conn, { close: () => peer.destroy() });
  return { peer, conn };
}

function expectReset(err: unknown, op: "read" | "write"): OpError {
  expect(err).toBeInstanceOf(OpError);
  const e = err as OpError;
  expect(e.op).toBe(op);
  expect(["ECONNRESET", "EPIPE"]).toContain(e.code);
  return e;
}

describe("peer reset (RST) mid-stream", () => {
  it("a pending read rejects with ECONNRESET", async () => {
    const { peer, conn } = await pair();
    peer.write("hello");
    expect(await readExactly(conn, 5)).toBe("hello");
    const pending = conn.read(new Uint8Array(16));
    await sleep(20);
    peer.resetAndDestroy();
    const err = expectReset(await rejection(pending, 5_000), "read");
    expect(err.code).toBe("ECONNRESET");
    expect(err.message).toMatch(/^read tcp .*: connection reset by peer$/);
    // Later reads settle too (EOF or the same error), they never wait.
    const after = await drain(conn, 1, 3_000);
    expect(after.data.length).toBe(0);
    expect(after.eof || (after.err instanceof OpError && !after.err.timeout())).toBe(true);
  });

  it("data queued before the reset: a prefix of it, then ECONNRESET", async () => {
    const { peer, conn } = await pair();
    peer.write("0123456789");
    await new Promise<void>((resolve) => peer.write("abcdef", () => resolve()));
    await sleep(20);
    peer.resetAndDestroy();
    await sleep(20);
    const r = await drain(conn, 1000, 3_000);
    expect("0123456789abcdef".startsWith(r.data.toString())).toBe(true);
    expect(r.eof).toBe(false);
    expect(expectReset(r.err, "read").code).toBe("ECONNRESET");
  });

  it("a write parked on a peer that never reads fails when the peer resets, with bytesWritten", async () => {
    const { peer, conn } = await pair();
    peer.pause();
    const total = 64 * 1024 * 1024;
    const pending = conn.write(new Uint8Array(total));
    await sleep(200);
    peer.resetAndDestroy();
    const err = expectReset(await rejection(pending, 5_000), "write");
    expect(err.bytesWritten).toBeGreaterThan(0);
    expect(err.bytesWritten).toBeLessThan(total);
  });

  it("writes after the reset fail, never hang", async () => {
    const { peer, conn } = await pair();
    peer.resetAndDestroy();
    await sleep(50);
    let err: unknown;
    for (let i = 0; i < 20 && err === undefined; i++) {
      try {
        await within(conn.write(new Uint8Array(1024)), 5_000, "write");
      } catch (e) {
        err = e;
      }
    }
    expectReset(err, "write");
  });
});
