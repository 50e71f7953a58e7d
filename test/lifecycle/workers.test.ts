// worker_threads with live sockets (reliability plan scenarios 38, 39):
// each worker has its own native loop; ending a worker (terminate(),
// process.exit(), an uncaught exception, or a natural end) closes its
// descriptors, never calls into its dead environment, and leaves the main
// thread's loop working. Each scenario runs in a fresh child process
// (test/lifecycle/fixtures/workers.mjs) so that a crash fails one test only.

import { describe, expect, it } from "vitest";
import { budget, expectCrashFree, lastMessage, runChild } from "../helpers/child.js";

const FIXTURE = "test/lifecycle/fixtures/workers.mjs";

async function scenario(name: string, ...args: string[]) {
  const r = await runChild({ script: FIXTURE, args: [name, ...args], timeoutMs: budget(90_000) });
  expectCrashFree(r);
  return lastMessage(r);
}

describe("worker threads", () => {
  it("two workers each run an echo server; the main thread talks to both, then terminates them with ops pending", async () => {
    const done = await scenario("two-echo-terminate");
    // The workers really had parked reads, pinned buffers and armed deadlines when they were ended.
    for (const s of done.workerStats as { parkedOps: number; armedDeadlines: number }[]) {
      expect(s.parkedOps).toBeGreaterThan(0);
      expect(s.armedDeadlines).toBeGreaterThan(0);
    }
    expect(done.final).toEqual({ liveSockets: 0, openFds: 0, parkedOps: 0, heldBuffers: 0, armedDeadlines: 0 });
  });

  it("workers terminated at random moments while their loops are busy", async () => {
    const done = await scenario("terminate-busy-rounds");
    expect(done.ended).toBe((done.rounds as number) * 2);
  });

  it("process.exit(6) in the main thread while three workers run busy loops with ops parked", async () => {
    const r = await runChild({ script: FIXTURE, args: ["main-exit-with-busy-workers"], timeoutMs: budget(60_000) });
    expectCrashFree(r, 6);
    expect(r.messages.some((m) => m.type === "exiting")).toBe(true);
  });

  it("a worker with only idle or unref'd sockets ends by itself and its fds are closed", async () => {
    await scenario("natural-exit");
  });

  for (const via of ["data", "deadline"]) {
    it(`process.exit() from a read completion (${via}) inside a worker with ops pending`, async () => {
      await scenario("worker-process-exit", via);
    });

    it(`an uncaught exception from a read completion (${via}) inside a worker with ops pending`, async () => {
      await scenario("worker-uncaught", via);
    });
  }

  // terminate() while the worker's thread is busy and a parked op has just
  // become ready: Node turns the worker's loop once more during teardown
  // (Environment::CleanupHandles), with calls into JS no longer allowed.
  for (const op of ["read", "write", "timer"]) {
    it(`terminate() with a ${op} completion ready but not yet delivered`, async () => {
      await scenario("terminate-ready", op);
    });
  }

  // Regression: an accept that became ready during a worker's teardown aborted the process
  // (WrapAccepted's Napi::FunctionReference::New threw a C++ Napi::Error out of Loop::Dispatch).
  it("terminate() with an accept ready but not yet delivered", async () => {
    await scenario("terminate-ready", "accept");
  });

  // Regression: any call on a gonet object in a worker racing with worker.terminate() aborted the
  // whole process (napi_unwrap fails once JS is disallowed; node-addon-api's rethrow escaped a V8
  // callback: "terminate called after throwing an instance of 'Napi::Error'").
  it("terminate() while the worker is calling into the addon", async () => {
    await scenario("terminate-spin");
  });
});
