// Half-close against a foreign (node:net) peer, then attempts to send more
// data in the closed direction: every case ends with the right bytes, EOF,
// or a clear OpError — never a stall.

import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OpError, type TCPConn, type TCPListener, listen } from "../../lib/index.js";
import { rejection, sleep } from "../helpers/tcp.js";
import { drain, nodeCollect, readExactly } from "./helpers.js";

let ln: TCPListener;

beforeAll(async () => {
  ln = await listen("tcp", "127.0.0.1:0");
});
afterAll(async () => {
  await ln.close();
});

/** Runs `body` with a half-open-capable node:net client and the gonet conn it is connected to; both are closed after. */
async function withPeer(body: (p: { peer: net.Socket; conn: TCPConn }) => Promise<void>): Promise<void> {
  const peerP = new Promise<net.Socket>((resolve, reject) => {
    const s = net.connect({ host: "127.0.0.1", port: ln.addr.port, allowHalfOpen: true });
    s.once("connect", () => resolve(s));
    s.once("error", reject);
  });
  const [peer, conn] = await Promise.all([peerP, ln.accept()]);
  peer.on("error", () => undefined);
  try {
    await body({ peer, conn });
  } finally {
    peer.destroy();
    await conn.close();
  }
}

describe("half-close with a foreign peer", () => {
  it("the peer ends its side: gonet reads the data, EOF (again and again), and can still answer", async () => {
    await withPeer(async ({ peer, conn }) => {
      const received = nodeCollect(peer);
      peer.end("request");
      const r = await drain(conn, 100, 3_000);
      expect(r.data.toString()).toBe("request");
      expect(r.eof).toBe(true);
      expect((await drain(conn, 1, 1_000)).eof).toBe(true);
      expect(await conn.read()).toBeNull();
      expect(await conn.write("response")).toBe(8);
      await conn.closeWrite();
      expect((await received).toString()).toBe("response");
    });
  });

  it("gonet closes its writing side: a later write is a clear OpError, the peer sees EOF and can still send", async () => {
    await withPeer(async ({ peer, conn }) => {
      const received = nodeCollect(peer);
      await conn.write("bye");
      await conn.closeWrite();
      const err = (await rejection(conn.write("more"), 3_000)) as OpError;
      expect(err).toBeInstanceOf(OpError);
      expect(err.code).toBe("EPIPE");
      expect(err.message).toMatch(/^write tcp .*: broken pipe$/);
      expect((await received).toString()).toBe("bye");
      peer.write("still here");
      expect(await readExactly(conn, 10)).toBe("still here");
    });
  });

  it("gonet closes its reading side while the peer keeps sending: reads settle (EOF or data), never stall", async () => {
    await withPeer(async ({ peer, conn }) => {
      await conn.closeRead();
      peer.write("after shutdown");
      await sleep(20);
      for (let i = 0; i < 3; i++) {
        const r = await drain(conn, 100, 2_000);
        // Linux keeps queuing what arrives after SHUT_RD; either way no timeout.
        expect(r.err).toBeUndefined();
        if (r.eof && r.data.length === 0) break;
      }
      // The writing side is untouched.
      const received = nodeCollect(peer);
      expect(await conn.write("pong")).toBe(4);
      await conn.closeWrite();
      expect((await received).toString()).toBe("pong");
    });
  });

  it("the peer ends, then tries to write more: gonet sees exactly the data before its FIN", async () => {
    await withPeer(async ({ peer, conn }) => {
      peer.end("first");
      let lateError: unknown;
      peer.write("late", (e) => (lateError = e)); // refused locally: the stream has ended
      const r = await drain(conn, 100, 3_000);
      expect(r.data.toString()).toBe("first");
      expect(r.eof).toBe(true);
      await sleep(10);
      expect(lateError).toBeInstanceOf(Error);
    });
  });
});
