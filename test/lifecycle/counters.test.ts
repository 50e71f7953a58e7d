// Every native counter returns to zero (reliability plan harness
// conventions; libuv's uv_loop_close() == 0 check): after a mixed workload,
// and after a socket's registration with the poller fails (fault injected
// with strace, as the plan's section 4 suggests).

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { native } from "../../lib/internal/binding.js";
import { budget, expectCrashFree, lastMessage, runChild } from "../helpers/child.js";

const FIXTURE = "test/lifecycle/fixtures/counters.mjs";
const ZERO = { liveSockets: 0, openFds: 0, parkedOps: 0, heldBuffers: 0, armedDeadlines: 0 };
const HAVE_STRACE = spawnSync("strace", ["-V"]).status === 0;

describe("debug counters", () => {
  it("a mixed workload (dials, accepts, echoes with deadlines, timeouts, half-close, abandoned reads, refused dials) ends with every counter at 0", async () => {
    const r = await runChild({ script: FIXTURE, args: ["mixed"], timeoutMs: budget(90_000) });
    expectCrashFree(r);
    const done = lastMessage(r);
    expect(done.final).toEqual(ZERO);
    expect(Math.abs((done.fds as number) - (done.base as number))).toBeLessThanOrEqual(5);
    const tally = done.tally as Record<string, number>;
    for (const k of ["refused", "clientTimeout", "echoed", "abandoned", "acceptTimeout", "reaped", "serverTimeout"]) {
      expect(tally[k], k).toBeGreaterThan(0);
    }
    expect(tally.serverError).toBe(0);
  });

  // Regression: when epoll_ctl(ADD) failed, the new io::Socket was deleted and ~Socket ->
  // ReleaseDescriptor -> Loop::Forget decremented openFds for a socket never counted (openFds -1).
  it.skipIf(!HAVE_STRACE)("a failed epoll registration (ENOMEM injected) leaves every counter at 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gonet-inject-"));
    try {
      // strace itself must not get the ASan runtime; the tracee gets it back with -E.
      const preload = process.env.LD_PRELOAD ? ["-E", `LD_PRELOAD=${process.env.LD_PRELOAD}`] : [];
      const strace = (out: string, inject: string[]) => [
        "strace", "-f", "-qq", "-e", "trace=epoll_ctl", ...inject, "-o", out, ...preload,
      ];
      // 1. Find which epoll_ctl call of which thread registers the first socket (EPOLLET).
      const traceFile = join(dir, "trace");
      const dry = await runChild({ script: FIXTURE, args: ["register-failure"], prefix: strace(traceFile, []), env: { LD_PRELOAD: "" }, timeoutMs: budget(60_000) });
      expectCrashFree(dry);
      const calls = readFileSync(traceFile, "utf8").split("\n").filter((l) => /^\d+\s+epoll_ctl\(/.test(l));
      const target = calls.find((l) => l.includes("EPOLLET"));
      expect(target, "the dry run registers a socket").toBeDefined();
      const pid = target!.split(/\s+/)[0];
      const nth = calls.filter((l) => l.startsWith(`${pid} `)).indexOf(target!) + 1;
      // 2. Fail exactly that call.
      const r = await runChild({
        script: FIXTURE,
        args: ["register-failure"],
        prefix: strace(join(dir, "trace2"), ["-e", `inject=epoll_ctl:error=ENOMEM:when=${nth}`]),
        env: { LD_PRELOAD: "" },
        timeoutMs: budget(60_000),
      });
      expectCrashFree(r);
      const done = lastMessage(r);
      // Over libkqueue the failing epoll_ctl sits inside kevent, the call gonet made.
      expect(done.error, "the injected failure reached listen()").toMatch(native.backend === "kqueue" ? /kevent/ : /epoll_ctl/);
      expect(done.failed).toMatchObject({ openFds: 0, liveSockets: 0 });
      expect(done.final).toEqual(ZERO);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
