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
import { oobPeer, readExactly } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "gonet-peer-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("TCP urgent data", () => {
  it("abc, urgent byte, def: the reader gets abcdef (the urgent byte is out of band)", async () => {
    const ln = await listen("tcp", "127.0.0.1:0");
    const peer = oobPeer("tcp", ln.addr.port);
    try {
      const conn = (await ln.accept()) as TCPConn;
      await peer.sent;
      expect(await readExactly(conn, 6)).toBe("abcdef");
      await conn.close();
      expect((await peer.exit).code).toBe(0);
    } finally {
      peer.kill();
      await ln.close();
    }
  });

  it("with SO_OOBINLINE the urgent byte stays in the stream: abc!def", async () => {
    const ln = await listen("tcp", "127.0.0.1:0");
    const peer = oobPeer("tcp", ln.addr.port);
    try {
      const conn = (await ln.accept()) as TCPConn;
      conn.syscallConn().setsockopt(C.SOL_SOCKET, C.SO_OOBINLINE, 1);
      await peer.sent;
      expect(await readExactly(conn, 7)).toBe("abc!def");
      await conn.close();
      expect((await peer.exit).code).toBe(0);
    } finally {
      peer.kill();
      await ln.close();
    }
  });

  it("a read pending before the urgent data arrives is not stalled by it", async () => {
    const ln = await listen("tcp", "127.0.0.1:0");
    const peer = oobPeer("tcp", ln.addr.port);
    try {
      const conn = (await ln.accept()) as TCPConn;
      // Reads start before anything arrived: every byte comes through completions.
      expect(await readExactly(conn, 6)).toBe("abcdef");
      await conn.close();
    } finally {
      peer.kill();
      await ln.close();
    }
  });
});

describe("Unix-stream MSG_OOB", () => {
  it("abc, OOB byte, def: the reader gets abcdef", async () => {
    const path = join(dir, "oob.sock");
    const ln = await listen("unix", path);
    const peer = oobPeer("unix", path);
    try {
      const conn = (await ln.accept()) as UnixConn;
      await peer.sent;
      expect(await readExactly(conn, 6)).toBe("abcdef");
      await conn.close();
      expect((await peer.exit).code).toBe(0);
    } finally {
      peer.kill();
      await ln.close();
    }
  });
});
