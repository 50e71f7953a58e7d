// gonet bench runs the repository's suite (benchmarks/run.mjs): its flags
// pass through, and each row gets one progress line with its runs' results.

import { describe, expect, it } from "vitest";
import { gonet, haveDist } from "./gonet.js";

describe.skipIf(!haveDist)("gonet bench", () => {
  it("--list passes through to the suite", async () => {
    const r = await gonet(["bench", "--list"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^pingpong-c64 +quick +pingpong C=64 64 B$/m);
  });

  it("one short row: a progress line for the row before the table", async () => {
    const r = await gonet(["bench", "--only", "pingpong-c64", "--servers", "gonet", "--runs", "1", "--warmup", "0.1", "--duration", "0.3"], {
      timeoutMs: 120_000,
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^pingpong-c64: 1 run {2}gonet \d+ ops\/s$/m);
    expect(r.stdout).toMatch(/\| pingpong C=64 64 B/);
  }, 130_000);

  it("a bad suite flag: the suite's error and its exit code", async () => {
    const r = await gonet(["bench", "--runs", "0"]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("--runs must be a positive number");
  });
});
