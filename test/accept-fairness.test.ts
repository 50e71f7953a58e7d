// A connection flood is accepted in slices (64 per listener per loop turn),
// so the rest of the process keeps running while a backlog drains.
import { afterAll, expect, it } from "vitest";
import { type Conn, debugStats, dial, listen } from "../lib/index.js";

it("drains a 300-connection backlog across several loop turns", async () => {
  const ln = await listen("tcp", "127.0.0.1:0");
  const clients: Conn[] = await Promise.all(Array.from({ length: 300 }, () => dial("tcp", ln.addr.toString())));
  // Every connection is now queued in the kernel; take them all as fast as possible.
  let turns = 0;
  let counting = true;
  const tick = () => {
    if (!counting) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  const accepted: Conn[] = [];
  for (let i = 0; i < clients.length; i++) accepted.push(await ln.accept());
  counting = false;
  expect(accepted).toHaveLength(300);
  // 300 connections at 64 per turn: the event loop turned at least 4 times meanwhile.
  expect(turns).toBeGreaterThanOrEqual(4);
  await Promise.all([...clients, ...accepted].map((c) => c.close()));
  await ln.close();
});

afterAll(() => {
  const s = debugStats();
  expect([s.openFds, s.parkedOps]).toEqual([0, 0]);
});
