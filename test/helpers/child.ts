// Runs a scenario in a fresh child `node --expose-gc` process under a hard
// timeout, the way libuv runs each test in its own process: a crash or a
// hang fails that one scenario and never takes the test runner down.
//
// Children inherit the environment, so under scripts/test-asan.mjs they load
// the ASan build (LD_PRELOAD, GONET_PREBUILD) too. Scripts live inside the
// repository so that `import ... from "gonet"` resolves through the
// package's self-reference to dist/.

import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, readdirSync, readlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** True when the suite runs against the ASan+UBSan build (scripts/test-asan.mjs). */
export const SANITIZED = process.env.GONET_SANITIZED === "1";

/** Scales a time budget for the (much slower) sanitizer build. */
export function budget(ms: number): number {
  return SANITIZED ? ms * 4 : ms;
}

/** What stderr must never contain for a run to count as crash-free. */
export const CRASH_PATTERNS = [/AddressSanitizer/, /runtime error:/, /FATAL ERROR/, /Assertion/, /LeakSanitizer/, /Segmentation fault/];

export interface ChildOptions {
  /** A script file (absolute, or relative to the repository root). */
  script?: string;
  /** Or an inline ES module, evaluated with the repository root as cwd. */
  code?: string;
  args?: string[];
  /** Extra node flags; `--expose-gc` is always passed. */
  nodeArgs?: string[];
  env?: NodeJS.ProcessEnv;
  /** Hard timeout: the child is SIGKILLed after it (default 60 s, scaled under ASan). */
  timeoutMs?: number;
  /** Lower RLIMIT_NOFILE (soft and hard) for the child, via prlimit(1). */
  nofile?: number;
  /** A command the node invocation is wrapped in, e.g. ["strace", "-f", ...]. */
  prefix?: string[];
  /** Data written to the child's stdin (stdin stays open otherwise). */
  stdin?: string;
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
  /** Every stdout line that parsed as a JSON object, in order. */
  messages: Record<string, unknown>[];
}

export interface RunningChild {
  readonly proc: ChildProcess;
  readonly pid: number;
  /** Resolves once the child has exited (never rejects). */
  readonly result: Promise<ChildResult>;
  /** The first JSON message (already seen or still to come) that matches, or rejects after `timeoutMs`. */
  waitFor(pred: (m: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Sends one line on the child's stdin. */
  send(line: string): void;
  /** Whether the process is still running. */
  alive(): boolean;
  kill(signal?: NodeJS.Signals): void;
}

function parseLine(line: string): Record<string, unknown> | undefined {
  const t = line.trim();
  if (!t.startsWith("{")) return undefined;
  try {
    const v = JSON.parse(t) as unknown;
    return typeof v === "object" && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Starts a child; see ChildOptions. */
export function spawnChild(opts: ChildOptions): RunningChild {
  if (!opts.script === !opts.code) throw new Error("spawnChild: give exactly one of script and code");
  const nodeArgs = ["--expose-gc", ...(opts.nodeArgs ?? [])];
  const target = opts.script
    ? [opts.script.startsWith("/") ? opts.script : join(REPO_ROOT, opts.script)]
    : ["--input-type=module", "-e", opts.code!];
  let command = process.execPath;
  let args = [...nodeArgs, ...target, ...(opts.args ?? [])];
  if (opts.prefix?.length) {
    args = [...opts.prefix.slice(1), command, ...args];
    command = opts.prefix[0];
  }
  if (opts.nofile !== undefined) {
    args = [`--nofile=${opts.nofile}:${opts.nofile}`, command, ...args];
    command = "prlimit";
  }
  const timeoutMs = opts.timeoutMs ?? budget(60_000);
  const started = Date.now();
  const proc = spawn(command, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  let partial = "";
  let timedOut = false;
  const messages: Record<string, unknown>[] = [];
  const waiters: { pred: (m: Record<string, unknown>) => boolean; resolve(m: Record<string, unknown>): void }[] = [];
  proc.stdout!.setEncoding("utf8");
  proc.stderr!.setEncoding("utf8");
  proc.stdout!.on("data", (chunk: string) => {
    stdout += chunk;
    partial += chunk;
    let nl: number;
    while ((nl = partial.indexOf("\n")) >= 0) {
      const m = parseLine(partial.slice(0, nl));
      partial = partial.slice(nl + 1);
      if (!m) continue;
      messages.push(m);
      for (let i = waiters.length - 1; i >= 0; i--) {
        if (waiters[i].pred(m)) waiters.splice(i, 1)[0].resolve(m);
      }
    }
  });
  proc.stderr!.on("data", (chunk: string) => {
    stderr += chunk;
  });
  proc.stdin!.on("error", () => undefined); // EPIPE once the child is gone
  if (opts.stdin !== undefined) proc.stdin!.end(opts.stdin);
  const timer = setTimeout(() => {
    timedOut = true;
    proc.kill("SIGKILL");
  }, timeoutMs);
  let exited = false;
  const result = new Promise<ChildResult>((resolve) => {
    proc.on("error", (err) => {
      stderr += `\n[spawn error] ${String(err)}`;
    });
    proc.on("close", (code, signal) => {
      exited = true;
      clearTimeout(timer);
      const m = parseLine(partial);
      if (m) messages.push(m);
      resolve({ code, signal, stdout, stderr, timedOut, durationMs: Date.now() - started, messages });
    });
  });
  return {
    proc,
    pid: proc.pid ?? -1,
    result,
    waitFor(pred, ms = budget(20_000)) {
      const seen = messages.find(pred);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no matching message from the child within ${ms} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`)), ms);
        const w = {
          pred,
          resolve: (m: Record<string, unknown>) => {
            clearTimeout(t);
            resolve(m);
          },
        };
        waiters.push(w);
        void result.then(() => {
          const i = waiters.indexOf(w);
          if (i >= 0) {
            waiters.splice(i, 1);
            clearTimeout(t);
            reject(new Error(`the child exited before the expected message\nstdout:\n${stdout}\nstderr:\n${stderr}`));
          }
        });
      });
    },
    send(line) {
      proc.stdin!.write(`${line}\n`);
    },
    alive: () => !exited && proc.exitCode === null && proc.signalCode === null,
    kill(signal = "SIGKILL") {
      if (!exited) proc.kill(signal);
    },
  };
}

/** Runs a child to completion. */
export function runChild(opts: ChildOptions): Promise<ChildResult> {
  return spawnChild(opts).result;
}

/** Why a finished run is not crash-free (null when it is): exit code, signal, timeout, sanitizer output. */
export function crashReason(r: ChildResult, expectedCode = 0): string | null {
  const problems: string[] = [];
  if (r.timedOut) problems.push("timed out (killed)");
  if (r.signal) problems.push(`killed by ${r.signal}`);
  if (r.code !== expectedCode) problems.push(`exit code ${r.code}, expected ${expectedCode}`);
  for (const p of CRASH_PATTERNS) if (p.test(r.stderr)) problems.push(`stderr matches ${p}`);
  if (problems.length === 0) return null;
  return `${problems.join("; ")}\n--- stdout ---\n${r.stdout.slice(-4000)}\n--- stderr ---\n${r.stderr.slice(-8000)}`;
}

/** Throws unless the run exited with `expectedCode`, no signal, in time, with clean stderr. */
export function expectCrashFree(r: ChildResult, expectedCode = 0): void {
  const why = crashReason(r, expectedCode);
  if (why) throw new Error(`child was not crash-free: ${why}`);
}

/** The last JSON message whose `type` is `type` (fixtures end with `{type: "done", ...}`). */
export function lastMessage(r: ChildResult, type = "done"): Record<string, unknown> {
  const m = [...r.messages].reverse().find((x) => x.type === type);
  if (!m) throw new Error(`no "${type}" message from the child\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`);
  return m;
}

/** Open descriptors of a process (Linux /proc). */
export function countFds(pid: number | "self" = "self"): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** The descriptors of a process with what they point at (for failure messages). */
export function listFds(pid: number | "self" = "self"): string[] {
  const dir = `/proc/${pid}/fd`;
  return readdirSync(dir).map((fd) => {
    try {
      return `${fd} -> ${readlinkSync(join(dir, fd))}`;
    } catch {
      return fd;
    }
  });
}

/** USER_HZ, the unit of /proc/<pid>/stat times: fixed at 100 by the Linux ABI. */
export function clockTicksPerSecond(): number {
  return 100;
}

/** CPU time (user + system) a process has used so far, in seconds. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name, which is in parentheses and may hold spaces.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / clockTicksPerSecond();
}

/** The fraction of one core a process used over `ms` of wall time. */
export async function cpuShare(pid: number, ms: number): Promise<number> {
  const c0 = cpuSeconds(pid);
  const t0 = process.hrtime.bigint();
  await new Promise((r) => setTimeout(r, ms));
  const c1 = cpuSeconds(pid);
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  return (c1 - c0) / wall;
}
