// Process exit with sockets open and operations pending (reliability plan
// scenario 48), and ref semantics (DESIGN.md "The event loop": the loop
// handle is ref'd only while a pending op or a ref'd listener needs it).
// Each scenario is a fresh child (test/lifecycle/fixtures/exit.mjs).

import net from "node:net";
import { describe, expect, it } from "vitest";
import { budget, crashReason, expectCrashFree, runChild, spawnChild } from "../helpers/child.js";

const FIXTURE = "test/lifecycle/fixtures/exit.mjs";
const run = (name: string) => runChild({ script: FIXTURE, args: [name], timeoutMs: budget(30_000) });

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, "127.0.0.1", () => resolve(s));
    s.on("error", reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("process exit with sockets open and ops pending", () => {
  it("process.exit(3) from setImmediate: exit code 3, no crash", async () => {
    const r = await run("process-exit");
    expectCrashFree(r, 3);
    const busy = r.messages.find((m) => m.type === "busy")!.stats as { parkedOps: number };
    expect(busy.parkedOps).toBeGreaterThan(40);
  });

  it("process.exit(4) from inside a read completion", async () => {
    expectCrashFree(await run("exit-in-completion"), 4);
  });

  it("gonet calls from an 'exit' listener, then exit code 5", async () => {
    const r = await run("exit-handler");
    expectCrashFree(r, 5);
    expect(r.messages.some((m) => m.type === "exit-handler")).toBe(true);
  });

  it("natural end: only unref'd pending ops and idle sockets, the process ends by itself with code 0", async () => {
    const r = await run("natural-end");
    expectCrashFree(r, 0);
    expect(r.messages.some((m) => m.type === "main-done")).toBe(true);
  });

  it("an uncaught exception with sockets open: exit code 1, the error printed, no crash", async () => {
    const r = await run("uncaught");
    expectCrashFree(r, 1);
    expect(r.stderr).toContain("boom: uncaught with sockets open");
  });

  it("an exception thrown from a read completion: exit code 1, no crash", async () => {
    const r = await run("uncaught-in-completion");
    expectCrashFree(r, 1);
    expect(r.stderr).toContain("boom: thrown from a read completion");
  });
});

describe("what keeps the process alive (ref semantics)", () => {
  it("a child with only an idle listener (no pending accept) exits by itself", async () => {
    const r = await run("idle-listener");
    expectCrashFree(r, 0);
    expect(r.messages.some((m) => m.type === "ready")).toBe(true);
  });

  for (const name of ["pending-accept", "reref-accept"]) {
    it(`${name}: a pending accept keeps the child alive until it is connected to`, async () => {
      const child = spawnChild({ script: FIXTURE, args: [name], timeoutMs: budget(30_000) });
      const ready = await child.waitFor((m) => m.type === "ready");
      await sleep(budget(500));
      expect(child.alive(), "the child must wait for its accept").toBe(true);
      const s = await connect(ready.port as number);
      await child.waitFor((m) => m.type === "accepted");
      const r = await child.result;
      s.destroy();
      expectCrashFree(r, 0);
    });
  }

  it("unref() on a listener lets the child exit with its accept still pending", async () => {
    const r = await run("unref-accept");
    expectCrashFree(r, 0);
    const ready = r.messages.find((m) => m.type === "ready")!;
    expect((ready.stats as { parkedOps: number }).parkedOps).toBe(1);
    expect(r.messages.some((m) => m.type === "accepted")).toBe(false);
  });

  it("unref() on a conn lets the child exit with a read pending and a deadline armed", async () => {
    const r = await run("unref-read");
    expectCrashFree(r, 0);
  });

  it("a ref'd read holds the child until its deadline fails it, then the child exits with the conn open", async () => {
    const r = await run("read-deadline-ends");
    expectCrashFree(r, 0);
    const t = r.messages.find((m) => m.type === "timed-out");
    expect(t, crashReason(r, 0) ?? r.stdout).toBeDefined();
    expect(t!.ms as number).toBeGreaterThanOrEqual(250);
  });
});
