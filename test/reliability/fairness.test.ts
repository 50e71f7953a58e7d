// A conn whose reads and writes always complete at once must not keep the
// event loop from turning: timers, deadlines and other sockets still run.
import { afterAll, describe, expect, it } from "vitest";
import { isTimeout } from "../../lib/index.js";
import { budget } from "../helpers/child.js";
import { type Pair, connectedPair, expectCountersZero, rejection, within } from "../helpers/tcp.js";

afterAll(() => expectCountersZero());

/** A producer and a consumer on one pair in this process, both on the fast path, for `ms`. */
function flood(p: Pair, ms: number): Promise<number> {
  const until = Date.now() + ms;
  // Equal sizes: each read finds a whole chunk queued, so neither side ever
  // waits for the poller.
  const chunk = new Uint8Array(1024);
  let moved = 0;
  const producer = (async () => {
    while (Date.now() < until) await p.client.write(chunk);
    await p.client.closeWrite();
  })();
  const consumer = (async () => {
    const buf = new Uint8Array(1024);
    for (let n; (n = await p.server.read(buf)) !== null; ) moved += n;
  })();
  return Promise.all([producer, consumer]).then(() => moved);
}

describe("fast-path completions leave the loop its turns", () => {
  it("a 100 ms timer fires on time and a 10 ms interval keeps ticking during a flood", async () => {
    const p = await connectedPair();
    try {
      const started = Date.now();
      let firedAt = 0;
      const timer = new Promise<void>((resolve) =>
        setTimeout(() => {
          firedAt = Date.now() - started;
          resolve();
        }, 100),
      );
      let ticks = 0;
      const iv = setInterval(() => ticks++, 10);
      const moved = await within(flood(p, 1500), 20_000, "flood");
      clearInterval(iv);
      await timer;
      expect(moved).toBeGreaterThan(0);
      expect(firedAt).toBeLessThan(budget(600));
      // ~150 at a perfect 10 ms; a loaded 2-core machine still gives well over 30.
      expect(ticks).toBeGreaterThan(budget(30) === 30 ? 30 : 10);
    } finally {
      await p.close();
    }
  });

  it("a write deadline passes during a flood of fast-path writes", async () => {
    const p = await connectedPair();
    try {
      p.client.setWriteDeadline(Date.now() + 100);
      const chunk = new Uint8Array(1024);
      const started = Date.now();
      // The writer goes first, so every read finds a chunk already queued.
      const writer = (async () => {
        for (;;) await p.client.write(chunk);
      })();
      const reader = (async () => {
        const buf = new Uint8Array(1024);
        try {
          while ((await p.server.read(buf)) !== null);
        } catch {
          // closed at the end
        }
      })();
      const err = await within(rejection(writer), 10_000, "deadline");
      expect(isTimeout(err)).toBe(true);
      expect(Date.now() - started).toBeLessThan(budget(2000));
      await p.server.close();
      await reader;
    } finally {
      await p.close();
    }
  });

  it("another conn's completions are not held back by a flood", async () => {
    const busy = await connectedPair();
    const other = await connectedPair();
    try {
      const flooding = flood(busy, 1000);
      const started = Date.now();
      let rounds = 0;
      const buf = new Uint8Array(8);
      while (Date.now() - started < 800) {
        await other.client.write("ping");
        await other.server.read(buf);
        rounds++;
      }
      await within(flooding, 20_000, "flood");
      // Each round needs the poller to report the other conn readable.
      expect(rounds).toBeGreaterThan(budget(20) === 20 ? 20 : 5);
    } finally {
      await busy.close();
      await other.close();
    }
  });
});
