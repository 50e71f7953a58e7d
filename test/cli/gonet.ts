// Runs the `gonet` command the way a user does: bin/gonet.js in its own
// process (through the package's bin entry), optionally wrapped in a prefix
// such as `ip netns exec` or `setpriv` to change network or user.

import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT, type RunningChild, budget, spawnChild } from "../helpers/child.js";

export const BIN = join(REPO_ROOT, "bin", "gonet.js");
export const haveDist = existsSync(join(REPO_ROOT, "dist", "cli", "main.js"));

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface GonetOptions {
  prefix?: string[];
  timeoutMs?: number;
  stdin?: string;
}

/** `gonet ...args` to completion. */
export async function gonet(args: string[], o: GonetOptions = {}): Promise<Run> {
  const r = await startGonet(args, o).result;
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
}

/** `gonet ...args`, still running (for Ctrl-C, servers and peers). */
export function startGonet(args: string[], o: GonetOptions = {}): RunningChild {
  return spawnChild({ script: BIN, args, prefix: o.prefix, timeoutMs: o.timeoutMs ?? budget(30_000), stdin: o.stdin });
}

/** Another program (a peer such as iputils ping or socat) to completion. */
export function runTool(cmd: string[], timeoutMs = 30_000): Run {
  const r = spawnSync(cmd[0], cmd.slice(1), { encoding: "utf8", timeout: timeoutMs });
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/** Whether a program is on PATH. */
export function have(cmd: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;
}

/** Runs as uid/gid 65534 (nobody) with no supplementary groups and no capabilities. */
export const AS_NOBODY = ["setpriv", "--reuid", "65534", "--regid", "65534", "--clear-groups", "--inh-caps=-all"];

/** Resolves once the child's stdout (or stderr) matches `re` (all of it so far); rejects after `ms` or on exit. */
export function waitForOutput(child: RunningChild, re: RegExp, ms = budget(10_000), stream: "stdout" | "stderr" = "stdout"): Promise<string> {
  let seen = "";
  const out = child.proc[stream]!;
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => fail(`no output matching ${re} within ${ms} ms`), ms);
    const onData = (chunk: Buffer | string) => {
      seen += chunk.toString();
      if (re.test(seen)) finish();
    };
    const finish = () => {
      clearTimeout(t);
      out.off("data", onData);
      resolve(seen);
    };
    const fail = (why: string) => {
      out.off("data", onData);
      reject(new Error(`${why}\n${stream} so far:\n${seen}`));
    };
    out.on("data", onData);
    void child.result.then((r) => {
      if (!re.test(seen)) {
        clearTimeout(t);
        fail(`exited (${r.code ?? r.signal}) before output matching ${re}\nstderr:\n${r.stderr}`);
      }
    });
  });
}

/** A TCP (and, likely, UDP) port free on 127.0.0.1 right now, for peers that cannot listen on port 0 and say which. */
export async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

/** Another program, still running (a peer); kill() it when done. */
export function startTool(cmd: string[]): ChildProcess {
  const child = spawn(cmd[0], cmd.slice(1), { stdio: ["pipe", "pipe", "pipe"] });
  child.stdin!.on("error", () => undefined);
  return child;
}

/** Waits until `port` on 127.0.0.1 accepts TCP connections (a peer that has started listening). */
export async function waitForTcp(port: number, ms = budget(10_000)): Promise<void> {
  const { connect } = await import("node:net");
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((r) => {
      const c = connect(port, "127.0.0.1", () => {
        c.destroy();
        r(true);
      });
      c.on("error", () => r(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`nothing listens on 127.0.0.1:${port} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
