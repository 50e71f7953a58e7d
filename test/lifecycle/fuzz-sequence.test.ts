// Random API sequences over a connected pair (reliability plan scenario
// 50b): read / write / setDeadline / closeWrite / close / gc / buffer detach
// in random order with random sizes, from a seeded PRNG, checked against a
// small model (test/lifecycle/fixtures/fuzz.mjs): no crash, every promise
// settles exactly once, ops on a closed conn fail with ErrClosed, bytes
// arrive as a prefix of what was sent (all of it when nobody closed early),
// counters back to zero after every sequence. 200 sequences in 4 children,
// so that a crash names its seed; rerun a failure with
//   node --expose-gc test/lifecycle/fixtures/fuzz.mjs run <seed> 50

import { describe, expect, it } from "vitest";
import { SANITIZED, budget, expectCrashFree, lastMessage, runChild } from "../helpers/child.js";

const FIXTURE = "test/lifecycle/fixtures/fuzz.mjs";
const ZERO = { liveSockets: 0, openFds: 0, parkedOps: 0, heldBuffers: 0, armedDeadlines: 0 };
const PER_CHILD = 50;
const MAX_STEPS = SANITIZED ? 25 : 40;

describe("random API sequences", () => {
  for (const seed of [1, 2, 3, 4]) {
    it(`seed ${seed}: ${PER_CHILD} sequences of up to ${MAX_STEPS} ops`, async () => {
      const r = await runChild({ script: FIXTURE, args: ["run", String(seed), String(PER_CHILD), String(MAX_STEPS)], timeoutMs: budget(120_000) });
      expectCrashFree(r);
      const done = lastMessage(r);
      expect(done.count).toBe(PER_CHILD);
      expect(done.final).toEqual(ZERO);
      // The model's checks had something to check.
      const seen = done.seen as Record<string, number>;
      expect(seen.prefixChecks).toBeGreaterThan(PER_CHILD);
      expect(seen.strictChecks).toBeGreaterThan(0);
      expect(seen.timeouts).toBeGreaterThan(0);
      expect(seen.closedRejections).toBeGreaterThan(0);
    });
  }

  // Regression: Socket::SetDeadline converted `ms * 1000.0` to int64_t unchecked, so a deadline more
  // than ~292,000 years out (Date.now() + 1e16, 1e300, Number.MAX_VALUE) overflowed (UB) and fired at once.
  it("far-future deadlines never fire", async () => {
    const r = await runChild({ script: FIXTURE, args: ["far-deadlines"], timeoutMs: budget(30_000) });
    expectCrashFree(r);
  });
});
