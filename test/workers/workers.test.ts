// serveWorkers (lib/workers.ts): one TCP server over N worker_threads with a
// SO_REUSEPORT listener each. Every scenario runs in its own child process
// (test/workers/fixtures/scenarios.mjs) and must end with the child exiting
// by itself: a worker, listener or timer left behind would keep it alive
// until the hard timeout and fail the test.

import { describe, expect, it } from "vitest";
import type { WorkerStats as Stats } from "../../lib/workers.js";
import { budget, expectCrashFree, lastMessage, runChild } from "../helpers/child.js";


async function scenario(name: string) {
  const r = await runChild({ script: "test/workers/fixtures/scenarios.mjs", args: [name], timeoutMs: budget(60_000) });
  expectCrashFree(r);
  return lastMessage(r);
}

describe("serveWorkers", () => {
  it("the kernel spreads conns over every worker's reusePort listener; stats count them and their bytes", async () => {
    const r = await scenario("spread");
    const answeredBy = r.answeredBy as number[];
    const stats = r.stats as Stats[];
    expect(answeredBy.reduce((a, b) => a + b)).toBe(r.conns);
    for (const n of answeredBy) expect(n).toBeGreaterThan(0);
    // Each worker's own count matches the replies it sent; each conn sent "who" (3 bytes) and got 1 digit back.
    expect(stats.map((s) => s.accepted)).toEqual(answeredBy);
    for (const s of stats) {
      expect(s).toMatchObject({ state: "running", active: 0, errors: 0, bytesIn: 3 * s.accepted, bytesOut: s.accepted });
    }
    expect((r.final as Stats[]).map((s) => s.state)).toEqual(["closed", "closed", "closed"]);
  });

  it("a handler that throws ends its own conn only and is counted", async () => {
    const r = await scenario("errors");
    expect(r.failed).toBeNull(); // EOF: the conn was closed
    expect(r.after).toBe("ping");
    expect((r.final as Stats[])[0]).toMatchObject({ accepted: 2, errors: 1, lastError: "Error: handler failed on purpose" });
  });

  it("close() stops accepting and lets an in-flight request finish", async () => {
    const r = await scenario("drain");
    expect(r.reply).toBe("done");
    expect(r.refused).toBe("ECONNREFUSED");
    for (const s of r.final as Stats[]) expect(s).toMatchObject({ state: "closed", forced: 0 });
  });

  it("close() with a drain time closes a stuck conn by force once it runs out", async () => {
    const r = await scenario("forced");
    expect(r.peer).toBe("eof");
    expect((r.final as Stats[])[0]).toMatchObject({ state: "closed", forced: 1 });
    expect(r.tookMs).toBeGreaterThanOrEqual(190);
    expect(r.tookMs).toBeLessThan(budget(5000));
  });

  it("a handler module that does not load or has no default export fails the start with its reason", async () => {
    const r = await scenario("bad-handler");
    expect(r["no-default"]).toMatch(/must export a default function \(conn, ctx\), but it exports only handle/);
    expect(r.missing).toMatch(/cannot load the handler module .*does-not-exist\.mjs/);
  });

  it("a worker that crashes is reported through onCrash; the others go on serving", async () => {
    const r = await scenario("crash");
    expect(r.isCrashError).toBe(true);
    expect(r.worker).toBe(0);
    expect(r.message).toMatch(/worker 0 ended unexpectedly \(exit code 1\): Error: thrown outside the handler/);
    expect(r.later).toEqual(Array(10).fill("1"));
    expect(r.states).toEqual(["crashed", "running"]);
    expect(r.finalStates).toEqual(["crashed", "closed"]);
  });

  it("workers can share one given listener (socket activation, handover); the caller keeps it", async () => {
    const r = await scenario("shared");
    expect(r.replies).toEqual(Array(20).fill("ping"));
    expect(r).toMatchObject({ addrMatches: true, accepted: 20, stillOpen: true });
  });

  it("incomingCpu tags worker i's listener with SO_INCOMING_CPU = i", async () => {
    const r = await scenario("incoming-cpu");
    expect(r.reply).toBe("ping");
    expect(r.cpus).toEqual([0, 1]);
  });

  it("bad options fail with errors naming the option", async () => {
    const r = await scenario("bad-options");
    expect(r.none).toMatch(/^TypeError: .*serveWorkers: options must be an object/);
    expect(r.noHandler).toMatch(/^TypeError: .*options\.handler must be a file URL/);
    expect(r.relativeHandler).toMatch(/^TypeError: .*options\.handler must be a file URL.*'\.\/handler\.mjs'/);
    expect(r.both).toMatch(/^TypeError: .*exactly one of options\.address and options\.listener/);
    expect(r.neither).toMatch(/^TypeError: .*exactly one of options\.address and options\.listener/);
    expect(r.zeroWorkers).toMatch(/^RangeError: .*options\.workers must be an integer from 1 to 1024/);
    expect(r.udp).toMatch(/^TypeError: .*options\.network must be "tcp", "tcp4" or "tcp6"/);
    expect(r.inUse).toMatch(/^OpError: listen tcp .*address already in use/);
  });
});
