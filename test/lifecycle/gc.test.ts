// Garbage collection and lifetimes (reliability plan scenarios 7, 29a;
// DESIGN.md "Lifetimes"): an unclosed, unreferenced Conn is closed by its
// finalizer; a pending op pins its Conn and its buffer until it completes.
// Each scenario is a fresh `node --expose-gc` child
// (test/lifecycle/fixtures/gc.mjs): fd counts come from /proc/self/fd, the
// native counters from debugStats().

import { describe, expect, it } from "vitest";
import { budget, expectCrashFree, lastMessage, runChild } from "../helpers/child.js";

const FIXTURE = "test/lifecycle/fixtures/gc.mjs";
const ZERO = { liveSockets: 0, openFds: 0, parkedOps: 0, heldBuffers: 0, armedDeadlines: 0 };

async function scenario(name: string, args: string[] = [], nodeArgs: string[] = []) {
  const r = await runChild({ script: FIXTURE, args: [name, ...args], nodeArgs, timeoutMs: budget(60_000) });
  expectCrashFree(r);
  const done = lastMessage(r);
  expect(done.final).toEqual(ZERO);
  return done;
}

describe("GC and socket lifetimes", () => {
  it("unclosed conns (and their listener) dropped and collected: every fd closed, counters back to 0", async () => {
    const done = await scenario("unclosed-dropped", ["100"]);
    expect(done.fdsDuring as number).toBeGreaterThanOrEqual((done.base as number) + 200);
    expect(Math.abs((done.fds as number) - (done.base as number))).toBeLessThanOrEqual(5);
  });

  it("a pending read keeps its otherwise unreferenced conn alive through GC, and completes later", async () => {
    await scenario("pending-read-survives");
  });

  it("buffers passed to pending reads survive GC when the caller dropped them", async () => {
    await scenario("dropped-buffers-pinned", ["50"]);
  });

  it("small on-heap typed arrays under --stress-compaction: bytes land in the caller's array", async () => {
    await scenario("small-buffers-compaction", ["40"], ["--stress-compaction"]);
  });

  it("a dropped listener with a pending accept survives GC and accepts later", async () => {
    await scenario("pending-accept-survives");
  });

  it("a 1 MiB write to a non-reading peer survives 20 GCs with conn and buffer dropped; every byte arrives", async () => {
    await scenario("pending-write-survives");
  });

  // Regression: close() relied on close(2) to leave epoll; with the description shared (an fd passed
  // to a child's stdio, fork, dup) the registration stayed, and after the Conn was collected its
  // events reached the freed io::Socket (ASan: heap-use-after-free in Loop::Dispatch).
  it("a closed conn whose fd is shared with a child process is deregistered from epoll (no stale events)", async () => {
    await scenario("shared-fd-close");
  });
});
