// 1-byte segments: a node:net peer with TCP_NODELAY sends 2000 single bytes,
// each its own write (and segment), and gonet sends the same back the same
// way. Every byte must arrive, in order, whatever the segmentation.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type TCPConn, type TCPListener, listen } from "../../lib/index.js";
import { drain, nodeClient, nodeCollect } from "./helpers.js";

const N = 2000;
const expected = Buffer.from(Array.from({ length: N }, (_, i) => (i * 7) & 0xff));
let ln: TCPListener;

beforeAll(async () => {
  ln = await listen("tcp", "127.0.0.1:0");
});
afterAll(async () => {
  await ln.close();
});

describe("1-byte segments", () => {
  it("a peer sending one byte per segment: gonet reads every byte in order", async () => {
    const [peer, conn] = await Promise.all([nodeClient(ln.addr.port, { noDelay: true }), ln.accept()]);
    try {
      const reading = drain(conn, N, 20_000);
      for (let i = 0; i < N; i++) {
        // Waiting for each write's callback keeps the bytes in separate segments.
        await new Promise<void>((resolve, reject) => peer.write(expected.subarray(i, i + 1), (e) => (e ? reject(e) : resolve())));
      }
      const r = await reading;
      expect(r.err).toBeUndefined();
      expect(r.data.equals(expected)).toBe(true);
    } finally {
      peer.destroy();
      await conn.close();
    }
  });

  it("gonet reading into a 1-byte buffer from a peer that sends one byte per segment", async () => {
    const [peer, conn] = await Promise.all([nodeClient(ln.addr.port, { noDelay: true }), ln.accept()]);
    try {
      const n = 300;
      const sending = (async () => {
        for (let i = 0; i < n; i++) {
          await new Promise<void>((resolve) => peer.write(expected.subarray(i, i + 1), () => resolve()));
        }
      })();
      const got: number[] = [];
      const one = new Uint8Array(1);
      conn.setReadDeadline(Date.now() + 20_000);
      for (let i = 0; i < n; i++) {
        expect(await conn.read(one)).toBe(1);
        got.push(one[0]);
      }
      await sending;
      expect(Buffer.from(got).equals(expected.subarray(0, n))).toBe(true);
    } finally {
      peer.destroy();
      await conn.close();
    }
  });

  it("gonet sending one byte per write (TCP_NODELAY is on): the peer gets every byte in order", async () => {
    const [peer, conn] = await Promise.all([nodeClient(ln.addr.port), ln.accept()]);
    const received = nodeCollect(peer);
    const c = conn as TCPConn;
    for (let i = 0; i < N; i++) expect(await c.write(expected.subarray(i, i + 1))).toBe(1);
    await c.closeWrite();
    expect((await received).equals(expected)).toBe(true);
    peer.destroy();
    await c.close();
  });
});
