// An echo server written only against the public API, with 1, 100 and 1,000
// concurrent clients, each verifying that its own random bytes come back.

import { afterAll, describe, expect, it } from "vitest";
import { type TCPConn, type TCPListener, listen } from "../../lib/index.js";
import { dialTCP, expectCountersZero, randomBytes, readFull, within } from "../helpers/tcp.js";

afterAll(async () => {
  await expectCountersZero();
});

/** An echo server: every accepted conn copies what it reads back until EOF, then closes. */
function serveEcho(ln: TCPListener): { done: Promise<void>; errors: unknown[]; served: () => number } {
  const errors: unknown[] = [];
  const handlers: Promise<void>[] = [];
  let served = 0;
  const handle = async (conn: TCPConn) => {
    try {
      for await (const chunk of conn) await conn.write(chunk);
      served++;
    } catch (err) {
      errors.push(err);
    } finally {
      await conn.close();
    }
  };
  const done = (async () => {
    for await (const conn of ln) handlers.push(handle(conn));
    await Promise.all(handlers);
  })();
  return { done, errors, served: () => served };
}

/** One client: sends `size` random bytes in a few writes while reading them back. */
async function echoClient(address: string, size: number): Promise<void> {
  const conn = await dialTCP(address);
  try {
    const data = randomBytes(size);
    const sending = (async () => {
      const step = Math.max(1, Math.ceil(size / 3));
      for (let off = 0; off < size; off += step) {
        const n = await conn.write(data.subarray(off, off + step));
        expect(n).toBe(Math.min(step, size - off));
      }
      await conn.closeWrite();
    })();
    const back = await readFull(conn, size);
    await sending;
    expect(await conn.read(new Uint8Array(1))).toBeNull(); // the server closes after our EOF
    expect(Buffer.from(back).equals(Buffer.from(data))).toBe(true);
  } finally {
    await conn.close();
  }
}

describe("echo server", () => {
  for (const [clients, size] of [
    [1, 256 * 1024],
    [100, 16 * 1024],
    [1000, 4 * 1024],
  ] as const) {
    it(`${clients} concurrent connection(s), ${size} bytes each`, async () => {
      const ln = await listen("tcp", "127.0.0.1:0");
      const server = serveEcho(ln);
      try {
        const address = ln.addr.toString();
        const results = await within(
          Promise.allSettled(Array.from({ length: clients }, () => echoClient(address, size))),
          100_000,
          "clients",
        );
        const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
        expect(failed.map((f) => String(f.reason))).toEqual([]);
      } finally {
        await ln.close();
      }
      await within(server.done, 20_000, "server shutdown");
      expect(server.errors).toEqual([]);
      expect(server.served()).toBe(clients);
    }, 120_000);
  }

  it("text written as a string is echoed as UTF-8", async () => {
    const ln = await listen("tcp", "127.0.0.1:0");
    const server = serveEcho(ln);
    const conn = await dialTCP(ln.addr.toString());
    try {
      const text = "héllo, 世界 🌍";
      const bytes = Buffer.from(text, "utf8");
      expect(await conn.write(text)).toBe(bytes.length);
      const back = await readFull(conn, bytes.length);
      expect(Buffer.from(back).toString("utf8")).toBe(text);
    } finally {
      await conn.close();
      await ln.close();
    }
    await within(server.done, 20_000, "server shutdown");
  });
});
