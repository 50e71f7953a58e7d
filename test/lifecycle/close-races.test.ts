// Close races (reliability plan scenarios 1-6, DESIGN.md "Lifetimes"):
// closing from inside read/write/accept completions, with 10,000 writes
// queued, with deadlines armed, twice, and during a dial. Each scenario is a
// fresh child (test/lifecycle/fixtures/close-races.mjs); the fixture checks
// every promise's settlement and ends with every native counter at zero.

import { describe, expect, it } from "vitest";
import { budget, expectCrashFree, lastMessage, runChild } from "../helpers/child.js";

const FIXTURE = "test/lifecycle/fixtures/close-races.mjs";
const ZERO = { liveSockets: 0, openFds: 0, parkedOps: 0, heldBuffers: 0, armedDeadlines: 0 };

async function scenario(name: string, ...args: string[]) {
  const r = await runChild({ script: FIXTURE, args: [name, ...args], timeoutMs: budget(90_000) });
  expectCrashFree(r);
  const done = lastMessage(r);
  expect(done.final).toEqual(ZERO);
  return done;
}

describe("close races", () => {
  it("close from inside read completions (caller buffer, allocating, peer close, reads queued behind)", async () => {
    const done = await scenario("close-in-read-completion");
    expect(Object.values(done.counts as Record<string, number>).every((c) => c > 0)).toBe(true);
  });

  it("close from inside a write completion with more writes queued", async () => {
    await scenario("close-in-write-completion");
  });

  it("close the listener (and the accepted conn) from inside an accept completion", async () => {
    const done = await scenario("close-in-accept-completion");
    expect(done.refused).toBe(done.n);
  });

  it("close with 10,000 writes queued: each settles once, in order, resolutions first; parkedOps/heldBuffers back to 0", async () => {
    const done = await scenario("close-10k-writes");
    const n = done.n as number;
    expect((done.resolved as number) + (done.rejected as number)).toBe(n);
    expect(done.rejected as number).toBeGreaterThan(0);
    // Parked writes either completed natively (once) or were rejected by close (once).
    expect((done.nativeCompletions as number) + (done.rejected as number)).toBe(done.parked);
    expect(done.peerBytes as number).toBeGreaterThanOrEqual((done.resolved as number) * 1024);
  });

  it("close while deadline timers are armed, and deadline expiry racing close", async () => {
    const done = await scenario("close-with-deadline");
    const o = done.outcome as { timeout: number; closed: number };
    expect(o.timeout + o.closed).toBe(done.n);
  });

  it("double (triple) close of conns and listeners; every op after close fails with ErrClosed", async () => {
    await scenario("double-close");
  });

  it("close during dial: abort, dial timeout, pre-aborted signal, abort racing a successful connect", async () => {
    const done = await scenario("close-during-dial");
    const c = done.counts as Record<string, number>;
    expect(c.canceled).toBeGreaterThanOrEqual(done.n as number);
    expect(c.timeout).toBeGreaterThan(0);
  });

  it("close (and drop and collect) a listener part way through an accept flood", async () => {
    const done = await scenario("close-during-accept-flood");
    expect(done.accepted as number).toBeGreaterThan(0);
  });

  it("close B and dial C from inside A's read completion: C never sees B's bytes (fd reuse)", async () => {
    const done = await scenario("fd-reuse-in-completion");
    // The fd number is normally reused, which is what makes the check meaningful.
    expect(done.reused as number).toBeGreaterThan(0);
  });
});
