// Urgent data (MSG_OOB) from a foreign peer: "abc", one urgent byte, "def".
// Without SO_OOBINLINE the urgent byte is not part of the stream, and the
// kernel ends a read at the urgent mark with "def" still queued: a reader
// must go on to get "def" (node:net and Go do), not wait forever. Issue #8
// defect 3 — a remote peer could stall any request/response server this way.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type TCPConn, type UnixConn, constants as C, listen } from "../../lib/index.js";
import { type OobPeer, oobPeer, readExactly } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "gonet-peer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * Listens on `network`, points the urgent-data peer at it, and runs `test`
 * on the accepted conn; the conn, the peer and the listener are gone after.
 */
async function againstOobPeer(network: "tcp", test: (conn: TCPConn, peer: OobPeer) => Promise<void>): Promise<void>;
async function againstOobPeer(network: "unix", test: (conn: UnixConn, peer: OobPeer) => Promise<void>): Promise<void>;
async function againstOobPeer(network: "tcp" | "unix", test: (conn: never, peer: OobPeer) => Promise<void>): Promise<void> {
  const path = join(dir, "oob.sock");
  const ln = network === "tcp" ? await listen("tcp", "127.0.0.1:0") : await listen("unix", path);
  const peer = oobPeer(network, network === "tcp" ? (ln.addr as { port: number }).port : path);
  try {
    const conn = await ln.accept();
    try {
      await test(conn as never, peer);
    } finally {
      await conn.close();
    }
  } finally {
    peer.kill();
    await ln.close();
  }
}

/** Once everything was sent, the reader gets `want`; the peer then sees the close and exits cleanly. */
async function readsOnceSent(conn: TCPConn | UnixConn, peer: OobPeer, want: string): Promise<void> {
  await peer.sent;
  expect(await readExactly(conn, want.length)).toBe(want);
  await conn.close();
  expect((await peer.exit).code).toBe(0);
}

describe("TCP urgent data", () => {
  it("abc, urgent byte, def: the reader gets abcdef (the urgent byte is out of band)", () =>
    againstOobPeer("tcp", (conn, peer) => readsOnceSent(conn, peer, "abcdef")));

  it("with SO_OOBINLINE the urgent byte stays in the stream: abc!def", () =>
    againstOobPeer("tcp", (conn, peer) => {
      conn.syscallConn().setsockopt(C.SOL_SOCKET, C.SO_OOBINLINE, 1);
      return readsOnceSent(conn, peer, "abc!def");
    }));

  it("a read pending before the urgent data arrives is not stalled by it", () =>
    againstOobPeer("tcp", async (conn) => {
      // Reads start before anything arrived: every byte comes through completions.
      expect(await readExactly(conn, 6)).toBe("abcdef");
    }));
});

describe("Unix-stream MSG_OOB", () => {
  it("abc, OOB byte, def: the reader gets abcdef", () =>
    againstOobPeer("unix", (conn, peer) => readsOnceSent(conn, peer, "abcdef")));
});
